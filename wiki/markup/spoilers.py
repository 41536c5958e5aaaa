"""Inline wiki syntax that hides text: `[[spoiler:...]]`, `[[note]]...[[/note]]` and
`[[labelnote:Label]]...[[/labelnote]]`. Their content is ordinary inline markup."""

import re

from markdown_it.rules_inline import StateInline

from .brackets import find_closing_brackets, find_closing_tag, tokenize_between

_SPOILER_OPEN = re.compile(r"\[\[spoiler:", re.IGNORECASE)
_NOTE_OPEN = re.compile(r"\[\[note\]\]", re.IGNORECASE)
_LABELNOTE_OPEN = re.compile(r"\[\[labelnote:([^\[\]\n]{1,200})\]\]", re.IGNORECASE)
NOTE_CLOSE = "[[/note]]"
LABELNOTE_CLOSE = "[[/labelnote]]"


def spoiler_rule(state: StateInline, silent: bool) -> bool:
    """`[[spoiler:text]]`; without its closing `]]` it stays text."""
    if not state.src.startswith("[[", state.pos):
        return False
    opener = _SPOILER_OPEN.match(state.src, state.pos, state.posMax)
    if not opener:
        return False
    start = opener.end()
    end = find_closing_brackets(state, start)
    if end <= start:  # unclosed, or nothing to hide
        return False
    if not silent:
        state.push("spoiler_open", "span", 1)
        tokenize_between(state, start, end)
        state.push("spoiler_close", "span", -1)
    state.pos = end + 2
    return True


def note_rule(state: StateInline, silent: bool) -> bool:
    """`[[note]]text[[/note]]` and `[[labelnote:Label]]text[[/labelnote]]`."""
    if not state.src.startswith("[[", state.pos):
        return False
    found = _match_note_opener(state)
    if found is None:
        return False
    label, close, opener = found
    start = opener.end()
    end = find_closing_tag(state, start, close)
    if end <= start:
        return False
    if not silent:
        token = state.push("note_open", "span", 1)
        token.meta = {"label": label}
        tokenize_between(state, start, end)
        state.push("note_close", "span", -1)
    state.pos = end + len(close)
    return True


def _match_note_opener(state: StateInline) -> tuple[str, str, re.Match[str]] | None:
    """The note's label, its closing tag and the opener's match, if one starts here."""
    opener = _NOTE_OPEN.match(state.src, state.pos, state.posMax)
    if opener:
        return "note", NOTE_CLOSE, opener
    opener = _LABELNOTE_OPEN.match(state.src, state.pos, state.posMax)
    if opener and opener.group(1).strip():
        return opener.group(1).strip(), LABELNOTE_CLOSE, opener
    return None
