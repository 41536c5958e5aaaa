"""Adding, editing and removing examples: each a revision credited to its editor."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from tropes import context_flags, placement
from tropes.models import Character, Example, Installment, PlayedAs, Trope, Work, title_or_deleted
from wiki import merging, revisions
from wiki.moderation import rollback, trust
from wiki.moderation.holding import Outcome
from wiki.revisions import Revision, UnknownRevision


class ExampleRevision(Revision, Protocol):
    """A revision of an example, whose trope or work may have been deleted since."""

    id: int
    text: str
    played: str
    trope_id: int
    work_id: int
    character_id: int | None
    installment_id: int | None
    trope: Trope | None
    work: Work | None


@dataclass
class ExampleEdit:
    outcome: Outcome
    example: Example
    text: str = ""
    played: str = PlayedAs.STRAIGHT
    theirs: ExampleRevision | None = None  # the newer revision merged with, or in conflict
    base: ExampleRevision | None = None  # the revision the edit started from


def add_example(
    trope: Trope,
    work: Work,
    text: str,
    user: User,
    summary: str = "",
    played: str | None = None,
    character: Character | None = None,
    installment: Installment | None = None,
) -> Example:
    """Add `trope`'s example to `work`, or to one of its characters or installments."""
    example = Example(
        trope=trope,
        work=work,
        text=text,
        played=played or PlayedAs.STRAIGHT,
        character=character,
        installment=installment,
    )
    example.full_clean()
    try:
        with transaction.atomic():
            revisions.credit(example, user, summary or "Added the example").save()
            placement.place(example, user)  # a YMMV trope's: on the work's YMMV page
            trust.promote_if_due(user)
    except IntegrityError:
        # Another editor added the same pair between the check above and this save: the
        # check, run again, says so as it would have.
        example.clean()
        raise
    return example


def edit_example(
    example: Example,
    text: str,
    base_revision_id: int,
    user: User,
    summary: str = "",
    played: str | None = None,
) -> ExampleEdit:
    """Save `text` (and how it plays its trope, `played`; None: as it is) over the example,
    merging with any revision saved since the editor began."""
    with transaction.atomic():
        example = Example.objects.select_for_update().get(pk=example.pk)
        played = example.played if played is None else played
        latest: ExampleRevision | None = example.history.order_by("-history_id").first()
        outcome: Outcome = "saved"
        base: ExampleRevision | None = None
        theirs: ExampleRevision | None = None
        if latest is not None and latest.history_id != base_revision_id:
            base = example.history.filter(history_id=base_revision_id).first()
            if base is None:
                raise UnknownRevision(base_revision_id)
            theirs = latest
            merge = merging.merge_values(
                {"text": base.text, "played": base.played},
                {"text": example.text, "played": example.played},
                {"text": text, "played": played},
                multiline=["text"],
            )
            text, played = str(merge.values["text"]), str(merge.values["played"])
            if merge.conflicts:
                return ExampleEdit("conflict", example, text, played, theirs, base)
            outcome = "merged"
        if text == example.text and played == example.played:
            return ExampleEdit("unchanged", example, text, played)
        if text != example.text:  # what its flags said is answered by the new text, or not
            context_flags.clear(example)
        example.text = text
        example.played = played
        example.full_clean()
        revisions.credit(example, user, summary).save()
        trust.promote_if_due(user)
        return ExampleEdit(outcome, example, text, played, theirs, base)


def remove_example(example: Example, user: User, summary: str = "") -> None:
    """Delete the example; its history keeps a "-" revision, so it can be restored."""
    revisions.credit(example, user, summary or "Removed the example").delete()


def restore_example(record: ExampleRevision, user: User) -> tuple[Example, bool]:
    """Make the example read as it did in `record`, a revision of it.

    A removed example comes back under its old id, so its history continues
    where it stopped. Returns the example, and False when it already read so.
    Raises ValidationError when it cannot come back: its work or trope is
    gone, or the work has a newer example of the same trope.
    """
    with transaction.atomic():
        example = Example.objects.select_for_update().filter(pk=record.id).first()
        if example is None:
            if record.trope is None or record.work is None:
                raise ValidationError("Its work or trope page has been deleted since.")
            _check_part_exists(record)
            example = Example(
                pk=record.id,
                trope_id=record.trope_id,
                work_id=record.work_id,
                character_id=record.character_id,
                installment_id=record.installment_id,
            )
        elif (example.text, example.played) == (record.text, record.played):
            return example, False
        if record.text != example.text:
            context_flags.clear(example)
        example.text = record.text
        example.played = record.played
        example.full_clean()
        returning = example._state.adding  # removed, and made again
        revisions.credit(example, user, revisions.revert_summary(record)).save()
        if returning:
            placement.place(example, user)
        return example, True


def _check_part_exists(record: ExampleRevision) -> None:
    """Raise ValidationError if the character or installment a removed example was about is
    gone: it would come back about nothing."""
    gone = (record.character_id and not Character.objects.filter(pk=record.character_id)) or (
        record.installment_id and not Installment.objects.filter(pk=record.installment_id)
    )
    if gone:
        raise ValidationError("The character or installment it was about has been removed since.")


def plan_rollback(user: User, since: datetime) -> list[rollback.Step]:
    """Rollback steps for the examples whose latest revision is `user`'s since `since`."""
    touched = Example.history.filter(history_user=user, history_date__gte=since)
    steps = []
    for example_id in touched.values_list("id", flat=True).distinct():
        records = (
            Example.history.filter(id=example_id)
            .select_related("history_user", "trope__page", "work__page")
            .order_by("-history_id")
        )
        found = rollback.run_start(records, user, since)
        if found is None:
            continue
        latest, target = found
        trope, work = title_or_deleted(latest.trope), title_or_deleted(latest.work)
        label = f"example {trope} in {work}"
        url = latest.work.get_absolute_url() if latest.work else ""
        if target is None or target.history_type == "-":
            if latest.history_type == "-":
                continue  # they added and removed it: nothing is left to undo
            steps.append(
                rollback.Step(
                    label, url, "Remove the example they added", apply=_remover(example_id, user)
                )
            )
        else:
            steps.append(
                rollback.Step(
                    label,
                    url,
                    f"Restore the revision of {target.history_date:%Y-%m-%d %H:%M} by "
                    f"{target.history_user or 'an anonymous editor'}",
                    apply=partial(restore_example, target),
                )
            )
    return steps


def _remover(example_id: int, user: User) -> Callable[[User], None]:
    def apply(moderator: User) -> None:
        example = Example.objects.filter(pk=example_id).first()
        if example is not None:
            remove_example(example, moderator, f"Rollback of {user}'s edits")

    return apply
