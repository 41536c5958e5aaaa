"""How an example plays its trope (PlayedAs): the word shown before its text, the trope
page's filter, and the word an imported example starts with."""

import re

from django.utils.html import format_html
from django.utils.safestring import SafeString

from tropes.models import PlayedAs

# The values `?played=` is kept for on a trope page (wiki.kept_pages), with their labels.
FILTERS = dict(PlayedAs.choices)

_LETTERS = re.compile(r"[^a-z]")
# Each way written with letters alone, so "Zig-Zagged", "zigzagged" and "Zig Zagged" agree.
_BY_LETTERS = {_LETTERS.sub("", label.lower()): value for value, label in PlayedAs.choices}
_BY_LETTERS["playedstraight"] = PlayedAs.STRAIGHT
# A leading word, perhaps in bold or italics ("''Subverted'':" in the old site's markup,
# "*Averted.*"), then a colon or a full stop: "Subverted: …", "Double Subverted. …".
_LEADING = re.compile(r"\s*(['*_]*)([A-Za-z][A-Za-z -]{2,24}?)(['*_]*)\s*[:.](['*_]*)\s*")


def note(played: str) -> SafeString:
    """The italic word before an example's text; nothing when it plays its trope straight."""
    if not played or played == PlayedAs.STRAIGHT:
        return SafeString("")
    return format_html('<em class="played">{}.</em> ', PlayedAs(played).label)


def shown_text(text: str, played: str | None) -> str:
    """The text with how it plays its trope before it, as Markdown: what a diff of two
    revisions or a held change compares, so that a change of either shows."""
    if not text or not played or played == PlayedAs.STRAIGHT:
        return text
    return f"*{PlayedAs(played).label}.* {text}"


def from_text(text: str) -> tuple[str, str]:
    """(how the example plays its trope, its text without the word saying so), for an
    imported text starting with "Subverted:", "Averted." and the like (any case); (straight,
    text) for any other."""
    found = _LEADING.match(text)
    if found is None:
        return PlayedAs.STRAIGHT, text
    opening, word, before, after = found.groups()
    # Emphasis closed once, before or after the colon, as it was opened; or none at all.
    balanced = (before, after) in ((opening, ""), ("", opening)) if opening else not before + after
    played = _BY_LETTERS.get(_LETTERS.sub("", word.lower()))
    rest = text[found.end() :]
    if played is None or not balanced or not rest:  # a text that is only the word is kept
        return PlayedAs.STRAIGHT, text
    return played, rest
