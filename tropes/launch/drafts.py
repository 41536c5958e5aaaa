"""Launch-pad drafts: posting one, its proposed examples, hats and bombs, the launch notice,
moderators' holds, adoption, and the tending that marks idle drafts stale and discards them.

Every change to a draft locks its record first, so its score and count of examples always
match its votes and examples, and a vote, an example or a launch meet one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts import roles
from accounts.models import ModeratorAction, Notice, User
from tropes.models import LAUNCH_NAMESPACE, LaunchDraft, LaunchVote, ProposedExample
from wiki import discussions, freshness
from wiki.models import Follow, Page, page_key
from wiki.revisions import credit

PROPOSED_LINKS = "proposed"  # the links origin of a draft's proposed examples to their works


class Refused(Exception):
    """What a member asked of a draft cannot be done now; the message says why."""


def may_steer(user: User, draft: LaunchDraft) -> bool:
    """Whether `user` may announce and launch `draft`: its sponsor, or a moderator."""
    return bool(user.is_authenticated) and (
        draft.sponsor_id == user.pk or roles.has(user, roles.STEER_LAUNCHES)
    )


def open_drafts_left(user: User) -> int | None:
    """How many more open drafts `user` may sponsor; None for no limit (moderators)."""
    if roles.has(user, roles.STEER_LAUNCHES):
        return None
    sponsored: int = LaunchDraft.objects.open().sponsored_by(user).count()
    return max(0, LaunchDraft.MAX_OPEN - sponsored)


def _check_room(user: User) -> None:
    if open_drafts_left(user) == 0:
        raise Refused(
            f"You already sponsor {LaunchDraft.MAX_OPEN} open drafts: launch, finish or "
            "abandon one of them first."
        )


def post_draft(user: User, name: str, title: str, laconic: str, body: str) -> LaunchDraft:
    """Post a new draft, `Launch/<name>`, sponsored by `user`, who follows it from then on."""
    _check_room(user)
    page = Page(
        namespace=LAUNCH_NAMESPACE, name=name, title=title, kind=LaunchDraft.KIND, body=body
    )
    page.full_clean()
    with transaction.atomic():
        # Counted again under the member's lock: two posts at once cannot both take the
        # last place.
        User.objects.select_for_update().filter(pk=user.pk).first()
        _check_room(user)
        credit(page, user, "Posted the draft").save()
        draft = LaunchDraft(page=page, laconic=laconic, sponsor=user)
        credit(draft, user, "Posted the draft").save()
        Follow.objects.get_or_create(user=user, page=page)
        discussions.open_thread(
            page,
            title=f"Launching {title}",
            author=user,
            text=f"The discussion of the draft {title}: its name, what it covers, its "
            "examples, and whether it is ready. Hats and bombs go on the draft itself.",
        )
    return draft


def _save_quietly(draft: LaunchDraft, fields: list[str]) -> None:
    """Save a draft's tallies and times, which are not revisions of it."""
    draft.save_without_historical_record(update_fields=fields)  # type: ignore[attr-defined]


def locked(draft: LaunchDraft | int) -> LaunchDraft:
    """The draft (or the one of that id), read as it is locked, with its page."""
    draft_id = draft.pk if isinstance(draft, LaunchDraft) else draft
    found: LaunchDraft = (
        LaunchDraft.objects.select_for_update(of=("self",)).select_related("page").get(pk=draft_id)
    )
    return found


def _check_open(draft: LaunchDraft) -> None:
    if not draft.is_open:
        raise Refused(f"This draft is {draft.get_state_display().lower()}: it no longer changes.")


def _worked_on(draft: LaunchDraft, user: User, now: datetime) -> None:
    """Someone worked on the draft: it is active again, and no longer stale."""
    draft.active = now
    if draft.state == LaunchDraft.State.STALE:
        draft.state, draft.stale_since = LaunchDraft.State.OPEN, None
        credit(draft, user, "Worked on again: no longer stale").save()
    else:
        _save_quietly(draft, ["active"])


def page_edited(page_id: int, user: User | None) -> None:
    """A draft's page was edited: the draft is active again (tropes.launch.signals)."""
    with transaction.atomic():
        draft = LaunchDraft.objects.select_for_update().filter(pk=page_id).first()
        if draft is not None and draft.is_open and user is not None:
            _worked_on(draft, user, timezone.now())


# Proposed examples.


def propose_example(
    draft: LaunchDraft, user: User, medium: str, work_name: str, work_title: str, text: str
) -> ProposedExample:
    """Add an example of the draft in the work `medium/work_name` (which may not exist yet)."""
    with transaction.atomic():
        draft = locked(draft)
        _check_open(draft)
        if draft.proposed_examples.filter(medium=medium, work_name=work_name).exists():
            raise ValidationError(
                f"The draft already has an example in {medium}/{work_name}; edit that one."
            )
        proposed = ProposedExample(
            draft=draft,
            medium=medium,
            work_name=work_name,
            work_title=work_title,
            text=text,
            author=user,
        )
        credit(proposed, user, "Proposed the example").save()
        _examples_changed(draft, user)
    return proposed


