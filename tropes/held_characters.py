"""Characters added, edited, moved or removed by editors whose changes wait for review.

Each `hold_*` function takes the same arguments as the `tropes.characters` service whose held
twin it is (see `wiki.moderation.save_or_hold`), and checks the change as saving would. A
held change is shown on, and its liveness decided by, the work's Characters subpage.
"""

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError

from tropes import characters
from tropes.models import Character, Work
from wiki import moderation, revisions

CHARACTER = "character"
Action = Literal["add", "edit", "remove", "move"]
DESCRIPTIONS = {
    "add": "New character",
    "edit": "Edit of the character",
    "remove": "Removal of the character",
    "move": "Move of the character",
}


@dataclass(frozen=True)
class HeldCharacter:
    """What a held character change stores, as JSON in PendingChange.payload. An edit's
    PendingChange.base_revision is the revision of the character it started from."""

    action: Action
    work: int
    character: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # characters.FIELDS; empty to remove
    step: int = 0  # a move's: -1 up, +1 down


def pages(work):
    """The page a character change shows on, whose protection it meets: the work's
    Characters subpage."""
    subpage = characters.characters_subpage(work)
    return [subpage.page if subpage else work.page]


def hold_add(work, values, user, summary=""):
    Character(work=work, **values).full_clean()
    return _hold(HeldCharacter("add", work.pk, values=values), user, work, values["name"], summary)


def hold_edit(character, values, base_revision_id, user, summary=""):
    known = (
        base_revision_id is None or character.history.filter(history_id=base_revision_id).exists()
    )
    if not known:
        raise revisions.UnknownRevision(base_revision_id)
    candidate = Character(pk=character.pk, work=character.work, **values)
    candidate._state.adding = False  # an edit of the character, not a second one
    candidate.full_clean()
    held = HeldCharacter("edit", character.work_id, character.pk, values)
    return _hold(
        held,
        user,
        character.work,
        character.name,
        summary,
        base_revision=base_revision_id,
        size_change=len(values.get("description", "")) - len(character.description),
    )


def hold_removal(character, user, summary=""):
    held = HeldCharacter("remove", character.work_id, character.pk)
    return _hold(
        held, user, character.work, character.name, summary, size_change=-len(character.description)
    )


def hold_move(character, step, user):
    held = HeldCharacter("move", character.work_id, character.pk, step=step)
    return _hold(held, user, character.work, character.name, characters.MOVED)


def register_handler():
    """Called once the apps are ready (tropes.kinds)."""
    moderation.register(CHARACTER, moderation.Handler(texts=_texts, apply=_apply))


def _hold(held, user, work, name, summary, **details):
    # A spoiler name is not spelled out where held changes are listed: in notices and mails.
    shown = "(a spoiler)" if held.values.get("name_is_spoiler") else name
    description = f"{DESCRIPTIONS[held.action]} {shown} in {work}"
    return moderation.hold(
        CHARACTER, description, asdict(held), user, page=pages(work)[0], summary=summary, **details
    )


def _texts(change):
    held = HeldCharacter(**change.payload)
    current = Character.objects.filter(pk=held.character).first() if held.character else None
    return (current.description if current else ""), held.values.get("description", "")


def _apply(change):
    held = HeldCharacter(**change.payload)
    if held.action == "add":
        work = Work.objects.select_related("page").filter(pk=held.work).first()
        if work is None:
            return "conflict"
        try:
            characters.add_character(work, held.values, change.author, change.summary)
        except ValidationError:  # the name was taken meanwhile
            return "conflict"
        return "saved"
    character = Character.objects.select_related("work__page").filter(pk=held.character).first()
    if character is None:  # removed meanwhile
        return "unchanged" if held.action == "remove" else "conflict"
    if held.action == "remove":
        characters.remove_character(character, change.author, change.summary)
        return "saved"
    if held.action == "move":
        moved = characters.move_character(character, held.step, change.author)
        return "saved" if moved else "unchanged"
    try:
        return characters.edit_character(
            character, held.values, change.base_revision, change.author, change.summary
        ).outcome
    except (revisions.UnknownRevision, ValidationError):
        return "conflict"
