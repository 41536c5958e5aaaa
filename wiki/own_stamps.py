"""A member's own stamp: what a page's stamp is to the page, for what pages show of one
member alone.

A signed-in member's page is the page members like them share, with their own parts filled
in (wiki.personal): their votes, follow button, held changes, notices and handle, by their
role and reading preferences. Each member carries `own_stamp`, replaced in the transaction
of every change to any of those, and of every change to what makes a session theirs (signing
out, a new password, a ban, a lost role). A page filled in for one member may then be kept
under their own stamp and the page's, and served while both are current
(tropewise.serving.members). Own stamps are published as pages' are (wiki.freshness: the
same list of unpublished changes, the same signal), under `member_key(id)`.

The changes are caught here, whatever code makes them, by the models' signals; code that
changes them with a queryset update says so itself (`touch_members`).
"""

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_out
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from accounts.models import Ban, Notice
from accounts.signals import members_changed
from wiki import freshness
from wiki.models import Follow, PendingChange, UnpublishedStamp
from wiki.stamps import new_stamp


class OwnStamp(NamedTuple):
    """A member's own stamp as published, beside pages' (wiki.freshness.Stamped)."""

    key: str
    shown_stamp: int


MEMBER_PREFIX = "~member/"  # no page key starts so: namespaces are words


def member_key(user_id: int) -> str:
    return f"{MEMBER_PREFIX}{user_id}"


def is_member_key(key: str) -> bool:
    return key.startswith(MEMBER_PREFIX)


def member_id(key: str) -> int | None:
    """The id in a member's key; None for a key that is not one."""
    number = key.removeprefix(MEMBER_PREFIX)
    return int(number) if is_member_key(key) and number.isdigit() else None


def touch_members(user_ids: Iterable[int | None]) -> None:
    """Give the members new own stamps: what pages show of them alone has changed."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    if not ids:
        return
    stamp = new_stamp()
    shown = [OwnStamp(member_key(pk), stamp) for pk in ids]
    if settings.PAGE_STAMPS_SHARED and connection.vendor == "postgresql":
        _touch_and_list(ids, stamp)  # a vote's own stamp: one statement of its dozen
        freshness.publish_listed(shown)
    else:
        get_user_model().objects.filter(pk__in=ids).update(own_stamp=stamp)
        freshness.publish_stamps(shown)


# touch_members() where stamps are shared, on PostgreSQL: the new stamps and their listing
# as unpublished, in one statement where the ORM takes two.
_TOUCH_AND_LIST = """
WITH touched AS (UPDATE {user} SET own_stamp = %s WHERE id = ANY(%s) RETURNING id)
INSERT INTO {unpublished} (key, stamp, created)
SELECT %s || id, %s, %s FROM touched
"""


def _touch_and_list(ids: list[int], stamp: int) -> None:
    sql = _TOUCH_AND_LIST.format(
        user=get_user_model()._meta.db_table, unpublished=UnpublishedStamp._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, ids, MEMBER_PREFIX, stamp, timezone.now()])


# What members own, by the field naming them: each change to one is a change to its member.
OWNED = {Follow: "user_id", PendingChange: "author_id", Notice: "user_id", Ban: "user_id"}


def _owned_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        touch_members([getattr(instance, OWNED[sender])])


def _member_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # Any field may be shown or decide what is: handle, preferences, password, activity.
    if not raw:
        touch_members([instance.pk])


def _groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """A role given or taken: from the member's side (user.groups) or the group's."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            touch_members([instance.pk])
    elif action in ("post_add", "post_remove"):
        touch_members(pk_set)
    elif action == "pre_clear":  # afterwards, nothing says who the members were
        touch_members(instance.user_set.values_list("pk", flat=True))


def _member_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    touch_members([instance.pk])


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        touch_members([user.pk])


def _members_changed(sender: Any, user_ids: Iterable[int], **kwargs: Any) -> None:
    touch_members(user_ids)


def connect() -> None:
    user = get_user_model()
    for model in OWNED:
        post_save.connect(_owned_changed, sender=model, dispatch_uid=f"own_stamps.{model}.save")
        post_delete.connect(_owned_changed, sender=model, dispatch_uid=f"own_stamps.{model}.delete")
    post_save.connect(_member_saved, sender=user, dispatch_uid="own_stamps.member")
    pre_delete.connect(_member_deleted, sender=user, dispatch_uid="own_stamps.member.delete")
    m2m_changed.connect(
        _groups_changed, sender=user.groups.through, dispatch_uid="own_stamps.groups"
    )
    user_logged_out.connect(_signed_out, dispatch_uid="own_stamps.signed_out")
    members_changed.connect(_members_changed, dispatch_uid="own_stamps.members_changed")
