"""Moderation: changes held for review, what moderators do with them, and with members.

- `holding`: whether a change goes live or waits (`goes_live`, `save_or_hold`), keeping it
  while it waits, and the registry of kinds of held change;
- `review`: approving and rejecting held changes;
- `page_changes`: the engine's own kinds of held change, page edits and new pages;
- `trust`: new editors becoming trusted by themselves;
- `reports`: readers' reports, and how moderators close them;
- `rollback`: undoing what one member did since a moment.

The review queue's screens are in `wiki/admin.py`; a held change as its author sees it, in
`wiki/views/held.py`.
"""

from .holding import HELD, WAITING, Handler, goes_live, hold, register, save_or_hold
from .review import Conflict, NotPending, approve, merge_by_hand, reject, review_texts

__all__ = [
    "HELD",
    "WAITING",
    "Conflict",
    "Handler",
    "NotPending",
    "approve",
    "goes_live",
    "hold",
    "merge_by_hand",
    "register",
    "reject",
    "review_texts",
    "save_or_hold",
]
