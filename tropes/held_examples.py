"""Examples added, edited, removed or restored by editors whose changes wait for review.

Each `hold_*` function takes the same arguments as the `tropes.examples` service whose held
twin it is (see `wiki.moderation.save_or_hold`), and checks the change as saving would.
"""

from dataclasses import asdict, dataclass
from typing import Literal

from django.core.exceptions import ValidationError

from tropes import examples
from tropes.models import Character, Example, Installment, PlayedAs, Trope, Work
from tropes.played import shown_text
from wiki import moderation, revisions
from wiki.models import normalize_markup

EXAMPLE = "example"
Action = Literal["add", "edit", "remove", "restore"]
DESCRIPTIONS = {
    "add": "New example",
    "edit": "Edit of the example",
    "remove": "Removal of the example",
    "restore": "Restore of an earlier revision of the example",
}


@dataclass(frozen=True)
class HeldExample:
    """What a held example change stores, as JSON in PendingChange.payload.

    A restore's PendingChange.base_revision is the revision it brings back.
    """

    action: Action
    trope: int
    work: int
    example: int | None = None
    text: str = ""  # empty for a removal
    played: str | None = None  # how it plays its trope (PlayedAs); None: as it is
    character: int | None = None  # a new example's character or installment, if any
    installment: int | None = None


def pages(trope, work):
    """The pages an example shows on: its change goes live only if it could on both. A trope
    or work that is gone shows nothing (restoring its example is refused as it is tried)."""
    return [related.page for related in (trope, work) if related is not None]


def hold_add(trope, work, text, user, summary="", played=None, character=None, installment=None):
    played = played or PlayedAs.STRAIGHT
    candidate = Example(
        trope=trope,
        work=work,
        text=text,
        played=played,
        character=character,
        installment=installment,
    )
    text = _checked(candidate, adding=True)
    held = HeldExample(
        "add",
        trope.pk,
        work.pk,
        text=text,
        played=played,
        character=character.pk if character else None,
        installment=installment.pk if installment else None,
    )
    return _hold(
        held,
        user,
        trope,
        work,
        summary=summary,
        size_change=len(text),
    )


def hold_edit(example, text, base_revision_id, user, summary="", played=None):
    candidate = Example(
        pk=example.pk,
        trope=example.trope,
        work=example.work,
        text=text,
        played=played or example.played,
        # Its character or installment, which tells it from the work's own example.
        character_id=example.character_id,
        installment_id=example.installment_id,
    )
    text = _checked(candidate, adding=False)
    known = base_revision_id is None or example.history.filter(history_id=base_revision_id).exists()
    if not known:
        raise revisions.UnknownRevision(base_revision_id)
    return _hold(
        HeldExample("edit", example.trope.pk, example.work.pk, example.pk, text, played),
        user,
        example.trope,
        example.work,
        base_revision=base_revision_id,
        summary=summary,
        size_change=len(text) - len(example.text),
    )


def hold_removal(example, user, summary=""):
    return _hold(
        HeldExample("remove", example.trope.pk, example.work.pk, example.pk),
        user,
        example.trope,
        example.work,
        summary=summary,
        size_change=-len(example.text),
    )


def hold_restore(record, user):
    """Keep the restore of `record`, a revision of an example whose trope and work exist."""
    current = Example.objects.filter(pk=record.id).first()
    candidate = Example(
        pk=current.pk if current else None,
        trope=record.trope,
        work=record.work,
        text=record.text,
        played=record.played,
        character_id=record.character_id,
        installment_id=record.installment_id,
    )
    text = _checked(candidate, adding=current is None)
    held = HeldExample(
        "restore", record.trope.pk, record.work.pk, current.pk if current else None, text
    )
    return _hold(
        held,
        user,
        record.trope,
        record.work,
        base_revision=record.history_id,
        summary=revisions.revert_summary(record),
        size_change=len(text) - len(current.text if current else ""),
    )


def register_handler():
    """Called once the apps are ready (tropes.apps)."""
    moderation.register(EXAMPLE, moderation.Handler(texts=_texts, apply=_apply))


def _checked(candidate, adding):
    """The example's text as saving would store it; ValidationError where saving would refuse."""
    candidate.text = normalize_markup(candidate.text)
    candidate._state.adding = adding  # an edit is not a second example of the pair
    candidate.full_clean()
    return candidate.text


def _hold(held, user, trope, work, **details):
    description = f"{DESCRIPTIONS[held.action]} {trope} in {work}"
    return moderation.hold(EXAMPLE, description, asdict(held), user, page=work.page, **details)


def _texts(change):
    held = HeldExample(**change.payload)
    example = Example.objects.filter(pk=held.example).first() if held.example else None
    # With how it plays its trope, so that a reviewer sees a change of that too.
    if example is None:
        return "", shown_text(held.text, held.played)
    proposed = shown_text(held.text, held.played or example.played)
    return shown_text(example.text, example.played), proposed


def _apply(change):
    held = HeldExample(**change.payload)
    return _APPLY[held.action](held, change)


def _apply_add(held, change):
    trope = Trope.objects.select_related("page").filter(pk=held.trope).first()
    work = Work.objects.select_related("page").filter(pk=held.work).first()
    character = Character.objects.filter(pk=held.character).first() if held.character else None
    installment = (
        Installment.objects.filter(pk=held.installment).first() if held.installment else None
    )
    if trope is None or work is None or (held.character and character is None):
        return "conflict"
    if held.installment and installment is None:  # removed meanwhile
        return "conflict"
    try:
        examples.add_example(
            trope,
            work,
            held.text,
            change.author,
            change.summary,
            played=held.played,
            character=character,
            installment=installment,
        )
    except ValidationError:  # the pair was added meanwhile
        return "conflict"
    return "saved"


def _apply_edit(held, change):
    example = _current(held)
    if example is None:  # removed meanwhile
        return "conflict"
    try:
        return examples.edit_example(
            example,
            held.text,
            change.base_revision,
            change.author,
            change.summary,
            played=held.played,
        ).outcome
    except revisions.UnknownRevision:
        return "conflict"


def _apply_removal(held, change):
    example = _current(held)
    if example is None:  # removed meanwhile
        return "unchanged"
    examples.remove_example(example, change.author, change.summary)
    return "saved"


def _apply_restore(held, change):
    record = (
        Example.history.select_related("trope", "work")
        .filter(history_id=change.base_revision)
        .first()
    )
    if record is None:
        return "conflict"
    try:
        _, changed = examples.restore_example(record, change.author)
    except ValidationError:  # its page went, or the pair has a newer example meanwhile
        return "conflict"
    return "saved" if changed else "unchanged"


def _current(held):
    return (
        Example.objects.select_related("trope__page", "work__page").filter(pk=held.example).first()
    )


_APPLY = {
    "add": _apply_add,
    "edit": _apply_edit,
    "remove": _apply_removal,
    "restore": _apply_restore,
}
