"""Work on many pages done once, after the transaction commits.

A cascade (a work deleted with its two thousand examples) sends a signal per row; the pages
those rows showed on need touching and reindexing once each, not once a row. Ids named
in a transaction that is rolled back wait for the next commit: their pages get a needless
new stamp or index entry, never a stale one.
"""

import threading

from django.db import transaction

_pending = threading.local()


def once(action, ids):
    """Run `action(ids)` after the commit, once for all the ids it is given until then."""
    batches = _pending.__dict__.setdefault("batches", {})
    batches.setdefault(action, set()).update(ids)
    transaction.on_commit(lambda: _run(action))


def _run(action):
    ids = _pending.__dict__.get("batches", {}).pop(action, None)
    if ids:
        action(ids)
