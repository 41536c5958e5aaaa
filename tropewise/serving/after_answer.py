"""Bookkeeping a request leaves until its answer has gone, which nobody waits for.

The server closes an answer once its last byte is written, and Django then sends
`request_finished`: what `later` was given while the request was answered runs there, in the
same thread, each action once with every item given to it meanwhile. Outside a request (a
command, a service called by a test or a shell) it runs at once. It must be work whose delay
changes nothing a reader can see: if it never runs (a worker killed after answering),
something else must put it right.
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")

_local = threading.local()  # .batches: {action: [items]} while a request is answered


def later(action: Callable[[list[T]], object], item: T) -> None:
    """Run `action(items)` once the answer has gone, `item` among the items."""
    batches: dict[Callable[[list[Any]], object], list[Any]] | None = getattr(
        _local, "batches", None
    )
    if batches is None:
        action([item])
    else:
        batches.setdefault(action, []).append(item)


def _started(**kwargs: object) -> None:
    _local.batches = {}


def _finished(**kwargs: object) -> None:
    batches = getattr(_local, "batches", None) or {}
    _local.batches = None
    for action, items in batches.items():
        action(items)


def connect() -> None:
    request_started.connect(_started, dispatch_uid="tropewise.serving.after_answer.started")
    request_finished.connect(_finished, dispatch_uid="tropewise.serving.after_answer.finished")
