"""Three-way merges of edits that started from the same revision.

Two editors open revision B; one saves T ("theirs") first. When the other saves
M ("mine"), each field is merged against B: a side that left a field alone takes
the other side's version; multi-line fields merge line by line, and a conflict
is reported only where both changed the same lines differently.
"""

from dataclasses import dataclass, field

import merge3

from wiki import diffs


@dataclass
class Merge:
    values: dict
    conflicts: list = field(default_factory=list)

    @property
    def clean(self):
        return not self.conflicts


def merge_text(base, theirs, mine):
    """(merged text, True if it merged cleanly) for a line-based three-way merge."""
    if theirs == mine or mine == base:
        return theirs, True
    if theirs == base:
        return mine, True
    merger = merge3.Merge3(_lines(base), _lines(theirs), _lines(mine),
                           sequence_matcher=_bounded_matcher)
    merged = []
    for group in merger.merge_groups():
        kind, lines = group[0], group[1:]
        if kind == "conflict":
            return mine, False
        merged.extend(lines[0])
    return "".join(merged), True


def merge_values(base, theirs, mine, multiline=()):
    """Merge dicts of field values; fields in `multiline` merge line by line."""
    merged = Merge(values={})
    for name, my_value in mine.items():
        base_value, their_value = base.get(name), theirs.get(name)
        if name in multiline:
            value, ok = merge_text(base_value or "", their_value or "", my_value or "")
        elif my_value in (base_value, their_value):
            value, ok = their_value, True
        else:
            value, ok = my_value, their_value == base_value
        merged.values[name] = value
        if not ok:
            merged.conflicts.append(name)
    return merged


def _bounded_matcher(isjunk, a, b):
    """Matching with a bounded cost: past its budget, the rest counts as changed (a conflict)."""
    return diffs.BoundedMatcher(a, b, diffs.Budget())


def _lines(text):
    # Normalise line endings: browsers post CRLF, stored text may hold LF.
    return text.replace("\r\n", "\n").splitlines(keepends=True)
