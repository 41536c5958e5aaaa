"""What cutting a trope or a work (wiki.cutting) does to its examples: each is removed as a
revision naming the cut, so the pages of the works or tropes on the other side stop listing
them, and restoring the page brings back those the cut removed, under their old ids, their
history continuing. A work's subpages are pages of their own, cut or kept on their own."""

from datetime import datetime

from accounts.models import User
from tropes import examples
from tropes.models import Example, Trope, Work
from wiki import cutting
from wiki.models import Page

# The field naming the page among an example's, for each kind of page that has examples.
SIDES = {Trope.KIND: "trope_id", Work.KIND: "work_id"}


def removal_summary(page: Page) -> str:
    return f"Removed with {page.full_name}, which was cut"


def remove_examples(page: Page, user: User, reason: str) -> None:
    side = SIDES.get(page.kind)
    if side is None:
        return
    for example in Example.objects.filter(**{side: page.pk}).select_related("trope", "work"):
        examples.remove_example(example, user, removal_summary(page))


def restore_examples(page: Page, user: User, since: datetime) -> None:
    side = SIDES.get(page.kind)
    if side is None:
        return
    removed = Example.history.filter(
        **{side: page.pk},
        history_type="-",
        history_change_reason=removal_summary(page),
        history_date__gte=since,
    ).select_related("trope__page", "work__page")
    for record in removed.order_by("history_id"):
        if not Example.objects.filter(pk=record.id).exists():
            examples.restore_example(record, user)


def register() -> None:
    cutting.register(remove_examples, restore_examples)
