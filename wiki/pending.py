"""Page edits and new pages that wait for review."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from wiki import creation, editing, kinds, moderation
from wiki.models import Page, page_key

EDIT, NEW_PAGE = "page_edit", "new_page"


def hold_edit(page, values, base_revision_id, user, summary="", extra=None):
    """Keep an edit of `page` for review instead of saving it."""
    if not page.history.filter(history_id=base_revision_id).exists():
        raise editing.UnknownRevision(base_revision_id)
    extra_payload = None
    if extra:
        extra_payload = {"values": extra["values"], "initial": extra["initial"]}
    return moderation.hold(
        EDIT, f"Edit of {page.title}", {"values": values, "extra": extra_payload}, user,
        page=page, base_revision=base_revision_id, summary=summary,
        size_change=len(values.get("body", "")) - len(page.body),
    )


def hold_new_page(namespace, name, title, kind, user):
    skeleton = kinds.get(kind).skeleton
    payload = {"namespace": namespace, "name": name, "title": title, "kind": kind}
    return moderation.hold(NEW_PAGE, f"New page {namespace}/{name} ({title})", payload, user,
                           summary=creation.SUMMARY, size_change=len(skeleton))


def _edit_texts(change):
    return change.page.body, change.payload["values"].get("body", "")


def _apply_edit(change):
    result = editing.edit_page(
        change.page, change.payload["values"], change.base_revision, change.author,
        change.summary, extra=change.payload["extra"],
    )
    return result.outcome


def _new_page_texts(change):
    return "", kinds.get(change.payload["kind"]).skeleton


def _apply_new_page(change):
    data = change.payload
    if Page.objects.filter(key=page_key(data["namespace"], data["name"])).exists():
        return "conflict"  # someone created it meanwhile
    try:
        page = creation.create_page(data["namespace"], data["name"], data["title"],
                                    data["kind"], change.author)
    except (ValidationError, IntegrityError):
        return "conflict"
    change.page = page
    return "saved"


moderation.register(EDIT, moderation.Handler(texts=_edit_texts, apply=_apply_edit))
moderation.register(NEW_PAGE, moderation.Handler(texts=_new_page_texts, apply=_apply_new_page))
