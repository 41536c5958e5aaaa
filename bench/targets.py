"""The targets `make bench` prints beside its rows, and whether each is met.

Figures, never assertions: a target missed is printed as missed and the run goes on. Zero
errors is part of every target.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    text: str  # as printed: "≥ 0.25 × bare", "p50 ≤ 8 ms"
    key: str  # the row's figure it judges: ratio, p50_ms or p99_ms
    limit: float
    at_least: bool = False  # the figure must reach the limit rather than stay under it
    strictly: bool = False  # under the limit, not at it

    def met(self, row):
        value = row.get(self.key)
        if value is None or row.get("errors"):
            return False
        if self.at_least:
            return value >= self.limit
        return value < self.limit if self.strictly else value <= self.limit

    def judged(self, row):
        return {"target": self.text, "met": self.met(row)}


def share_of_bare(share):
    return Target(f"≥ {share:g} × bare", "ratio", share, at_least=True)


def p50_at_most(ms):
    return Target(f"p50 ≤ {ms:g} ms", "p50_ms", ms)


def p50_under(ms):
    return Target(f"p50 < {ms:g} ms", "p50_ms", ms, strictly=True)


def p99_at_most(ms):
    return Target(f"p99 ≤ {ms:g} ms", "p99_ms", ms)
