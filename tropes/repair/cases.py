"""Repair cases: proposed by members, decided by moderators.

At most REPAIR_MAX_OPEN cases hold a slot (open, or decided and awaiting the work); a case
proposed when none is free waits in a queue, and the oldest waiting case takes the slot a
case gives up when it is done or declined. Each decision is in the moderation log.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import ModeratorAction, User
from tropes.models import RepairCase
from wiki import markup
from wiki.discussions import open_thread, reply
from wiki.models import Page
from wiki.models.discussion import POST_MAX_LENGTH, TITLE_MAX_LENGTH

REASON_LIMIT = 10_000
DECISION_LIMIT = 2_000


def propose(
    page: Page,
    kind: str,
    reason: str,
    author: User,
    other: Page | None = None,
    proposed_name: str = "",
    deadline: date | None = None,
) -> RepairCase:
    """A new case about the trope at `page`: open if a slot is free, else queued."""
    with transaction.atomic():
        _lock_slots()
        case = RepairCase(
            page=page,
            kind=kind,
            other=other if kind == RepairCase.Kind.MERGE else None,
            proposed_name=proposed_name,
            reason=reason,
            reason_html=markup.render(reason),
            author=author,
            deadline=deadline,
        )
        if RepairCase.objects.holding_slots().count() < settings.REPAIR_MAX_OPEN:
            case.state, case.opened = RepairCase.State.OPEN, timezone.now()
        case.save()
        # Discussed where the trope is, by those who follow it; its first post is the reason.
        case.thread = open_thread(
            page, title=thread_title(case), author=author, text=_opening(case)
        )
        case.save(update_fields=["thread"])
    return case


def thread_title(case: RepairCase) -> str:
    return f"Repair shop: {case}"[:TITLE_MAX_LENGTH]


def _opening(case: RepairCase) -> str:
    link = f"[Repair case {case.pk}]({case.get_absolute_url()})"
    return f"{link}: {case.get_kind_display().lower()}.\n\n{case.reason}"[:POST_MAX_LENGTH]


def decide(case: RepairCase, moderator: User, decision: str) -> RepairCase:
    """The moderators agree: the case awaits its work."""
    return _move(case, moderator, RepairCase.State.DECIDED, decision, (RepairCase.State.OPEN,))


def decline(case: RepairCase, moderator: User, decision: str) -> RepairCase:
    return _move(
        case,
        moderator,
        RepairCase.State.DECLINED,
        decision,
        (RepairCase.State.QUEUED, *RepairCase.SLOT_STATES),
    )


def mark_done(
    case: RepairCase, moderator: User, decision: str, outcome_label: str, outcome_url: str
) -> RepairCase:
    """The work is done: the case links what it produced (a move, a merge, a change)."""
    case.outcome_label, case.outcome_url = outcome_label[:200], outcome_url[:300]
    return _move(case, moderator, RepairCase.State.DONE, decision, RepairCase.SLOT_STATES)


def done_by(case_id: int | None, page: Page) -> RepairCase | None:
    """The case a merge or cut of `page` was made for, if it names one that is about `page`
    and still holds a slot."""
    if case_id is None:
        return None
    case: RepairCase | None = (
        RepairCase.objects.holding_slots().filter(pk=case_id, page=page).first()
    )
    return case


def _move(
    case: RepairCase,
    moderator: User,
    state: str,
    decision: str,
    allowed_from: tuple[str, ...],
) -> RepairCase:
    with transaction.atomic():
        _lock_slots()
        locked: RepairCase = RepairCase.objects.select_for_update().get(pk=case.pk)
        if locked.state not in allowed_from:
            raise ValidationError(f"This case is {locked.get_state_display().lower()}.")
        freed = locked.state in RepairCase.SLOT_STATES and state in RepairCase.CLOSED_STATES
        locked.state = state
        locked.decision = decision[:DECISION_LIMIT]
        locked.decided_by = moderator
        locked.outcome_label, locked.outcome_url = case.outcome_label, case.outcome_url
        if state in RepairCase.CLOSED_STATES:
            locked.closed = timezone.now()
        locked.save()
        if locked.thread is not None:  # the decision reaches those who follow its thread
            reply(locked.thread, author=moderator, text=_decided(locked))
        ModeratorAction.record(
            moderator,
            ModeratorAction.Kind.DECIDE_CASE,
            f"{locked} ({locked.get_state_display().lower()})",
            reason=decision,
            url=locked.get_absolute_url(),
        )
        if freed:
            open_from_queue()
    return locked


def _decided(case: RepairCase) -> str:
    outcome = (
        f" [{case.outcome_label or 'The change'}]({case.outcome_url})" if case.outcome_url else ""
    )
    return f"**{case.get_state_display()}.** {case.decision}{outcome}"[:POST_MAX_LENGTH]


def open_from_queue() -> list[RepairCase]:
    """Open the oldest waiting cases, as many as there are free slots."""
    free = settings.REPAIR_MAX_OPEN - RepairCase.objects.holding_slots().count()
    opened = list(RepairCase.objects.queued()[: max(free, 0)])
    now = timezone.now()
    for case in opened:
        case.state, case.opened = RepairCase.State.OPEN, now
        case.save(update_fields=["state", "opened"])
    return opened


# The lock taking or freeing a slot holds, on PostgreSQL, for the rest of its transaction.
_SLOTS_LOCK = 0x7265706169  # "repai"


def _lock_slots() -> None:
    """Count the slots one change at a time: two proposals must not both see the last slot
    free. Locking the cases holding slots would not stop a second new case (a row no lock
    covers), so the count itself is locked; SQLite writes one transaction at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SLOTS_LOCK])
