"""Members' word that an example lacks context, and the cleanup queue that lists such examples.

Any member may flag an example once (ContextFlag: one per member and example), with a note
saying what is missing, and withdraw their flag. `Example.context_flags` counts the flags,
recounted from them as each is made or withdrawn while the example's row is locked, so the two
always agree; a flag is not an edit, so the count is written by a queryset update and adds no
revision. Editors see the count beside the example on both its pages (what a role sees is
shared by everyone of that role), so a flag gives both pages new stamps; a member's own flag
is shown only where it is read for them alone (the example's page, the flag's own widget).
Editing the example's text clears its flags (`clear`, called by tropes.examples): the new
text answers them, or the next reader flags it again.

The cleanup queue (/cleanup) lists the flagged examples and those the editor hints mark as
zero context or natter (`Example.hints`), most flagged first, read through an index that
holds them alone.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

import wiki.kinds
from tropes.models import ContextFlag, Example
from wiki import freshness, personal


class AlreadyFlagged(Exception):
    """The member has flagged this example already: a flag is once per member."""


def flag(example: Example, user, note: str = "") -> ContextFlag:
    """`user`'s flag on `example`, saying it lacks context (`note`: what is missing)."""
    with transaction.atomic():
        locked = _lock(example)
        try:
            with transaction.atomic():
                made = ContextFlag.objects.create(example=locked, user=user, note=note.strip())
        except IntegrityError:
            raise AlreadyFlagged from None
        _recount(locked)
    return made


def withdraw(example: Example, user) -> bool:
    """Take back `user`'s flag on `example`; False if they had none."""
    with transaction.atomic():
        locked = _lock(example)
        removed, _ = ContextFlag.objects.filter(example=locked, user=user).delete()
        if removed:
            _recount(locked)
    return bool(removed)


def clear(example: Example) -> None:
    """Before `example`, locked, is saved with a new text: its flags are answered. Its count
    is saved with it."""
    if example.context_flags:
        ContextFlag.objects.filter(example=example).delete()
        example.context_flags = 0


def my_flag(user, example_id: int) -> ContextFlag | None:
    """`user`'s flag on the example, if any."""
    if not user.is_authenticated:
        return None
    return ContextFlag.objects.filter(user=user, example_id=example_id).first()


def _lock(example: Example) -> Example:
    # Its row is locked while flags are counted, as a vote locks it: two members flagging at
    # once are counted one after the other.
    return (
        Example.objects.select_for_update()
        .only("pk", "trope_id", "work_id", "context_flags")
        .get(pk=example.pk)
    )


def _recount(example: Example) -> None:
    flags = ContextFlag.objects.filter(example=OuterRef("pk")).values("example")
    count = Subquery(flags.annotate(count=Count("pk")).values("count"))
    Example.objects.filter(pk=example.pk).update(context_flags=Coalesce(count, 0))
    # Editors see the count beside the example, on both the pages it shows on.
    freshness.touch(example.page_ids)


# The cleanup queue.


def queue(namespace: str = "", trope_id: int | None = None) -> QuerySet[Example]:
    """The examples flagged or marked by the hints, most flagged first, then newest first;
    only those in works of `namespace`, or of the trope `trope_id`, if given."""
    examples = Example.objects.filter(Q(context_flags__gt=0) | ~Q(hints=""))
    if namespace:
        examples = examples.filter(work__page__namespace=namespace)
    if trope_id is not None:
        examples = examples.filter(trope=trope_id)
    return examples.order_by("-context_flags", "-pk")


# The member's own flag, on pages rendered for every member like them (wiki.personal).


def fill_flag(member: personal.Member, example_id: str) -> str:
    """The flag widget's part that is the member's own: their flag and note, or the form."""
    values = {
        "example_id": int(example_id),
        "my_flag": my_flag(member.user, int(example_id)),
        "csrf_token": member.csrf_token,
    }
    return personal.render_block("tropes/_context_flag.html", "context_flag", values)


def register() -> None:
    """Called once the apps are ready (tropes.apps)."""
    personal.register("context_flag", fill_flag)
    wiki.kinds.reserve("cleanup")  # the queue's address: no namespace may take it
