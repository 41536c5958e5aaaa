"""A moderator's merge of one trope into another.

Every example of the trope merged away moves to the trope it joins, as a revision of the
example, which keeps its id and so its whole history. Where both tropes have an example for
the same work (or the same character or installment), the moderator writes the text the
two become: the kept example is edited to it and the other removed, each as a revision. The
trope merged away keeps its page and history, and becomes a redirect to the other, which
its other names now lead to as well.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import ModeratorAction, User
from tropes import context_flags, examples, placement
from tropes.models import Example, Trope
from tropes.subpages import family
from wiki import freshness, kinds
from wiki.models import Link, Page, SearchEntry
from wiki.revisions import credit

TEXT_LIMIT = 20_000

# What makes two examples the same example: the work, and the character or installment.
Place = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class Pair:
    """An example on both tropes: `source`'s (merged away) and `target`'s (kept)."""

    source: Example
    target: Example


def _place(example: Example) -> Place:
    return (example.work_id, example.character_id, example.installment_id)


def pairs(source: Trope, target: Trope) -> list[Pair]:
    """The examples present on both tropes, which the moderator merges by hand."""
    kept = {
        _place(example): example
        for example in Example.objects.filter(trope=target).with_pages("work")
    }
    return [
        Pair(example, kept[_place(example)])
        for example in Example.objects.filter(trope=source).with_pages("work").order_by("pk")
        if _place(example) in kept
    ]


def check_mergeable(source: Trope, target: Trope) -> None:
    if source.pk == target.pk:
        raise ValidationError("A trope cannot be merged into itself.")
    if target.page.redirect_to_id or target.page.cut:
        raise ValidationError(f"{target.page} is not a trope page any more.")
    if target.example_rule == Trope.ExampleRule.NONE and source.examples.exists():
        raise ValidationError(f"{target.page.title} takes no examples: it is a definition only.")


def merge(source: Trope, target: Trope, user: User, texts: dict[int, str], reason: str) -> Page:
    """Merge `source` into `target`; `texts` gives, for each of source's examples that has a
    twin on target (`pairs`), by its id, the text the twin is to read. Returns the page of
    `source`, now a redirect. Raises ValidationError where a pair has no text."""
    check_mergeable(source, target)
    with transaction.atomic():
        # Both pages locked, in the order of their ids, so two merges never wait on each other.
        locked = Page.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        list(locked.order_by("pk"))
        twins = pairs(source, target)
        missing = [pair for pair in twins if not texts.get(pair.source.pk, "").strip()]
        if missing:
            raise ValidationError(
                f"Write the merged text of the example in {missing[0].source.work.page.title}."
            )
        merged_summary = f"Merged with its example on {source.page.full_name}"
        for pair in twins:
            _merge_pair(pair, texts[pair.source.pk], user, merged_summary, target)
        moved = Example.objects.filter(trope=source).select_related("trope", "work")
        for example in moved:
            example.trope = target
            summary = f"Moved from {source.page.full_name}, merged into {target.page.full_name}"
            credit(example, user, summary).save()
            placement.place(example, user)
        work_ids = list(Example.objects.filter(trope=target).values_list("work_id", flat=True))
        page = _redirect(source, target, user, reason)
        family.touch_listing_examples(work_ids)
        ModeratorAction.record(
            user,
            ModeratorAction.Kind.MERGE,
            f"{page.full_name} into {target.page.full_name}",
            reason=reason,
            url=target.page.get_absolute_url(),
        )
    return page


def _merge_pair(pair: Pair, text: str, user: User, summary: str, target: Trope) -> None:
    kept = Example.objects.select_for_update().get(pk=pair.target.pk)
    text = text[:TEXT_LIMIT]
    if kept.text != text:
        context_flags.clear(kept)
        kept.text = text
        kept.full_clean()
        credit(kept, user, summary).save()
    examples.remove_example(
        pair.source, user, f"Merged into its example on {target.page.full_name}"
    )


def _redirect(source: Trope, target: Trope, user: User, reason: str) -> Page:
    """Make the source trope's page a redirect to the target's, its other names too; its
    record goes (a revision of it), its page and history stay."""
    page = Page.objects.get(pk=source.pk)
    # Its examples now link from the target's page: the source's page lists none.
    Link.objects.filter(from_page=page).exclude(origin="").delete()
    credit(source, user, f"Merged into {target.page.full_name}").delete()
    for alias in Page.objects.filter(redirect_to=page):
        alias.redirect_to = target.page
        credit(alias, user, f"Redirect to {target.page.full_name}, which {page} merged into")
        alias.save()
    page.redirect_to = target.page
    page.kind = kinds.OTHER
    summary = f"Merged into {target.page.full_name}"
    credit(page, user, f"{summary}: {reason}" if reason else summary).save()
    # Found by search as the trope it joined, whose entry its save gave its name.
    SearchEntry.objects.filter(page=page).delete()
    freshness.page_renamed(page)
    return page
