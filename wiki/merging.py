"""Three-way merges of edits that started from the same revision.

Two editors open revision B; one saves T ("theirs") first. When the other saves
M ("mine"), each field is merged against B: a side that left a field alone takes
the other side's version; multi-line fields merge line by line, and a conflict
is reported only where both changed the same lines differently.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import merge3

from wiki import diffs

# A model's field values by name, of whatever types its fields hold.
FieldValues = Mapping[str, Any]


@dataclass
class Merge:
    values: dict[str, Any]
    conflicts: list[str] = field(default_factory=list)  # the fields both sides changed

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_text(base: str, theirs: str, mine: str) -> tuple[str, bool]:
    """(merged text, True if it merged cleanly) for a line-based three-way merge."""
    if theirs == mine or mine == base:
        return theirs, True
    if theirs == base:
        return mine, True
    # merge3 calls this as it calls difflib.SequenceMatcher; its hint asks for a class meeting
    # a protocol that not even difflib's own matcher meets.
    merger = merge3.Merge3(
        _lines(base),
        _lines(theirs),
        _lines(mine),
        sequence_matcher=_bounded_matcher,  # type: ignore[arg-type]
    )
    merged: list[str] = []
    for group in merger.merge_groups():
        kind, lines = group[0], group[1:]
        if kind == "conflict":
            return mine, False
        merged.extend(lines[0])
    return "".join(merged), True


def merge_values(
    base: FieldValues, theirs: FieldValues, mine: FieldValues, multiline: Collection[str] = ()
) -> Merge:
    """Merge dicts of field values; fields in `multiline` merge line by line."""
    merged = Merge(values={})
    for name, my_value in mine.items():
        base_value, their_value = base.get(name), theirs.get(name)
        value: object
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


def _bounded_matcher(
    isjunk: Callable[[str], bool] | None, a: Sequence[str], b: Sequence[str]
) -> diffs.BoundedMatcher:
    """Matching with a bounded cost: past its budget, the rest counts as changed (a conflict)."""
    return diffs.BoundedMatcher(a, b, diffs.Budget())


def _lines(text: str) -> list[str]:
    # Normalise line endings: browsers post CRLF, stored text may hold LF.
    return text.replace("\r\n", "\n").splitlines(keepends=True)
