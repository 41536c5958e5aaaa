"""Where a trope's examples are shown, and keeping the pages that show them fresh when that
changes.

A plain trope's examples for a work are on the work's main page; a YMMV or trivia trope's
on the work's subpage whose kind accepts that kind of trope (SubpageKind.accepts); a trope
whose rule keeps its examples on its own page, or that takes none, has them on no work's
page (Example.objects.for_work_page). So a trope's kind and its example rule decide what
every page of the works it has examples in shows: changing either gives them new stamps, in
the same transaction (wiki.freshness).
"""

from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from tropes.models import Example, Installment, Subpage, Trope
from wiki import freshness
from wiki.models import Page

# What a trope's record holds that decides where its examples show, and the icon it is
# listed with.
PLACING_FIELDS = ("kind", "example_rule")


def pages_listing_examples_of(trope_id):
    """Every page that may list or count an example of the trope, or show its icon, besides
    its own: the pages linking to it (its works' pages link to it through their examples,
    as do the indexes it is on) and every subpage and installment page of its works."""
    works = Example.objects.filter(trope=trope_id).values("work_id")
    trope_key = Page.objects.filter(pk=trope_id).values("key")
    return Page.objects.filter(
        Q(pk__in=Page.objects.filter(outgoing_links__to_key__in=trope_key).values("pk"))
        | Q(pk__in=Subpage.objects.filter(work__in=works).values("page_id"))
        | Q(pk__in=Installment.objects.filter(work__in=works).values("page_id"))
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
