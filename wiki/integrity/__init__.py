"""Checking what the wiki derives and keeps beside its pages against what it derives it from.

A page's links, its search entry and its stamp, an example's rating, the first revision of
everything with a history: the code that writes keeps each in step, in the same transaction.
A bulk write, a restore, an outage between two stores or a bug can still leave them apart. A
`Check` reads the wiki a batch at a time and says where they differ; asked to repair, it
derives them again from their source, in a transaction a batch, under the locks normal
writes take, and gives new stamps to the pages whose shown content it changed.

The engine's own checks are registered here; the apps built on it and the serving layer
register theirs when ready. `manage.py check_integrity` runs them.
"""

from wiki.integrity.checking import (
    BATCH,
    Batch,
    Check,
    Outcome,
    Problem,
    Unavailable,
    in_batches,
    register,
    registered,
    run,
)
from wiki.integrity.links import PageLinks
from wiki.integrity.revisions import Revisions
from wiki.integrity.search_entries import SearchEntries
from wiki.integrity.stamps import PageStamps

__all__ = [
    "BATCH",
    "Batch",
    "Check",
    "Outcome",
    "Problem",
    "Unavailable",
    "in_batches",
    "register",
    "registered",
    "run",
]

register(PageLinks())
register(SearchEntries())
register(PageStamps())
register(Revisions())
