"""MediaWiki wikitext converted to our markup, construct by construct, and as readers see it."""

import re
from pathlib import Path

import pytest

from tropes.mediawiki.namespaces import NamespaceMap
from tropes.mediawiki.titles import page_name
from tropes.mediawiki.wikitext import Converter
from wiki import markup

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared/data/tvtropes-markup"
NAMESPACES = {0: "", 1: "Talk", 2: "User", 6: "File", 14: "Category", 100: "Film"}


def convert(text):
    return Converter(NamespaceMap(NAMESPACES)).convert(text)


def md(text):
    return convert(text).markdown


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        ("[[Big Eater]]", "[[Main/BigEater|Big Eater]]"),
        ("[[Big Eater|eaters]]", "[[Main/BigEater|eaters]]"),
        ("[[Big Eater]]s", "[[Main/BigEater|Big Eater]]s"),
        ("[[big_eater#Examples]]", "[[Main/BigEater|big eater#Examples]]"),
        ("[[Film:Alien|the film]]", "[[Film/Alien|the film]]"),
        ("[[Chekhov's Gun]]", "[[Main/ChekhovsGun|Chekhov's Gun]]"),
        ("[[24 (TV series)]]", "[[Main/TwoFourTVSeries|24 (TV series)]]"),
        ("[[User:Bob|Bob]] said", "Bob said"),
        ("[[Talk:Big Eater]]", "Talk:Big Eater"),
        ("[[File:Cat.png|thumb|A cat]]", "A cat"),
        ("[http://example.org the site]", "[the site](http://example.org)"),
        ("see http://example.org", "see <http://example.org>"),
        ("''soft'' and '''hard''' and '''''both'''''", "*soft* and **hard** and ***both***"),
        ("'' spaced ''", "*spaced*"),
        ("== Examples ==\ntext", "## Examples\n\ntext"),
        ("=== Film ===", "### Film"),
        ("* one\n** two\n*** three", "- one\n  - two\n    - three"),
        ("# first\n# second", "1. first\n1. second"),
        ("; Term\n: Meaning", "**Term**\n> Meaning"),
        ("a<br>b", "a\\\nb"),
        ("<s>gone</s>", "~~gone~~"),
        ("<code>x*y</code>", "`x*y`"),
        ("<nowiki>[[not a link]]</nowiki>", "\\[\\[not a link\\]\\]"),
        ("a * b _c_", "a \\* b \\_c\\_"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("text<!-- hidden -->here", "texthere"),
        ("__NOTOC__Text", "Text"),
        ("----", "----"),
    ],
)
def test_each_construct_converts(wikitext, expected):
    assert md(wikitext) == expected


def test_spoilers_become_our_spoilers():
    assert md("He {{spoiler|dies in [[Big Eater|the end]]}}.") == (
        "He [[spoiler:dies in [[Main/BigEater|the end]]]]."
    )
    html = markup.render(md("He {{Spoiler|1=dies}}."))
    assert 'class="spoiler"' in html and "dies" in html


def test_quotes_become_block_quotes_with_their_attribution():
    assert md("{{quote|I eat.|Rouge|Metallic Rouge}}") == ("> I eat.\n>\n> — Rouge, Metallic Rouge")
    assert md("{{Quote|Alone.}}") == "> Alone."


def test_references_become_notes():
    converted = md("Fact.<ref>Said in [[Film:Alien]].</ref>\n<references />")
    assert converted == "Fact.[[note]]Said in [[Film/Alien|Film:Alien]].[[/note]]"
    assert 'class="note' in markup.render(converted)


def test_categories_are_taken_out_of_the_text():
    conversion = convert("Text.\n[[Category:Food Tropes|Big]]\n[[Category:Tropes]]")
    assert conversion.markdown == "Text."
    assert conversion.categories == ["Food Tropes", "Tropes"]
    assert convert("[[:Category:Tropes]]").markdown == "[[Category/Tropes|Category:Tropes]]"


def test_redirects_are_returned_with_a_visible_link():
    conversion = convert("#REDIRECT [[Big Eater#Anime]] {{R from alias}}")
    assert conversion.redirect == "Big Eater"
    assert conversion.markdown == "Redirect to [[Main/BigEater|Big Eater]]."
    assert convert("#redirect:[[Film:Alien]]").redirect == "Film:Alien"


def test_other_templates_stay_visible_and_are_counted():
    conversion = convert("{{Infobox|name=[[Big Eater]]}} and {{infobox}} and {{Stub}}")
    assert conversion.markdown == (
        "{{Infobox|name=[[Main/BigEater|Big Eater]]}} and {{infobox}} and {{Stub}}"
    )
    assert conversion.unknown_templates == {"infobox": 2, "stub": 1}


def test_tables_become_markdown_tables():
    converted = md('{| class="wikitable"\n! Name !! Year\n|-\n| Alien || 1979\n|}')
    assert converted == "| Name | Year |\n| --- | --- |\n| Alien | 1979 |"
    assert "<table>" in markup.render(converted)


def test_names_follow_our_wikiwords():
    assert page_name("Big Eater") == "BigEater"
    assert page_name("1984") == "OneNineEightFour"
    assert page_name("日本") == ""
    assert len(page_name("A " * 300)) == 100


def test_the_converted_page_renders_as_the_wiki_showed_it():
    html = markup.render(
        md("'''Big Eater''' is a trope.\n== Examples ==\n* [[Film:Alien]]: ''Kane'' eats.")
    )
    assert "<strong>Big Eater</strong>" in html
    assert "<h2>Examples</h2>" in html
    assert '<a href="/Film/Alien" class="wikilink">Film:Alien</a>' in html
    assert "<em>Kane</em>" in html


SAMPLE_FILES = sorted(SAMPLES.glob("*.tvt")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLE_FILES, reason="../shared/data/tvtropes-markup is absent")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_real_page_sources_convert_without_losing_words(path):
    """Real sources of another wiki's markup, read as wikitext: whatever MediaWiki makes of
    them, every word of the source is still there for readers."""
    source = path.read_text(encoding="utf-8")
    conversion = convert(source)
    shown = markup.plain_text(conversion.markdown) + " " + " ".join(conversion.categories)
    addresses = " ".join(
        url
        for pair in re.findall(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>", conversion.markdown)
        for url in pair
    )
    # A link shows its page's title, not its namespace: `Creator/Name` reads "Name".
    namespaces = " ".join(re.findall(r"\b([A-Z][A-Za-z]+)/[A-Z]", conversion.markdown))
    lost = _words(source) - _words(shown) - _words(addresses) - _words(namespaces)
    assert not lost, f"lost: {sorted(lost)[:20]}"


def _words(text):
    """Its words, a WikiWord counting as the words readers see ("Big Eater")."""
    split = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    return {word.lower() for word in re.findall(r"[^\W_]{3,}", split)}
