"""Where a trope's examples are shown, and keeping the pages that show them fresh when that
changes.

A plain trope's examples for a work are on the work's main page; a YMMV or trivia trope's
on the work's subpage whose kind accepts that kind of trope (SubpageKind.accepts); a trope
whose rule keeps its examples on its own page, or that takes none, has them on no work's
page (Example.objects.for_work_page). So a trope's kind and its example rule decide what
every page of the works it has examples in shows: changing either gives them new stamps, in
the same transaction (wiki.freshness).

A new YMMV or trivia example about a work is placed on the work's subpage of that kind, made
with it if the work has none yet (`place`, from tropes.examples), and the editor who added it
from the work's main page is told where it went (`listing`).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.html import format_html

from accounts.models import User
from tropes.models import Example, Installment, Subpage, SubpageKind, Trope, TropeRelation
from tropes.subpages import creating
from wiki import freshness
from wiki.models import Page

# Rules that keep a trope's examples off every page of a work.
OFF_WORK_PAGES = (Trope.ExampleRule.NONE, Trope.ExampleRule.TROPE_PAGE_ONLY)


def subpage_kind_for(trope):
    """The kind of subpage that lists `trope`'s examples for a work (the first, in the tab
    bar's order, accepting its kind), or None where that is the work's main page or none."""
    if trope.kind == Trope.Kind.TROPE or trope.example_rule in OFF_WORK_PAGES:
        return None
    return SubpageKind.objects.filter(accepts=trope.kind).order_by("order", "name").first()


def subpage_for(work, kind, user):
    """The page of `work`'s subpage of `kind`, made now (credited to `user`) if it has none."""
    found = Subpage.objects.filter(work=work, kind=kind).select_related("page").first()
    if found is not None:
        return found.page
    try:
        return creating.create_subpage(work, kind, user)
    except ValidationError:  # another editor made it meanwhile
        found = Subpage.objects.filter(work=work, kind=kind).select_related("page").first()
        if found is None:
            raise
        return found.page


def place(example: Example, user: User) -> Page | None:
    """Make sure a page lists the new `example` (added, approved or restored): a YMMV or
    trivia trope's example about the work itself is listed on the work's subpage accepting
    that kind of trope, made with it, credited to `user`, if the work has none yet. The
    example went live, so the page it needs does too. Returns that page, or None."""
    if example.character_id or example.installment_id:
        return None  # on the character's or installment's page (tropes.example_parts)
    kind = subpage_kind_for(example.trope)
    # Noted on the example for `listing`, which would read it again.
    example.listed_on = None if kind is None else subpage_for(example.work, kind, user)
    return example.listed_on


@dataclass(frozen=True)
class Listing:
    """Where an example is listed, and why, when that is not its work's main page."""

    page: Page
    reason: str = ""

    def url(self, example):
        return f"{self.page.get_absolute_url()}#example-{example.pk}"

    def message(self):
        """What the editor who added the example from its work's page is told: where it went,
        with a link."""
        return format_html(
            '{} It is listed on <a href="{}">{}</a>.',
            self.reason,
            self.page.get_absolute_url(),
            self.page.title,
        )


def listing(example):
    """Where the example (about the work itself) is listed besides its trope's page."""
    trope, work = example.trope, example.work
    if trope.example_rule == Trope.ExampleRule.TROPE_PAGE_ONLY:
        return Listing(trope.page, f"Examples of {trope} are listed on its own page only.")
    if hasattr(example, "listed_on"):  # placed as it was added, by this process
        page = example.listed_on
    else:
        kind = subpage_kind_for(trope)
        subpages = Subpage.objects.filter(work=work, kind=kind).select_related("page")
        subpage = subpages.first() if kind else None
        page = subpage.page if subpage else None
    if page is None:
        return Listing(work.page)
    return Listing(
        page,
        f"{trope} is a {trope.get_kind_display()}: its examples go on the work's page for "
        "them, not on its main page.",
    )


# What a trope's record holds that decides where its examples show, and the icon it is
# listed with.
PLACING_FIELDS = ("kind", "example_rule")


def pages_listing_examples_of(trope_id):
    """Every page that may list or count an example of the trope, or show its icon, besides
    its own: the pages linking to it (its works' pages link to it through their examples,
    as do the indexes it is on), every subpage and installment page of its works, and the
    pages of the tropes related to it."""
    works = Example.objects.filter(trope=trope_id).values("work_id")
    trope_key = Page.objects.filter(pk=trope_id).values("key")
    return Page.objects.filter(
        Q(pk__in=Page.objects.filter(outgoing_links__to_key__in=trope_key).values("pk"))
        | Q(pk__in=Subpage.objects.filter(work__in=works).values("page_id"))
        | Q(pk__in=Installment.objects.filter(work__in=works).values("page_id"))
        # The tropes related to it list it with its icon (tropes.relations).
        | Q(pk__in=TropeRelation.objects.filter(other=trope_id).values("trope_id"))
        | Q(pk__in=TropeRelation.objects.filter(trope=trope_id).values("other_id"))
    )


@receiver(pre_save, sender=Trope)
def _read_placing_fields(sender, instance, raw=False, **kwargs):
    # What the database holds before the save, whatever the instance was read with: one
    # query, made only when a trope's own fields are saved (an edit of its laconic, kind
    # or rule; the admin), never on a page edit that leaves them alone.
    if raw or instance._state.adding:
        return
    instance._placed_before = (
        Trope.objects.filter(pk=instance.pk).values_list(*PLACING_FIELDS).first()
    )


@receiver(post_save, sender=Trope)
def _placing_fields_saved(sender, instance, raw=False, created=False, **kwargs):
    before = getattr(instance, "_placed_before", None)
    if raw or created or before is None:
        return
    if before != tuple(getattr(instance, name) for name in PLACING_FIELDS):
        freshness.touch(pages_listing_examples_of(instance.pk))
