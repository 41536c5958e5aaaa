"""What every integrity check is: a scan in batches, and a repair for what a batch found."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Model, QuerySet

BATCH = 1000  # rows a batch reads, about: one query or a few, one transaction to repair
SAMPLES = 5  # problems of each check described to the operator


class Unavailable(Exception):
    """What a check compares cannot be read (a cache that does not answer): the check stops,
    and says so."""


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: `what` says it to an operator, `subject` is what the check's
    repair needs to find it again (an id, a key…)."""

    what: str
    subject: Any


@dataclass
class Batch:
    examined: int  # rows read
    problems: list[Problem]


class Check(ABC):
    """Something derived and stored, compared with what it is derived from."""

    name = ""  # what --check calls it
    description = ""  # what it compares, for the command's help

    def skipped(self) -> str | None:
        """Why the check has nothing to compare here, or None."""
        return None

    @abstractmethod
    def scan(self, size: int) -> Iterator[Batch]:
        """Read everything the check covers, about `size` rows a batch. The next batch is
        read after the previous one is repaired, so no batch reports what a repair fixed."""

    @abstractmethod
    def repair(self, problems: list[Problem]) -> None:
        """Put right what one batch found, inside a transaction. What changed meanwhile is
        read again under the locks normal writes take, so a repair derives from the source
        as it is now and never undoes a change made since the scan."""


@dataclass
class Outcome:
    """What running a check found, and what its repair did."""

    name: str
    examined: int = 0
    problems: int = 0
    repaired: int = 0
    seconds: float = 0.0
    samples: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # batches not repaired, a check stopped
    skipped: str | None = None

    @property
    def unrepaired(self) -> int:
        return self.problems - self.repaired

    @property
    def failed(self) -> bool:
        """Problems remain, or the check could not finish."""
        return bool(self.unrepaired or self.errors)


_checks: dict[str, Check] = {}


def register(check: Check) -> None:
    _checks[check.name] = check


def registered() -> dict[str, Check]:
    """Every check by name, the engine's first, in the order they were registered."""
    return dict(_checks)


def run(
    check: Check, *, repair: bool = False, size: int = BATCH, samples: int = SAMPLES
) -> Outcome:
    """Scan with `check`, repairing each batch in a transaction of its own if asked."""
    outcome = Outcome(check.name, skipped=check.skipped())
    if outcome.skipped:
        return outcome
    started = time.monotonic()
    try:
        _scan(check, outcome, repair, size, samples)
    except Unavailable as error:
        outcome.errors.append(str(error))
    outcome.seconds = time.monotonic() - started
    return outcome


def _scan(check: Check, outcome: Outcome, repair: bool, size: int, samples: int) -> None:
    for batch in check.scan(size):
        outcome.examined += batch.examined
        outcome.problems += len(batch.problems)
        room = max(samples - len(outcome.samples), 0)
        outcome.samples += [problem.what for problem in batch.problems[:room]]
        if repair and batch.problems:
            try:
                with transaction.atomic():
                    check.repair(batch.problems)
            except DatabaseError as error:
                # One batch that cannot be repaired (a lock timeout, say) leaves the rest
                # to repair; it is reported, and the exit status says so.
                outcome.errors.append(f"a batch could not be repaired: {str(error).strip()}")
            else:
                outcome.repaired += len(batch.problems)


def in_batches(rows: QuerySet[Any], size: int, key: str = "pk") -> Iterator[list[Any]]:
    """`rows` (models or values() dicts), `size` at a time in the order of unique `key`.

    By key rather than by offset: the last batch costs what the first does, and rows written
    or removed between batches (by a repair) shift nothing.
    """
    rows = rows.order_by(key)
    last = None
    while True:
        after = rows if last is None else rows.filter(**{f"{key}__gt": last})
        chunk = list(after[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][key] if isinstance(chunk[-1], dict) else _value(chunk[-1], key)


def _value(row: Model, key: str) -> Any:
    return row.pk if key == "pk" else getattr(row, key)
