"""Undoing everything one user did since a moment, where nobody has edited after them.

A rollback plans its steps first, so the moderator sees the list before it
runs. Each step adds a revision (a revert, a restore, a removal); no revision
is ever deleted, so a rollback can itself be undone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import ModeratorAction, User
from wiki import editing, revisions
from wiki.models import Page
from wiki.revisions import Revision

MAX_RECORDS = 200  # how far back one object's history is read to find the run to undo


@dataclass
class Step:
    label: str  # what changes: "Big Eater", "example Big Eater in Heat"
    url: str
    action: str  # what the step does, for the preview
    # Carries the step out as the moderator given; None when the rollback can do nothing.
    apply: Callable[[User], object] | None = None


Planner = Callable[[User, datetime], list[Step]]
_planners: list[Planner] = []


def register(planner: Planner) -> None:
    """Add a planner of the steps undoing a user's revisions kept outside pages (examples)."""
    _planners.append(planner)


def plan(user: User, since: datetime) -> list[Step]:
    return [step for planner in [_plan_pages, *_planners] for step in planner(user, since)]


def run(user: User, since: datetime, moderator: User) -> int:
    """Carry out the plan; return the number of steps applied."""
    with transaction.atomic():
        applies = [step.apply for step in plan(user, since) if step.apply]
        for apply in applies:
            apply(moderator)
        ModeratorAction.record(
            moderator,
            ModeratorAction.Kind.ROLLBACK,
            user,
            reason=f"{len(applies)} change(s) since {since:%Y-%m-%d %H:%M}.",
        )
    return len(applies)


def run_start(history: QuerySet[Any], user: User, since: datetime) -> tuple[Any, Any] | None:
    """Split an object's history (newest first) into the user's latest run and what was before.

    Returns (the user's newest record, the record to go back to) when the user
    made the object's latest revision since `since`, else None. The record to
    go back to is None when the user's run starts with the object's creation.
    """
    records = list(history[:MAX_RECORDS])
    if not records or records[0].history_user_id != user.pk:
        return None
    for record in records:
        if record.history_user_id != user.pk or record.history_date < since:
            return records[0], record
    return records[0], None


def _plan_pages(user: User, since: datetime) -> list[Step]:
    touched = Page.history.filter(history_user=user, history_date__gte=since).values("id")
    steps: list[Step] = []
    for page in Page.objects.filter(pk__in=touched).order_by("title"):
        found = run_start(page.history.order_by("-history_id"), user, since)
        if found is None:
            continue
        latest, target = found
        if target is None:
            steps.append(
                Step(
                    page.title,
                    page.get_absolute_url(),
                    "They created this page: nothing to go back to (delete it "
                    "in the admin if it should go).",
                )
            )
            continue
        steps.append(
            Step(
                page.title,
                page.get_absolute_url(),
                f"Revert to the revision of {target.history_date:%Y-%m-%d %H:%M} by "
                f"{target.history_user or 'an anonymous editor'}",
                apply=_page_revert(page, target, latest, user),
            )
        )
    return steps


def _page_revert(
    page: Page, target: Revision, latest: Revision, user: User
) -> Callable[[User], None]:
    def apply(moderator: User) -> None:
        summary = f"{revisions.revert_summary(target)} (rollback of {user}'s edits)"
        editing.edit_page(
            page, editing.revision_values(target), latest.history_id, moderator, summary
        )

    return apply
