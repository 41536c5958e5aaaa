"""Where escapes and double brackets begin and end on a line: found once, in one pass from
bracket to bracket, before the line is parsed, so nested constructs cost linear time."""

import re

_BRACKETS = re.compile(r"\[=|\[\[|\[-|-\]|\]\]")


def escape_spans(line: str) -> dict[int, int]:
    spans, i = {}, line.find("[=")
    while i >= 0:
        close = line.find("=]", i + 2)
        if close < 0:
            break
        spans[i] = close + 2
        i = line.find("[=", close + 2)
    return spans


def bracket_pairs(line: str, escapes: dict[int, int]) -> dict[int, int]:
    """Each `[[` that has a `]]`, mapped to it; escapes hold no brackets, and the `-]`
    closing small text (`[-…-]`) is not half of a `]]`."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    small, i = 0, 0
    # From one bracket to the next: a page is mostly text between them.
    while (found := _BRACKETS.search(line, i)) is not None:
        at, token = found.start(), found.group()
        i = at + 2
        if token == "[=":
            i = escapes.get(at, at + 1)
        elif token == "[[":
            opened.append(at)
        elif token == "[-":
            small += 1
        elif token == "-]" and small:
            small -= 1
        elif token == "]]" and opened:
            pairs[opened.pop()] = at
        else:
            i = at + 1
    return pairs
