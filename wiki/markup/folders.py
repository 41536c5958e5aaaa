"""Folders: a line `[[folder:Title]]`, any Markdown, then a line `[[/folder]]`.

They nest; one left open runs to the end of the document (or of the list item or quote it
was opened in).
"""

import re

from markdown_it.rules_block import StateBlock

_OPEN = re.compile(r"\[\[folder:(.*)\]\]\s*\Z", re.IGNORECASE)
_CLOSE = re.compile(r"\[\[/folder\]\]\s*\Z", re.IGNORECASE)
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)\Z")


def folder_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    start = state.bMarks[start_line] + state.tShift[start_line]
    # Cheap first check: this runs on every line that might interrupt a paragraph.
    if not state.src.startswith("[[", start) or _is_code(state, start_line):
        return False
    opener = _OPEN.match(_line_text(state, start_line))
    if not opener or not opener.group(1).strip():
        return False
    if silent:
        return True

    close_line, closed = _find_close(state, start_line, end_line)
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "folder"
    # Content may not run past the closing line, even as a lazy paragraph continuation.
    state.lineMax = close_line

    token = state.push("folder_open", "details", 1)
    token.block, token.map = True, [start_line, close_line]
    state.push("summary_open", "summary", 1).block = True
    title = state.push("inline", "", 0)
    title.content, title.children = opener.group(1).strip(), []
    title.map = [start_line, start_line + 1]
    state.push("summary_close", "summary", -1).block = True
    state.md.block.tokenize(state, start_line + 1, close_line)
    state.push("folder_close", "details", -1).block = True

    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = close_line + 1 if closed else close_line
    return True


def _find_close(state: StateBlock, start_line: int, end_line: int) -> tuple[int, bool]:
    """The line of the matching `[[/folder]]` and True, or where the folder must end and False."""
    depth, line, fence = 1, start_line + 1, None
    while line < end_line:
        start = state.bMarks[line] + state.tShift[line]
        if start < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            break  # a line outdented past the enclosing block ends it
        text = "" if _is_code(state, line) else _line_text(state, line)
        fence_match = _FENCE.match(text)
        if fence_match:
            fence = _next_fence_state(fence, fence_match)
        elif not fence:  # markers shown inside a code example are not markers
            if _OPEN.match(text):
                depth += 1
            elif _CLOSE.match(text):
                depth -= 1
                if depth == 0:
                    return line, True
        line += 1
    return line, False


def _next_fence_state(fence: str | None, match: re.Match[str]) -> str | None:
    """The open code fence after a fence line: None once it closes the one that is open."""
    marker, rest = match.group(1), match.group(2)
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip()
    return None if closes else fence


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _is_code(state: StateBlock, line: int) -> bool:
    return state.sCount[line] - state.blkIndent >= 4
