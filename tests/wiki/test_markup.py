"""What each piece of Tropewise markup renders to, and the helpers built on the same parser."""

import pytest

from tests.helpers import python_calls
from wiki.markup import links, list_depth, mark_missing, plain_text, render, to_wikiword

SPOILER_OPEN = (
    '<span class="spoiler" tabindex="0" role="button" aria-pressed="false"'
    ' title="Spoiler: select to reveal"><span class="sr-only">Spoiler: </span>'
)


def wikilink(path, text):
    return f'<a href="/{path}" class="wikilink">{text}</a>'


def note(label, body):
    return (
        '<span class="note"><span class="note-label" tabindex="0" role="button"'
        f' aria-expanded="false">{label}</span><span class="note-body">{body}</span></span>'
    )


def inline(source):
    """The HTML of a one-paragraph source, without the paragraph."""
    html = render(source)
    assert html.startswith("<p>") and html.endswith("</p>\n"), html
    return html[3:-5]


# Wiki links


def test_wikilink_with_namespace_links_to_that_page():
    assert inline("[[Anime/MetallicRouge]]") == wikilink("Anime/MetallicRouge", "Metallic Rouge")


def test_wikilink_without_namespace_links_to_main():
    assert inline("[[BigEater]]") == wikilink("Main/BigEater", "Big Eater")


def test_wikilink_title_resolves_to_its_wikiword_and_shows_as_written():
    assert inline("[[Big Eater]]") == wikilink("Main/BigEater", "Big Eater")
    assert inline("[[Main/Big Eater]]") == wikilink("Main/BigEater", "Big Eater")
    assert inline("[[Chekhov's Gun]]") == wikilink("Main/ChekhovsGun", "Chekhov's Gun")
    assert inline("[[What Measure Is a Non-Human?]]") == wikilink(
        "Main/WhatMeasureIsANonHuman", "What Measure Is a Non-Human?"
    )


def test_wikilink_title_with_accents_links_to_the_plain_letters():
    assert inline("[[Pokémon]]") == wikilink("Main/Pokemon", "Pokémon")


def test_wikilink_label_replaces_the_shown_text_and_may_be_emphasised():
    assert inline("[[Anime/MetallicRouge|the *show*]]") == wikilink(
        "Anime/MetallicRouge", "the <em>show</em>"
    )


def test_wikilink_label_is_escaped():
    assert inline("[[BigEater|a < b & c]]") == wikilink("Main/BigEater", "a &lt; b &amp; c")


def test_wikilink_label_never_holds_another_link():
    html = inline("[[BigEater|see [x](https://example.org) and [[Anime/Foo]] or FooBar]]")
    assert html.count("<a ") == 1
    assert "[x](https://example.org)" in html and "[[Anime/Foo]]" in html


def test_lower_case_namespace_and_title_are_capitalised():
    assert inline("[[anime/metallic rouge]]") == wikilink("Anime/MetallicRouge", "metallic rouge")


def test_links_inside_a_markdown_link_label_are_not_nested():
    html = render("[see [[Main/Foo]]](https://example.org)")
    assert html.count("<a ") == 1


@pytest.mark.parametrize(
    "source",
    [
        "[[]]",
        "[[ ]]",
        "[[<b>x</b>]]",
        '[[Foo"Bar]]',
        "[[../Admin]]",
        "[[Main/Foo/Bar]]",
        "[[Foo*bar*]]",
        "[[2001]]",
        "[[Video Game/Foo]]",
        "[[Main/]]",
        "[[Star Wars: Rogue One]]",
        "[[note]]",
        "[[javascript:alert(1)|x]]",
    ],
)
def test_invalid_wikilink_target_is_shown_as_written(source):
    html = render(source)
    assert "<a" not in html
    assert "[[" in html


# Bare WikiWords


def test_bare_wikiword_links_to_main_and_is_split_into_words():
    assert inline("BigEater") == wikilink("Main/BigEater", "Big Eater")
    assert inline("McDonald") == wikilink("Main/McDonald", "Mc Donald")


def test_bare_namespaced_wikiword_links_to_that_namespace():
    assert inline("Anime/MetallicRouge") == wikilink("Anime/MetallicRouge", "Metallic Rouge")


def test_bare_wikiword_next_to_punctuation_still_links():
    html = inline("BigEater's friend, MyFistForgivesYou. (TheMole)")
    assert html.count('class="wikilink"') == 3


