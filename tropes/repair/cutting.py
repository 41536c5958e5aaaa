"""What cutting a trope (wiki.cutting) does to its examples: each is removed as a revision
naming the cut, so work pages stop listing them, and restoring the trope brings back those
the cut removed, under their old ids, their history continuing."""

from datetime import datetime

from accounts.models import User
from tropes import examples
from tropes.models import Example, Trope
from wiki import cutting
from wiki.models import Page


def removal_summary(page: Page) -> str:
    return f"Removed with {page.full_name}, which was cut"


def remove_examples(page: Page, user: User, reason: str) -> None:
    if page.kind != Trope.KIND:
        return
    for example in Example.objects.filter(trope_id=page.pk).select_related("trope", "work"):
        examples.remove_example(example, user, removal_summary(page))


def restore_examples(page: Page, user: User, since: datetime) -> None:
    if page.kind != Trope.KIND:
        return
    removed = Example.history.filter(
        trope_id=page.pk,
        history_type="-",
        history_change_reason=removal_summary(page),
        history_date__gte=since,
    ).select_related("trope__page", "work__page")
    for record in removed.order_by("history_id"):
        if not Example.objects.filter(pk=record.id).exists():
            examples.restore_example(record, user)


def register() -> None:
    cutting.register(remove_examples, restore_examples)
