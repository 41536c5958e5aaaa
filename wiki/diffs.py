"""Differences between two revisions' text, line by line with changed words marked.

The result is a list of rows a template can lay out side by side or inline.
Text is escaped here, so the row HTML is safe to show.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

CONTEXT_LINES = 2
WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Row:
    kind: str  # "equal", "change", "insert", "delete" or "gap"
    old: str = ""
    new: str = ""
    old_number: int | None = None
    new_number: int | None = None


def diff_rows(old_text, new_text, context=CONTEXT_LINES):
    old_lines = _lines(old_text)
    new_lines = _lines(new_text)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(Row("gap"))
        for tag, i1, i2, j1, j2 in group:
            rows.extend(_rows_for(tag, old_lines, new_lines, i1, i2, j1, j2))
    return rows


def _rows_for(tag, old_lines, new_lines, i1, i2, j1, j2):
    if tag == "equal":
        for offset in range(i2 - i1):
            line = _safe(escape(old_lines[i1 + offset]))
            yield Row("equal", line, line, i1 + offset + 1, j1 + offset + 1)
        return
    old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
    paired = min(len(old_part), len(new_part)) if tag == "replace" else 0
    for offset in range(paired):
        old_html, new_html = _word_diff(old_part[offset], new_part[offset])
        yield Row("change", old_html, new_html, i1 + offset + 1, j1 + offset + 1)
    for offset in range(paired, len(old_part)):
        yield Row("delete", old=_safe(escape(old_part[offset])), old_number=i1 + offset + 1)
    for offset in range(paired, len(new_part)):
        yield Row("insert", new=_safe(escape(new_part[offset])), new_number=j1 + offset + 1)


def _word_diff(old_line, new_line):
    old_words, new_words = WORDS.findall(old_line), WORDS.findall(new_line)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_words[i1:i2]))
        added = escape("".join(new_words[j1:j2]))
        if tag == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return _safe("".join(old_html)), _safe("".join(new_html))


def _lines(text):
    return (text or "").replace("\r\n", "\n").split("\n")


def _safe(html):
    return mark_safe(html)  # noqa: S308 (every piece was escaped above)