def edit_proposed(proposed: ProposedExample, user: User, text: str) -> ProposedExample:
    with transaction.atomic():
        draft = locked(proposed.draft_id)
        _check_open(draft)
        proposed = ProposedExample.objects.get(pk=proposed.pk)
        if proposed.text != text:
            proposed.text = text
            credit(proposed, user, "Edited the example").save()
            _examples_changed(draft, user)
    return proposed


def remove_proposed(proposed: ProposedExample, user: User) -> None:
    """Remove a proposed example; its history keeps a "-" revision."""
    with transaction.atomic():
        draft = locked(proposed.draft_id)
        _check_open(draft)
        credit(proposed, user, "Removed the example").delete()
        _examples_changed(draft, user)


def may_change_example(user: User, proposed: ProposedExample, draft: LaunchDraft) -> bool:
    """Its author, the draft's sponsor, or a moderator may edit or remove an example."""
    return user.pk in (proposed.author_id, draft.sponsor_id) or roles.has(
        user, roles.STEER_LAUNCHES
    )


def _examples_changed(draft: LaunchDraft, user: User) -> None:
    draft.example_count = draft.proposed_examples.count()
    _save_quietly(draft, ["example_count"])
    _worked_on(draft, user, timezone.now())
    # The draft links to its examples' works, so a work created later turns its red link
    # blue on the draft's kept copy (wiki.freshness follows links).
    keys = {page_key(m, n) for m, n in draft.proposed_examples.values_list("medium", "work_name")}
    draft.page.record_links(PROPOSED_LINKS, keys)
    freshness.touch([draft.pk])


# Votes.


def vote_refusal(draft: LaunchDraft, user: User, now: datetime | None = None) -> str:
    """Why `user` may not vote on `draft` now, or ""."""
    refusal: str = roles.refusal(user, roles.VOTE)
    if refusal:
        return refusal
    if not draft.is_open:
        return f"This draft is {draft.get_state_display().lower()}: voting is closed."
    if draft.sponsor_id == user.pk:
        return "You sponsor this draft: others vote on it."
    if not draft.voting_open(now):
        return f"Voting opens on {draft.voting_opens:%Y-%m-%d %H:%M} UTC."
    return ""


def cast_vote(draft: LaunchDraft | int, user: User, value: int, reason: str = "") -> LaunchDraft:
    """Record or change `user`'s hat (+1) or bomb (−1) on the draft, and its score; a draft
    with LAUNCH_DISCARD_BOMBS net bombs is discarded. Returns the draft as it now stands."""
    now = timezone.now()
    with transaction.atomic():
        draft = locked(draft)
        refusal = vote_refusal(draft, user, now)
        if refusal:
            raise Refused(refusal)
        LaunchVote.objects.update_or_create(
            draft=draft, user=user, defaults={"value": value, "reason": reason}
        )
        draft.score = draft.votes.aggregate(score=Sum("value"))["score"] or 0
        _save_quietly(draft, ["score"])
        _worked_on(draft, user, now)
        if draft.score <= -settings.LAUNCH_DISCARD_BOMBS:
            _discard(draft, user, f"Discarded: {-draft.score} net bombs")
        freshness.touch([draft.pk])
    return draft


# The launch notice, holds, adoption.


def announce(draft: LaunchDraft | int, user: User) -> LaunchDraft:
    """Announce the draft's launch: after LAUNCH_NOTICE it may be launched, if it still meets
    the conditions then. Its voters and followers are told."""
    now = timezone.now()
    with transaction.atomic():
        draft = locked(draft)
        if not may_steer(user, draft):
            raise Refused("Only the draft's sponsor or a moderator announces its launch.")
        if draft.state not in (LaunchDraft.State.OPEN, LaunchDraft.State.STALE):
            raise Refused(f"This draft is {draft.get_state_display().lower()}.")
        missing = missing_conditions(draft, now)
        if missing:
            raise Refused("Not yet: " + "; ".join(missing) + ".")
        draft.state, draft.announced, draft.stale_since = LaunchDraft.State.ANNOUNCED, now, None
        draft.active = now
        _save_quietly(draft, ["active", "stale_since"])
        credit(draft, user, "Announced the launch").save()
        freshness.touch([draft.pk])
        tell_watchers(
            draft,
            f"The launch of {draft.page.title} is announced: it may be launched from "
            f"{draft.notice_ends:%Y-%m-%d %H:%M} UTC.",
            but=user,
        )
    return draft


def missing_conditions(draft: LaunchDraft, now: datetime | None = None) -> list[str]:
    """What the draft lacks before its launch may be announced, as people read it."""
    missing = []
    if not draft.voting_open(now):
        missing.append(f"voting opens on {draft.voting_opens:%Y-%m-%d %H:%M} UTC")
    if draft.score < settings.LAUNCH_MIN_HATS:
        missing.append(f"{settings.LAUNCH_MIN_HATS} net hats (it has {draft.score})")
    if draft.example_count < settings.LAUNCH_MIN_EXAMPLES:
        missing.append(f"{settings.LAUNCH_MIN_EXAMPLES} examples (it has {draft.example_count})")
    if draft.hold_reason:
        missing.append(f"a moderator's hold lifted ({draft.hold_reason})")
    return missing


