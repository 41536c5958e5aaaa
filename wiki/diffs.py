"""Differences between two revisions' text, line by line with changed words marked.

The result is a list of rows a template can lay out side by side or inline.
Text is escaped here, so the row HTML is safe to show.

Anyone may open a diff, so its cost is bounded whatever the texts: matching uses Myers'
algorithm with a budget of steps shared by the lines and the words of one diff; once it is
spent, what is left shows as whole lines removed and added. Results are cached by content.
"""

import difflib
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONTEXT_LINES = 2
WORDS = re.compile(r"\s+|\w+|[^\w\s]")
# Steps one diff may take (a few tenths of a second), and the longest line whose words are
# compared: beyond either, changed lines are shown whole.
STEP_BUDGET = 400_000
MAX_WORD_DIFF_TOKENS = 2_000
CACHE_VERSION = 1  # bump when the rows change shape
CACHE_SECONDS = 24 * 60 * 60


class Budget:
    """The steps a diff may still take; its line and word matching draw on the same one."""

    def __init__(self, steps: int = STEP_BUDGET) -> None:
        self.left = steps

    def spend(self, steps: int) -> bool:
        """Take `steps` if there are that many left; False (and nothing taken) otherwise."""
        if steps > self.left:
            return False
        self.left -= steps
        return True


class BoundedMatcher(difflib.SequenceMatcher[str]):
    """difflib's SequenceMatcher interface with matching blocks from Myers' algorithm.

    Common leading and trailing items are matched first at no cost; the rest costs at most
    the budget, and counts as all changed when the budget runs out.
    """

    # difflib's own attributes, which its type stubs leave out.
    a: Sequence[str]
    b: Sequence[str]
    matching_blocks: list[difflib.Match] | None

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: Budget) -> None:
        # difflib's own __init__ is not called: it indexes every item of `b` for its own
        # matcher, which get_matching_blocks below replaces.
        self.a, self.b, self.budget = a, b, budget
        self.matching_blocks = self.opcodes = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self.matching_blocks is None:
            self.matching_blocks = _matching_blocks(self.a, self.b, self.budget)
        return self.matching_blocks


@dataclass
class Row:
    kind: str  # "equal", "change", "insert", "delete" or "gap"
    old: str = ""
    new: str = ""
    old_number: int | None = None
    new_number: int | None = None


def diff_rows(
    old_text: str | None, new_text: str | None, context: int = CONTEXT_LINES
) -> list[Row]:
    """The rows showing how `new_text` differs from `old_text`, cached by their content."""
    key = _cache_key(old_text or "", new_text or "", context)
    rows: list[Row] | None = cache.get(key)
    if rows is None:
        rows = compute_rows(old_text, new_text, context)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def compute_rows(
    old_text: str | None, new_text: str | None, context: int = CONTEXT_LINES
) -> list[Row]:
    old_lines = _lines(old_text)
    new_lines = _lines(new_text)
    budget = Budget()
    matcher = BoundedMatcher(old_lines, new_lines, budget)
    rows: list[Row] = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(Row("gap"))
        for tag, i1, i2, j1, j2 in group:
            rows.extend(_rows_for(tag, old_lines, new_lines, i1, i2, j1, j2, budget))
    return rows


def _cache_key(old_text: str, new_text: str, context: int) -> str:
    digest = hashlib.sha256()
    for text in (old_text, new_text):
        digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return f"diff:{CACHE_VERSION}:{context}:{digest.hexdigest()}"


