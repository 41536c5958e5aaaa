"""Inline wiki syntax that hides text: `[[spoiler:...]]`, `[[note]]...[[/note]]` and
`[[labelnote:Label]]...[[/labelnote]]`. Their content is ordinary inline markup."""

import re

from .brackets import find_closing_brackets, find_closing_tag, tokenize_between

_SPOILER_OPEN = re.compile(r"\[\[spoiler:", re.IGNORECASE)
_NOTE_OPEN = re.compile(r"\[\[note\]\]", re.IGNORECASE)
_LABELNOTE_OPEN = re.compile(r"\[\[labelnote:([^\[\]\n]{1,200})\]\]", re.IGNORECASE)
NOTE_CLOSE = "[[/note]]"
LABELNOTE_CLOSE = "[[/labelnote]]"


def spoiler_rule(state, silent):
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


def note_rule(state, silent):
    """`[[note]]text[[/note]]` and `[[labelnote:Label]]text[[/labelnote]]`."""
    if not state.src.startswith("[[", state.pos):
        return False
    label, close, opener = _match_note_opener(state)
    if not opener:
        return False
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


def _match_note_opener(state):
    opener = _NOTE_OPEN.match(state.src, state.pos, state.posMax)
    if opener:
        return "note", NOTE_CLOSE, opener
    opener = _LABELNOTE_OPEN.match(state.src, state.pos, state.posMax)
    if opener and opener.group(1).strip():
        return opener.group(1).strip(), LABELNOTE_CLOSE, opener
    return None, None, None