def hold(draft: LaunchDraft | int, moderator: User, reason: str) -> LaunchDraft:
    """Put a moderator's hold on the draft: it cannot launch until the hold is lifted."""
    with transaction.atomic():
        draft = locked(draft)
        _check_open(draft)
        draft.hold_reason, draft.held_by = reason, moderator
        credit(draft, moderator, f"Held: {reason}").save()
        ModeratorAction.record(moderator, ModeratorAction.Kind.HOLD_DRAFT, draft.page, reason)
        freshness.touch([draft.pk])
        if draft.sponsor is not None and draft.sponsor != moderator:
            Notice.send(
                draft.sponsor,
                f"A moderator put a hold on your draft {draft.page.title}: {reason}",
                url=draft.get_absolute_url(),
            )
    return draft


def lift_hold(draft: LaunchDraft | int, moderator: User, reason: str = "") -> LaunchDraft:
    with transaction.atomic():
        draft = locked(draft)
        if not draft.hold_reason:
            raise Refused("This draft is not held.")
        draft.hold_reason, draft.held_by = "", None
        credit(draft, moderator, "Hold lifted").save()
        ModeratorAction.record(moderator, ModeratorAction.Kind.LIFT_DRAFT_HOLD, draft.page, reason)
        freshness.touch([draft.pk])
    return draft


def adopt(draft: LaunchDraft | int, user: User) -> LaunchDraft:
    """`user` takes over a discarded draft as its sponsor; it is open again, votes and all."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        draft = locked(draft)
        if draft.state != LaunchDraft.State.DISCARDED:
            raise Refused("Only a discarded draft can be adopted.")
        _check_room(user)
        draft.sponsor, draft.state = user, LaunchDraft.State.OPEN
        draft.announced, draft.stale_since, draft.active = None, None, timezone.now()
        _save_quietly(draft, ["active", "stale_since"])
        credit(draft, user, "Adopted the draft").save()
        Follow.objects.get_or_create(user=user, page_id=draft.pk)
        freshness.touch([draft.pk])
    return draft


def _discard(draft: LaunchDraft, user: User | None, reason: str) -> None:
    draft.state = LaunchDraft.State.DISCARDED
    credit(draft, user, reason).save()
    if draft.sponsor is not None:
        Notice.send(
            draft.sponsor,
            f"Your draft {draft.page.title} was discarded ({reason.split(': ', 1)[-1]}). "
            "It stays readable, and anyone may adopt it.",
            url=draft.get_absolute_url(),
        )


# Tending (manage.py tend_launch_pad).


def mark_stale(now: datetime | None = None) -> int:
    """Mark the drafts idle for LAUNCH_STALE_DAYS stale, and tell their sponsors."""
    now = now or timezone.now()
    count = 0
    for draft_id in list(LaunchDraft.objects.going_stale(now).values_list("pk", flat=True)):
        with transaction.atomic():
            draft = locked(draft_id)
            if not LaunchDraft.objects.going_stale(now).filter(pk=draft.pk).exists():
                continue  # worked on meanwhile
            draft.state, draft.stale_since = LaunchDraft.State.STALE, now
            _save_quietly(draft, ["stale_since"])
            credit(draft, None, f"Stale: idle for {settings.LAUNCH_STALE_DAYS} days").save()
            freshness.touch([draft.pk])
            if draft.sponsor is not None:
                Notice.send(
                    draft.sponsor,
                    f"Your draft {draft.page.title} has been idle for "
                    f"{settings.LAUNCH_STALE_DAYS} days. It will be discarded on "
                    f"{draft.discard_on:%Y-%m-%d} unless someone works on it.",
                    url=draft.get_absolute_url(),
                )
            count += 1
    return count


def discard_stale(now: datetime | None = None) -> int:
    """Discard the drafts stale since their sponsor was told, STALE_GRACE ago."""
    now = now or timezone.now()
    count = 0
    for draft_id in list(LaunchDraft.objects.due_for_discard(now).values_list("pk", flat=True)):
        with transaction.atomic():
            draft = locked(draft_id)
            if not LaunchDraft.objects.due_for_discard(now).filter(pk=draft.pk).exists():
                continue
            _discard(draft, None, "Discarded: stale")
            freshness.touch([draft.pk])
            count += 1
    return count


def tell_watchers(draft: LaunchDraft, text: str, but: User | None = None) -> None:
    """Tell the draft's voters and the members following it, once each, but not `but`."""
    voters = draft.votes.values_list("user_id", flat=True)
    followers = Follow.objects.filter(page_id=draft.pk).values_list("user_id", flat=True)
    ids: Iterable[int] = {*voters, *followers} - {but.pk if but else None}
    for user in User.objects.filter(pk__in=ids, is_active=True).order_by("pk"):
        Notice.send(user, text, url=draft.get_absolute_url())
