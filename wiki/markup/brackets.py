"""Finding where a `[[...]]` construct ends, with markdown-it's own tokenizer as the guide.

Each scan steps over whole inline tokens with `skipToken`, so a `]]` inside a code span,
a wiki link or a nested spoiler does not end the outer construct. `skipToken` memoises
every position it has looked at and stops looking deeper than `maxNesting`, which keeps a
pile of unclosed openers (`[[spoiler:` five thousand times) linear rather than quadratic and
out of Python's recursion limit.
"""

from markdown_it.rules_inline import StateInline


def find_closing_brackets(state: StateInline, start: int) -> int:
    """Index of the `]]` that closes a `[[` whose content starts at `start`, or -1.

    Single brackets written as text inside (`[[spoiler:a [b]]]`) must be balanced before a
    `]]` counts as the close.
    """
    src, end = state.src, state.posMax
    saved, found, depth = state.pos, -1, 0
    state.pos = start
    while state.pos < end:
        char = src[state.pos]
        if char == "]":
            if depth:
                depth -= 1
            elif state.pos + 1 < end and src[state.pos + 1] == "]":
                found = state.pos
                break
            state.pos += 1
            continue
        before = state.pos
        state.md.inline.skipToken(state)
        if char == "[" and state.pos == before + 1:
            depth += 1
    state.pos = saved
    return found


def find_closing_tag(state: StateInline, start: int, tag: str) -> int:
    """Index of `tag` (a lower-case `[[/name]]`) closing content that starts at `start`, or -1."""
    src, end, size = state.src, state.posMax, len(tag)
    saved, found = state.pos, -1
    state.pos = start
    while state.pos < end:
        if (
            src[state.pos] == "["
            and state.pos + size <= end
            and src[state.pos : state.pos + size].lower() == tag
        ):
            found = state.pos
            break
        state.md.inline.skipToken(state)
    state.pos = saved
    return found


def tokenize_between(state: StateInline, start: int, end: int) -> None:
    """Tokenize src[start:end] as inline content of the token just pushed."""
    saved_max = state.posMax
    state.pos, state.posMax = start, end
    state.md.inline.tokenize(state)
    state.posMax = saved_max