def _matching_blocks(a: Sequence[str], b: Sequence[str], budget: Budget) -> list[difflib.Match]:
    """(i, j, size) triples as difflib gives them, ending with (len(a), len(b), 0)."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    a_end, b_end = len(a), len(b)
    while a_end > start and b_end > start and a[a_end - 1] == b[b_end - 1]:
        a_end, b_end = a_end - 1, b_end - 1
    middle = _myers(a[start:a_end], b[start:b_end], budget) or []
    blocks = [(start + i, start + j, size) for i, j, size in middle]
    if start:
        blocks.insert(0, (0, 0, start))
    if a_end < len(a):
        blocks.append((a_end, b_end, len(a) - a_end))
    blocks.append((len(a), len(b), 0))
    return [difflib.Match(*block) for block in blocks]


# (i, j, size): a[i:i + size] is b[j:j + size].
Block = tuple[int, int, int]


def _myers(a: Sequence[str], b: Sequence[str], budget: Budget) -> list[Block] | None:
    """Matching blocks of a shortest edit script, or None if it would exceed the budget.

    Round d finds, on each diagonal, the furthest point reachable with d edits (Myers,
    "An O(ND) difference algorithm", 1986). A round costs its diagonals plus the items it
    compares, paid from the budget as it goes.
    """
    n, m = len(a), len(b)
    if not n or not m:
        return []
    furthest: dict[int, int] = {1: 0}  # diagonal k: the furthest x reached on it
    trace: list[dict[int, int]] = []
    for d in range(n + m + 1):
        if not budget.spend(2 * d + 1):
            return None
        trace.append(dict(furthest))
        for k in range(-d, d + 1, 2):
            came_from = _came_from(furthest, k, d)
            x = start = furthest[came_from] + (came_from == k - 1)
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            if not budget.spend(x - start):
                return None
            furthest[k] = x
            if x >= n and y >= m:
                return _blocks_from_trace(trace, n, m)
    return None


def _came_from(furthest: dict[int, int], k: int, d: int) -> int:
    """The diagonal whose furthest point round d extends by one edit to reach diagonal k."""
    if k == -d or (k != d and furthest[k - 1] < furthest[k + 1]):
        return k + 1  # an insertion: one step down
    return k - 1  # a deletion: one step right


def _blocks_from_trace(trace: list[dict[int, int]], x: int, y: int) -> list[Block]:
    """Walk back from the end through each round's furthest points, collecting equal runs."""
    blocks = []
    for d in range(len(trace) - 1, -1, -1):
        k, run_start = x - y, 0
        if d:
            came_from = _came_from(trace[d], k, d)
            previous_x = trace[d][came_from]
            run_start = previous_x + (came_from == k - 1)
        if x > run_start:
            blocks.append((run_start, y - (x - run_start), x - run_start))
        if d:
            x, y = previous_x, previous_x - came_from
    return blocks[::-1]


def _rows_for(
    tag: str,
    old_lines: list[str],
    new_lines: list[str],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    budget: Budget,
) -> Iterator[Row]:
    if tag == "equal":
        for offset in range(i2 - i1):
            line = _safe(escape(old_lines[i1 + offset]))
            yield Row("equal", line, line, i1 + offset + 1, j1 + offset + 1)
        return
    old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
    paired = min(len(old_part), len(new_part)) if tag == "replace" else 0
    for offset in range(paired):
        old_html, new_html = _word_diff(old_part[offset], new_part[offset], budget)
        yield Row("change", old_html, new_html, i1 + offset + 1, j1 + offset + 1)
    for offset in range(paired, len(old_part)):
        yield Row("delete", old=_safe(escape(old_part[offset])), old_number=i1 + offset + 1)
    for offset in range(paired, len(new_part)):
        yield Row("insert", new=_safe(escape(new_part[offset])), new_number=j1 + offset + 1)


def _word_diff(old_line: str, new_line: str, budget: Budget) -> tuple[SafeString, SafeString]:
    old_words, new_words = WORDS.findall(old_line), WORDS.findall(new_line)
    if max(len(old_words), len(new_words)) > MAX_WORD_DIFF_TOKENS:
        old_words, new_words = [old_line], [new_line]  # the whole line changed
    matcher = BoundedMatcher(old_words, new_words, budget)
    old_html: list[str] = []
    new_html: list[str] = []
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


def _lines(text: str | None) -> list[str]:
    return (text or "").replace("\r\n", "\n").split("\n")


def _safe(html: str) -> SafeString:
    return mark_safe(html)
