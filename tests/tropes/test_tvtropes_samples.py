"""The converter on real page sources and on garbage: it never fails, never loses a word
and never shows a spoiler.

The real sources live beside the repository (`../shared/data/tvtropes-markup/`, licensed
CC BY-NC-SA, never copied here); without them those tests are skipped. The fuzzing is a
seeded loop, so a failure is found again by its seed.
"""

import random
import re
from pathlib import Path

import pytest

from tropes.tvtropes import convert
from tropes.tvtropes.markdown import WORD_JOINER
from wiki import markup

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared/data/tvtropes-markup"
SOURCES = sorted(SAMPLES.glob("*.tvt")) if SAMPLES.is_dir() else []
needs_samples = pytest.mark.skipif(not SOURCES, reason=f"{SAMPLES} is absent")

# The names of constructs: syntax, not text.
KEYWORDS = {
    "spoiler", "note", "labelnote", "folder", "foldercontrol", "index", "quoteright",
    "caption", "width", "right", "ac", "strike", "center", "rtl", "indent", "redirect",
}  # fmt: skip
_WORD = re.compile(r"[^\W_]+")
_COMMENT = re.compile(r"%%.*$", re.MULTILINE)
_CAPTION_WIDTH = re.compile(r"caption-width-\w+:\d+:", re.IGNORECASE)  # syntax: a width
# A table's options (`||align=center width=75%`): styling our tables do not take.
_TABLE_OPTIONS = re.compile(r"^\s*\|\|(?:\s*[A-Za-z-]+=[A-Za-z0-9#%.-]+)+\s*$", re.MULTILINE)
_ESCAPE = re.compile(r"\[=.*?=\]")
_SPOILER = re.compile(r"\[\[spoiler:((?:(?!\[\[|\]\]).)*)\]\]", re.IGNORECASE)


def words(text):
    return {word.lower() for word in _WORD.findall(text)} - KEYWORDS


def lost_words(source):
    """The source's words that appear nowhere in what the conversion gives."""
    text, report = convert(source)
    image = report.image
    found = (
        " ".join(
            [text, report.caption, report.quote, report.quote_attribution, report.redirect]
            + ([image.url, image.link, str(image.width)] if image else [])
        )
        .replace(WORD_JOINER, "")
        .lower()
    )
    squeezed = re.sub(r"\s+", "", found)
    written = words(_TABLE_OPTIONS.sub("", _CAPTION_WIDTH.sub("", source)))
    return {word for word in written if word not in found and word not in squeezed}


def all_html(source):
    text, report = convert(source)
    return "".join(markup.render(part) for part in (text, report.caption, report.quote))


def check_spoilers_hidden(source):
    """Words only ever written inside innermost spoilers are not in what readers see
    before revealing them."""
    text, report = convert(source)
    unescaped = _ESCAPE.sub(" ", source)  # what escapes hold is text, not spoilers
    hidden = {word for match in _SPOILER.finditer(unescaped) for word in words(match.group(1))}
    shown_in_source = words(_SPOILER.sub(" ", unescaped)) | words(" ".join(_ESCAPE.findall(source)))
    seen = words(" ".join(markup.plain_text(part) for part in (text, report.caption, report.quote)))
    assert (hidden - shown_in_source) & seen == set()


@needs_samples
@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
def test_each_sample_converts_without_losing_a_word(path):
    source = path.read_text(encoding="utf-8")
    assert lost_words(_COMMENT.sub("", source)) == set()


@needs_samples
@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
def test_each_sample_keeps_every_spoiler_a_spoiler(path):
    source = path.read_text(encoding="utf-8")
    assert all_html(source).count('class="spoiler"') == source.lower().count("[[spoiler:")
    check_spoilers_hidden(source)


@needs_samples
def test_the_samples_unknown_constructs_are_counted():
    unknown = {}
    for path in SOURCES:
        for name, count in convert(path.read_text(encoding="utf-8"))[1].unknown.items():
            unknown[name] = unknown.get(name, 0) + count
    assert unknown["[[noreallife]]"] >= 1


# Fuzzing ---------------------------------------------------------------------------------

PIECES = [
    "[[", "]]", "[[spoiler:", "[[note]]", "[[/note]]", "[[labelnote:Why]]", "[[/labelnote]]",
    "[[folder:", "[[folder]]", "[[/folder]]", "[[foldercontrol]]", "[[index]]", "[[/index]]",
    "{{", "}}", "|", "''", "'''", "'''''", "[=", "=]", "\\\\", "\n", "\n\n", "*", "**", "***",
    "+", "#", "->", "-->", "-->--", "!", "!!", "----", "@@", "[-", "-]", "[[AC:", "[[strike:",
    "[[center:", "[[quoteright:350:", "[[caption-width-right:350:", "[[redirect:",
    "https://example.org/a_b", "mailto:", "BigEater", "Film/", "Anime/MetallicRouge", "word",
    "Another", "x", " ", " ", ":", ".", "1.", "`", "<b>", "&amp;", "_", "~~", ">", "\r\n", "\t",
    "é", "ß", "\u2028", "日本", "[", "]", "(", ")", "\\", "||", "\n||", "||align=center",
]  # fmt: skip


def garbled(rng):
    size = rng.randrange(0, 60)
    return "".join(rng.choice(PIECES) for _ in range(size))


def noise(rng):
    return "".join(
        chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000)]))
        for _ in range(rng.randrange(0, 200))
    )


@pytest.mark.parametrize("seed", range(40))
def test_garbled_markup_never_fails_nor_loses_a_word(seed):
    rng = random.Random(seed)
    for _ in range(25):
        source = garbled(rng)
        assert lost_words(source) == set(), source
        all_html(source)
        # The check's own reading of spoilers is a regular expression: it holds where no
        # escape, small text, table or monospace can hide or cut a `[[spoiler:…]]`.
        if not any(marker in source for marker in ("[=", "[-", "||", "@@")):
            check_spoilers_hidden(source)


@pytest.mark.parametrize("seed", range(10))
def test_random_characters_never_fail_nor_lose_a_word(seed):
    rng = random.Random(1000 + seed)
    for _ in range(20):
        source = noise(rng).replace("%%", "%")
        assert lost_words(source) == set(), source
        all_html(source)


def test_a_pile_of_unclosed_openers_is_read_in_linear_time():
    source = "[[spoiler:" * 5000 + "{{" * 5000 + "''" * 5000 + "[=" * 5000
    text, _ = convert(source)
    assert text.count("spoiler") == 5000