@pytest.mark.parametrize(
    "source",
    [
        "NASA",
        "AIIsACrapshoot",
        "iPhone",
        "xBigEater",
        "BigEATER",
        "Catch22",
        "Big_Eater",
        "`BigEater`",
        "```\nBigEater\n```",
        "    BigEater",
        "[BigEater](/x)",
        "<https://example.com/BigEater>",
        "https://example.com/BigEater",
        "https://example.com/?q=BigEater",
        "www.BigEater.com",
        "mailto:BigEater@example.com",
        "someone@BigEater.com",
        "&BigEater;",
        "![BigEater](/media/x.png)",
    ],
)
def test_bare_wikiword_is_not_linked_in_code_links_urls_or_glued_text(source):
    assert 'class="wikilink"' not in render(source)


# Spoilers


def test_spoiler_markup_is_exact():
    assert inline("[[spoiler:the butler]]") == SPOILER_OPEN + "the butler</span>"


def test_spoiler_holds_inline_markup_and_wiki_links():
    assert inline("[[spoiler:Rouge is really [[Main/TheMole]]]]") == (
        SPOILER_OPEN + "Rouge is really " + wikilink("Main/TheMole", "The Mole") + "</span>"
    )
    assert inline("[[spoiler:did it, with *style* and BigEater]]") == (
        SPOILER_OPEN
        + "did it, with <em>style</em> and "
        + wikilink("Main/BigEater", "Big Eater")
        + "</span>"
    )


def test_spoiler_may_span_a_line_break():
    assert inline("[[spoiler:line one\nline two]]") == SPOILER_OPEN + "line one\nline two</span>"


def test_spoiler_inside_emphasis_and_emphasis_inside_spoiler():
    assert inline("**x [[spoiler:y]] z**") == f"<strong>x {SPOILER_OPEN}y</span> z</strong>"
    # Like a link, a spoiler binds tighter than emphasis that straddles its edge.
    assert inline("*a [[spoiler:b* c]] d*") == f"<em>a {SPOILER_OPEN}b* c</span> d</em>"


def test_nested_spoilers_nest():
    assert inline("[[spoiler:a [[spoiler:b]] c]]") == (
        f"{SPOILER_OPEN}a {SPOILER_OPEN}b</span> c</span>"
    )


def test_spoiler_is_not_closed_by_brackets_in_code_or_text():
    assert inline("[[spoiler:x `]]` y]]") == f"{SPOILER_OPEN}x <code>]]</code> y</span>"
    assert inline("[[spoiler:a [b]]]") == f"{SPOILER_OPEN}a [b]</span>"


@pytest.mark.parametrize("source", ["[[spoiler:unclosed *and* more", "[[spoiler:]]"])
def test_unclosed_or_empty_spoiler_is_text(source):
    html = render(source)
    assert "spoiler" in html and "<span" not in html


def test_spoiler_keyword_ignores_case():
    assert inline("[[Spoiler:x]]") == SPOILER_OPEN + "x</span>"


# Notes


def test_note_markup_is_exact_and_holds_inline_markup():
    assert inline("An aside[[note]]with *style*[[/note]].") == (
        "An aside" + note("note", "with <em>style</em>") + "."
    )


def test_labelnote_shows_its_label_escaped():
    html = inline('[[labelnote:"><b>Label]]text[[/labelnote]]')
    assert html == note('"&gt;&lt;b&gt;Label', "text")


def test_unclosed_note_is_text_not_a_link():
    assert inline("[[note]]never closed") == "[[note]]never closed"


def test_note_inside_spoiler():
    assert inline("[[spoiler:a[[note]]b[[/note]]]]") == f"{SPOILER_OPEN}a{note('note', 'b')}</span>"


# Folders


def test_folder_markup_is_exact():
    assert render("[[folder:Episode guide]]\nSome **text**.\n[[/folder]]") == (
        '<details class="folder"><summary>Episode guide</summary>\n'
        "<p>Some <strong>text</strong>.</p>\n</details>\n"
    )


def test_folders_nest_and_hold_any_markdown():
    html = render(
        "[[folder:Outer]]\n- item\n\n[[folder:Inner]]\n> quote\n[[/folder]]\n[[/folder]]\nafter"
    )
    assert html.count('<details class="folder">') == 2
    assert html.index("Inner") < html.index("<blockquote>") < html.index("</details>")
    assert html.endswith("</details>\n</details>\n<p>after</p>\n")


def test_unclosed_folder_runs_to_the_end():
    html = render("before\n[[folder:Open]]\none\n\ntwo")
    assert html == (
        '<p>before</p>\n<details class="folder"><summary>Open</summary>\n'
        "<p>one</p>\n<p>two</p>\n</details>\n"
    )


