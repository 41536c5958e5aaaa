"""Hostile markup of our own, much of it aimed at the wiki syntax itself.

Each case is (id, source, shown): `shown` is text readers must still see, escaped, in the
output (None where the point is only that nothing runs).
"""

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
DATA_HTML = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="

HOSTILE_CASES = [
    # Our syntax carrying HTML or scripts
    ("spoiler-with-img-onerror", f"[[spoiler:{IMG_ONERROR}]]", IMG_ONERROR),
    ("wikilink-to-javascript", "[[javascript:alert(1)|x]]", "[[javascript:alert(1)|x]]"),
    ("wikilink-label-script", f"[[Main/Foo|{SCRIPT}]]", SCRIPT),
    ("folder-title-script", f"[[folder:{SCRIPT}]]\nbody\n[[/folder]]", SCRIPT),
    ("labelnote-breaking-out", f'[[labelnote:">{IMG_ONERROR}]]x[[/labelnote]]', IMG_ONERROR),
    ("note-with-img-onerror", f"[[note]]{IMG_ONERROR}[[/note]]", IMG_ONERROR),
    ("wikilink-quote-in-target", '[[Foo" onclick="alert(1)]]', 'onclick="alert(1)'),
    ("wikilink-angle-target", "[[<script>]]", "[[<script>]]"),
    ("wikilink-dot-dot", "[[../../admin]]", "[[../../admin]]"),
    ("wikilink-two-slashes", "[[Main/Foo/Bar]]", "[[Main/Foo/Bar]]"),
    ("wikilink-percent-target", "[[Foo%22onclick]]", "[[Foo%22onclick]]"),
    ("wikilink-label-javascript-link", "[[Foo|[x](javascript:alert(1))]]", "javascript:alert(1)"),
    ("spoiler-javascript-link", "[[spoiler:[x](javascript:alert(1))]]", "javascript:alert(1)"),
    ("spoiler-raw-anchor", '[[spoiler:<a href="javascript:alert(1)">x</a>]]', "<a href="),
    # Markdown links and images with bad schemes
    ("link-javascript", "[x](javascript:alert(1))", "javascript:alert(1)"),
    ("link-mixed-case-javascript", "[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
    ("link-entity-tab", "[x](java&#x09;script:alert(1))", "alert(1)"),
    ("link-entity-colon", "[x](javascript&colon;alert(1))", "alert(1)"),
    (
        "link-numeric-entities",
        "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "alert(1)",
    ),
    ("link-leading-space", "[x]( javascript:alert(1))", "javascript:alert(1)"),
    ("link-angle-destination", "[x](<javascript:alert(1)>)", "javascript:alert(1)"),
    ("link-vbscript", "[x](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
    ("link-data", f"[x]({DATA_HTML})", DATA_HTML),
    ("link-file", "[x](file:///etc/passwd)", "file:///etc/passwd"),
    ("link-zero-width-in-scheme", "[x](java\u200bscript:alert(1))", "alert(1)"),
    ("link-fullwidth-letter-scheme", "[x](\uff4aavascript:alert(1))", "alert(1)"),
    ("link-null-in-scheme", "[x](java\x00script:alert(1))", "alert(1)"),
    ("link-backslash-host", "[x](/\\evil.example)", None),
    ("image-data-html", f"![x]({DATA_HTML})", DATA_HTML),
    ("image-data-svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "svg"),
    ("image-javascript", "![x](javascript:alert(1))", "javascript:alert(1)"),
    ("image-protocol-relative", "![x](//evil.example/x.png)", "x"),
    ("image-external", "![a cat](https://evil.example/cat.png)", "a cat"),
    # Raw HTML is text
    ("raw-anchor", '<a href="javascript:alert(1)">x</a>', '<a href="javascript:alert(1)">'),
    ("raw-script-block", SCRIPT, SCRIPT),
    ("raw-iframe", '<iframe src="javascript:alert(1)"></iframe>', "<iframe"),
    ("raw-svg-onload", "<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    ("raw-html-in-table", f"| a |\n|---|\n| {SCRIPT} |", SCRIPT),
    ("raw-html-in-heading", f"# {IMG_ONERROR}", IMG_ONERROR),
    ("entity-encoded-script", "&lt;script&gt;alert(1)&lt;/script&gt;", SCRIPT),
    ("code-span-script", f"`{SCRIPT}`", SCRIPT),
    ("fence-info-breaking-out", '```"><script>alert(1)</script>\nx\n```', "x"),
    # Autolinks and reference definitions
    ("autolink-javascript", "<javascript:alert(1)>", "<javascript:alert(1)>"),
    ("autolink-vbscript", "<vbscript:msgbox(1)>", "<vbscript:msgbox(1)>"),
    ("autolink-data", "<data:text/html,alert(1)>", "<data:text/html,alert(1)>"),
    ("autolink-file", "<file:///etc/passwd>", "<file:///etc/passwd>"),
    ("reference-javascript", "[x]\n\n[x]: javascript:alert(1)", "javascript:alert(1)"),
    ("reference-data-image", "![x]\n\n[x]: data:image/png;base64,AAAA", "data:image/png"),
    ("reference-title-quotes", '[x]\n\n[x]: /url "a\\" onmouseover=\\"alert(1)"', "x"),
    ("link-title-double-quotes", '[x](/url "\\" onmouseover=\\"alert(1)")', "x"),
    ("link-title-single-quotes", "[x](/url 'a\\' onclick=\\'alert(1)')", "x"),
    ("image-alt-quotes", '![" onerror="alert(1)](/media/x.png)', None),
    ("image-title-quotes", '![x](/media/x.png "\\" onerror=\\"alert(1)")', None),
    # Unicode tricks
    ("fullwidth-angle-brackets", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "alert(1)"),
    ("right-to-left-override", "[x](https://example.com/\u202egnp.exe)", "x"),
    ("homoglyph-wikilink", "[[\u0430dmin]]", None),  # Cyrillic a
]

# Inputs that would be slow (quadratic) or recurse without limit in a naive renderer.
NESTING_BOMBS = [
    ("unclosed-spoilers", "[[spoiler:" * 5000),
    ("closed-spoilers", "[[spoiler:" * 5000 + "x" + "]]" * 5000),
    ("unclosed-notes", "[[note]]" * 5000),
    ("unclosed-labelnotes", "[[labelnote:a]]" * 5000),
    ("closed-notes", "[[note]]" * 2000 + "x" + "[[/note]]" * 2000),
    ("unclosed-wikilinks", "[[Foo|" * 5000),
    ("open-brackets", "[" * 10000),
    ("balanced-brackets", "[" * 5000 + "]" * 5000),
    ("unclosed-folders", "[[folder:x]]\n" * 5000),
    ("closed-folders", "[[folder:x]]\n" * 2000 + "y\n" + "[[/folder]]\n" * 2000),
    ("stray-folder-ends", "[[/folder]]\n" * 5000),
    ("deep-quotes", "> " * 5000 + "x"),
    ("deep-lists", "".join("  " * depth + "- x\n" for depth in range(500))),
    ("emphasis-pile", "*a " * 5000),
    ("wikiwords-everywhere", "BigEater " * 5000),
    ("spoiler-then-brackets", "[[spoiler:" + "[x]" * 5000),
]
