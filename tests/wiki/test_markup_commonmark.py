"""Every CommonMark spec example renders as the spec says, except the ones we change on purpose.

The spec lives beside the repository (`../shared/data/commonmark/spec.json`); without it
these tests are skipped. HTML is compared after normalising both sides, so only differences
a reader could see count (attribute order, `<br />` against `<br>`, entity spelling and the
newlines between block tags do not).
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wiki.markup import render

SPEC = Path(__file__).resolve().parents[2].parent / "shared/data/commonmark/spec.json"
SKIPPED_SECTIONS = {"HTML blocks", "Raw HTML"}  # html=False: raw HTML is text by design

RAW_HTML = "raw HTML is shown as text, never passed through"
SCHEME = "only http, https and mailto URLs become links"
WIKILINK = "`[[...]]` is wiki syntax: a valid page title in double brackets is a wiki link"

# Examples whose output we change on purpose, by spec example number, with the reason.
DELIBERATE_CHANGES = {
    21: RAW_HTML,  # <a href="/bar\/)">
    31: RAW_HTML,  # <a href="&ouml;&ouml;.html">
    201: RAW_HTML,  # [foo]: <bar>(baz) keeps <bar> as a tag
    308: RAW_HTML,  # <!-- --> between two lists
    309: RAW_HTML,  # <!-- --> before indented code
    344: RAW_HTML,  # <a href="`">`
    475: RAW_HTML,  # *<img src="foo" title="*"/>
    476: RAW_HTML,  # **<a href="**">
    477: RAW_HTML,  # __<a href="__">
    491: RAW_HTML,  # [link](<foo\nbar>) keeps <foo\nbar> as a tag
    494: RAW_HTML,  # [a](<b>c) keeps <b> as a tag
    524: RAW_HTML,  # [foo <bar attr="](baz)">
    536: RAW_HTML,  # [foo <bar attr="][ref]">
    642: RAW_HTML,  # <a href="foo  \nbar">
    643: RAW_HTML,  # <a href="foo\ with a backslash line break
    548: WIKILINK,  # [[[foo]]] links to Main/Foo
    590: WIKILINK,  # ![[foo]] links to Main/Foo
    596: SCHEME,  # <irc://foo.bar:2233/baz>
    598: SCHEME,  # <a+b+c:d>
    599: SCHEME,  # <made-up-scheme://foo,bar>
    601: SCHEME,  # <localhost:5001/foo>
}


def load_examples():
    if not SPEC.exists():
        return []
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    return [example for example in examples if example["section"] not in SKIPPED_SECTIONS]


EXAMPLES = load_examples()
pytestmark = pytest.mark.skipif(not EXAMPLES, reason=f"{SPEC} is not here")

VOID_TAGS = {"br", "hr", "img", "input", "meta", "link"}
BLOCK_TAGS = (
    {"p", "div", "blockquote", "pre", "hr", "ul", "ol", "li", "details", "summary"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)


class Normaliser(HTMLParser):
    """A canonical string for an HTML fragment: what a browser would make of it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        kept = sorted((name, value or "") for name, value in attrs if name != "rel")
        self.parts.append(("start", tag, tuple(kept)))
        if tag in VOID_TAGS:
            self.parts.append(("end", tag))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.parts.append(("end", tag))

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.parts.append(("end", tag))

    def handle_data(self, data):
        if self.parts and self.parts[-1][0] == "text":
            data = self.parts.pop()[1] + data
        self.parts.append(("text", data))

    def result(self):
        """Drop whitespace-only text next to block tags: browsers ignore it too."""
        parts = self.parts
        kept = []
        for index, part in enumerate(parts):
            if part[0] == "text" and not part[1].strip():
                before = parts[index - 1] if index else None
                after = parts[index + 1] if index + 1 < len(parts) else None
                if _is_block(before) or _is_block(after) or before is None or after is None:
                    continue
            kept.append(part)
        return kept


def _is_block(part):
    return part is not None and part[0] in ("start", "end") and part[1] in BLOCK_TAGS


def normalise(html):
    parser = Normaliser()
    parser.feed(html)
    parser.close()
    return parser.result()


def test_normaliser_ignores_only_what_readers_cannot_see():
    assert normalise('<p><a href="/x" rel="nofollow">a&amp;b</a><br /></p>\n') == normalise(
        "<p><a href='/x'>a&#38;b</a><br></p>"
    )
    assert normalise("<p>a</p>") != normalise("<p>b</p>")
    assert normalise("<pre><code>a\n</code></pre>") != normalise("<pre><code>a</code></pre>")


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[f"example-{example['example']}" for example in EXAMPLES]
)
def test_spec_example(example):
    number = example["example"]
    rendered = normalise(render(example["markdown"]))
    expected = normalise(example["html"])
    if number in DELIBERATE_CHANGES:
        assert rendered != expected, f"no longer differs: {DELIBERATE_CHANGES[number]}"
    else:
        assert rendered == expected, example["markdown"]


def test_every_deliberate_change_is_a_real_example():
    numbers = {example["example"] for example in EXAMPLES}
    assert set(DELIBERATE_CHANGES) <= numbers
