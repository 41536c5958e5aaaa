"""Examples added, edited, removed or restored by editors whose changes wait for review."""

from django.core.exceptions import ValidationError

from tropes import examples
from tropes.models import Example, Trope, Work
from wiki import moderation, revisions
from wiki.models import normalize_markup

EXAMPLE = "example"
DESCRIPTIONS = {
    "add": "New example", "edit": "Edit of the example", "remove": "Removal of the example",
    "restore": "Restore of an earlier revision of the example",
}


def goes_live(user, trope, work):
    """An example shows on two pages: it goes live only if it could on both."""
    return moderation.goes_live(user, trope.page) and moderation.goes_live(user, work.page)


def hold_restore(user, record):
    """Keep the restore of `record`, a revision of an example whose trope and work exist."""
    current = Example.objects.filter(pk=record.id).first()
    return hold_example("restore", user, record.trope, record.work, record.text,
                        example=current, base_revision=record.history_id,
                        summary=revisions.revert_summary(record))


def hold_example(action, user, trope, work, text="", example=None, base_revision=None,
                 summary=""):
    """Keep an example change for review, after checking it as saving would.

    A restore's `base_revision` is the revision it brings back, `text` that revision's text.
    """
    if action != "remove":
        text = normalize_markup(text)
        candidate = Example(pk=example.pk if example else None, trope=trope, work=work,
                            text=text)
        candidate._state.adding = example is None  # an edit is not a second example
        candidate.full_clean()
    known = example is None or base_revision is None or example.history.filter(
        history_id=base_revision
    ).exists()
    if not known:
        raise examples.UnknownRevision(base_revision)
    before = example.text if example else ""
    after = "" if action == "remove" else text
    return moderation.hold(
        EXAMPLE, f"{DESCRIPTIONS[action]} {trope} in {work}",
        {"action": action, "trope": trope.pk, "work": work.pk,
         "example": example.pk if example else None, "text": text},
        user, page=work.page, base_revision=base_revision, summary=summary,
        size_change=len(after) - len(before),
    )


def _texts(change):
    data = change.payload
    example = Example.objects.filter(pk=data["example"]).first() if data["example"] else None
    return (example.text if example else ""), ("" if data["action"] == "remove" else data["text"])


def _apply(change):
    data, author, summary = change.payload, change.author, change.summary
    if data["action"] == "restore":
        return _apply_restore(change)
    if data["action"] == "add":
        trope = Trope.objects.select_related("page").filter(pk=data["trope"]).first()
        work = Work.objects.select_related("page").filter(pk=data["work"]).first()
        if trope is None or work is None:
            return "conflict"
        try:
            examples.add_example(trope, work, data["text"], author, summary)
        except ValidationError:  # the pair was added meanwhile
            return "conflict"
        return "saved"
    example = Example.objects.select_related("trope__page", "work__page").filter(
        pk=data["example"]
    ).first()
    if example is None:
        return "conflict" if data["action"] == "edit" else "unchanged"
    if data["action"] == "remove":
        examples.remove_example(example, author, summary)
        return "saved"
    try:
        return examples.edit_example(example, data["text"], change.base_revision, author,
                                     summary).outcome
    except examples.UnknownRevision:
        return "conflict"


def _apply_restore(change):
    record = Example.history.select_related("trope", "work").filter(
        history_id=change.base_revision
    ).first()
    if record is None:
        return "conflict"
    try:
        _, changed = examples.restore_example(record, change.author)
    except ValidationError:  # its page went, or the pair has a newer example meanwhile
        return "conflict"
    return "saved" if changed else "unchanged"


moderation.register(EXAMPLE, moderation.Handler(texts=_texts, apply=_apply))