def test_folder_title_is_escaped_inline_text():
    html = render("[[folder:<b>Bold</b> *title*]]\nx\n[[/folder]]")
    assert "<summary>&lt;b&gt;Bold&lt;/b&gt; <em>title</em></summary>" in html


def test_folder_end_inside_a_code_example_does_not_close_the_folder():
    html = render("[[folder:How to]]\n```\n[[/folder]]\n```\n[[/folder]]\nafter")
    assert html == (
        '<details class="folder"><summary>How to</summary>\n'
        "<pre><code>[[/folder]]\n</code></pre>\n</details>\n<p>after</p>\n"
    )


def test_folder_markers_in_code_or_alone_are_text():
    assert "<details" not in render("    [[folder:x]]\n")
    assert "<details" not in render("```\n[[folder:x]]\n```")
    assert render("[[/folder]]") == "<p>[[/folder]]</p>\n"


# URLs, images and raw HTML


def test_external_links_get_rel_and_internal_links_do_not():
    assert inline("[a](https://example.org)") == (
        '<a href="https://example.org" rel="nofollow ugc noopener">a</a>'
    )
    assert inline("<mailto:me@example.org>") == (
        '<a href="mailto:me@example.org" rel="nofollow ugc noopener">mailto:me@example.org</a>'
    )
    assert inline("[a](/Main/BigEater)") == '<a href="/Main/BigEater">a</a>'
    assert inline("[a](#top) [b](page)") == '<a href="#top">a</a> <a href="page">b</a>'


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "[x](irc://example.org)",
        "<javascript:alert(1)>",
        "<irc://example.org/chan>",
        "[x]\n\n[x]: javascript:alert(1)",
        "![x](data:image/png;base64,AAAA)",
    ],
)
def test_other_schemes_make_no_link_or_image(source):
    html = render(source)
    assert "<a" not in html and "<img" not in html


def test_same_site_image_is_shown():
    assert inline('![A cat](/media/cat.png "Puss")') == (
        '<img src="/media/cat.png" alt="A cat" title="Puss">'
    )


@pytest.mark.parametrize("src", ["https://example.org/cat.png", "//example.org/cat.png"])
def test_image_from_another_site_becomes_a_link_to_it(src):
    assert inline(f"![A cat]({src})") == f'<a href="{src}" rel="nofollow ugc noopener">A cat</a>'


def test_image_from_another_site_inside_a_link_is_just_its_alt_text():
    assert inline("[![A cat](https://example.org/cat.png)](/Main/Cats)") == (
        '<a href="/Main/Cats">A cat</a>'
    )


def test_image_alt_text_leaves_spoilers_out():
    assert 'alt="The end"' in render("![The [[spoiler:butler did it]]end](/media/x.png)")


def test_raw_html_is_shown_as_text():
    assert render("<b>not bold</b>") == "<p>&lt;b&gt;not bold&lt;/b&gt;</p>\n"
    assert render("<div>\nblock\n</div>") == "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n"


def test_tables_align_with_classes_not_styles():
    html = render("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    assert '<th class="align-center">a</th>' in html and '<td class="align-right">2</td>' in html
    assert "style" not in html


def test_strikethrough_and_fenced_code_language():
    assert inline("~~gone~~") == "<s>gone</s>"
    assert render("```python\nx\n```") == '<pre><code class="language-python">x\n</code></pre>\n'


# links()


def test_links_lists_every_target_once_in_order_of_first_appearance():
    source = (
        "BigEater then [[Anime/MetallicRouge]], [[Main/big eater]] again, "
        "[[spoiler:a reveal about TheMole]] and [[Anime/metallicrouge|the show]]."
    )
    assert links(source) == ["Main/BigEater", "Anime/MetallicRouge", "Main/TheMole"]


def test_links_ignores_code_urls_and_invalid_targets():
    assert links("`BigEater` https://example.com/FooBar [[<nope>]] [[a/b/c]]") == []


def test_links_includes_folders_notes_and_tables():
    source = "[[folder:A]]\n[[note]]NoteLink[[/note]]\n\n| FooBar |\n|---|\n[[/folder]]"
    assert links(source) == ["Main/NoteLink", "Main/FooBar"]


# to_wikiword()


@pytest.mark.parametrize(
    "title, wikiword",
    [
        ("Big Eater", "BigEater"),
        ("Chekhov's Gun", "ChekhovsGun"),
        ("Chekhov’s Gun", "ChekhovsGun"),
        ("AI Is a Crapshoot", "AIIsACrapshoot"),
        ("What Measure Is a Non-Human?", "WhatMeasureIsANonHuman"),
        ("big eater", "BigEater"),
        ("  spaced   out  ", "SpacedOut"),
        ("BigEater", "BigEater"),
    ],
)
def test_to_wikiword(title, wikiword):
    assert to_wikiword(title) == wikiword


# mark_missing()


def test_mark_missing_makes_red_links_of_missing_pages_only():
    html = render("[[Big Eater]] and [[Anime/NoSuchShow]] and [[Anime/NoSuchShow|again]]")
    marked = mark_missing(html, {"anime/nosuchshow"})
    red = (
        '<a href="/Anime/NoSuchShow" class="wikilink redlink" title="This page does not exist yet">'
    )
    assert marked.count(red) == 2
    assert wikilink("Main/BigEater", "Big Eater") in marked


def test_mark_missing_leaves_html_alone_when_nothing_is_missing():
    html = render("[[Big Eater]]")
    assert mark_missing(html, set()) is html
    assert mark_missing(html, {"main/other"}) == html


# plain_text()


def test_plain_text_removes_spoilers_and_notes_and_collapses_whitespace():
    source = (
        "# Title\n\nRouge *fights* [[spoiler:and dies]] on Mars.[[note]]aside[[/note]]\n\n"
        "- BigEater\n- [[labelnote:why]]because[[/labelnote]]done"
    )
    assert plain_text(source) == "Title Rouge fights on Mars. Big Eater done"


def test_plain_text_keeps_folder_titles_and_content():
    assert plain_text("[[folder:Guide]]\nInside.\n[[/folder]]") == "Guide Inside."


def test_plain_text_truncates_on_a_word_boundary():
    text = plain_text("one two three four five six", limit=15)
    assert text == "one two three…"
    assert len(text) <= 15
    assert plain_text("one two", limit=15) == "one two"
    assert plain_text("abcdefghijklmnop", limit=5) == "abcd…"


# list_depth()


@pytest.mark.parametrize(
    "source, depth",
    [
        ("", 0),
        ("No list here.", 0),
        ("- one\n- two", 1),
        ("1. one\n2. two", 1),
        ("- one\n  - two", 2),
        ("- one\n  - two\n    - three", 3),
        ("- one\n\n- two\n  1. sub\n     - subsub\n- three", 3),
        ("> - quoted\n>   - nested", 2),
        ("[[folder:F]]\n- a\n  - b\n[[/folder]]", 2),
        ("```\n- not\n  - a list\n```", 0),
    ],
)
def test_list_depth(source, depth):
    assert list_depth(source) == depth


# The renderer as a whole


def test_render_is_memoised_and_deterministic():
    source = "Memo test BigEater [[spoiler:x]]"
    first = render(source)
    assert render(source) is first
    assert render.__wrapped__(source) == first


def sample_page(size=30_000):
    block = (
        "## Examples\n\n"
        "* BigEater: Naomi eats **a lot**, see [[Main/Big Eater]] and "
        "[[Anime/MetallicRouge|the show]].\n"
        "  * [[spoiler:Rouge is really [[Main/TheMole]]]], which *nobody* expected.\n"
        "    * An aside[[note]]about AIIsACrapshoot.[[/note]] and ~~struck~~ text.\n"
        "* [[labelnote:Trivia]]Some trivia with `code`.[[/labelnote]] <https://example.com>.\n\n"
        "[[folder:Episode guide {n}]]\n"
        "1. First episode: Rouge meets Naomi.\n"
        '2. Second: [an external link](https://example.org/FooBar "title").\n\n'
        "> A quote, with MyFistForgivesYou in it.\n\n"
        "| Episode | Rating |\n|:--|--:|\n| One | 5 |\n"
        "[[/folder]]\n\n"
    )
    blocks, length, n = [], 0, 0
    while length < size:
        blocks.append(block.format(n=n))
        length += len(blocks[-1])
        n += 1
    return "".join(blocks)


def test_a_30_kb_page_renders_with_work_in_proportion_to_its_size():
    source = sample_page(30_000)
    assert render.__wrapped__(source).count('<details class="folder">') > 10
    calls = python_calls(render.__wrapped__, source)
    # About ten function calls a character today, and half the page costs half the work.
    assert calls < 20 * len(source), f"{calls:,} calls"
    assert python_calls(render.__wrapped__, sample_page(15_000)) > calls / 2.2


def test_plain_text_can_mark_where_spoilers_were():
    source = "The butler [[spoiler:did it, with [[spoiler:a candlestick]]]] at dawn."
    assert plain_text(source, spoiler_mark="[spoiler]") == ("The butler [spoiler] at dawn.")
