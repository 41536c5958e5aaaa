"""What is kept beside examples, works and tropes, whatever code saves or deletes them: the
links an example adds to its pages, the stamps of the pages showing them (wiki.freshness),
and their search entries."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tropes.models import Example, Trope, Work
from tropes.subpages import family
from wiki import aftercommit, freshness, search
from wiki.models import Link


@receiver(post_save, sender=Example)
def example_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Both pages show the example, and the work's subpage listing its trope's kind, if any,
    # or the page of the character or installment it is about: touched in the same
    # transaction, so no copy outlives it.
    freshness.touch_keys(instance.record_links())
    freshness.touch(family.showing_examples([instance]))
    # An example is searched as part of both pages it shows on.
    search.index_pages(instance.page_ids)


@receiver(post_delete, sender=Example)
def example_removed(sender, instance, **kwargs):
    # Runs for cascades too, so a deleted work leaves no stale links on its tropes' pages.
    Link.objects.filter(origin=instance.link_origin).delete()
    # After the commit, once for a whole cascade: when a work is deleted with its examples,
    # its page is gone by then and must not be indexed again halfway through.
    aftercommit.once(search.index_pages, instance.page_ids)
    aftercommit.once(freshness.touch, instance.page_ids)
    aftercommit.once(family.touch_listing_examples, [instance.work_id])


@receiver(post_save, sender=Trope)
@receiver(post_save, sender=Work)
def reindex_laconic(sender, instance, raw=False, **kwargs):
    # The laconic is searched, and shown under each result: stored alone, without reading
    # the examples the rest of the entry holds.
    if not raw:
        search.index_summary(instance.pk, instance.laconic)


@receiver(post_save, sender=Trope)
@receiver(post_save, sender=Work)
def page_fields_changed(sender, instance, raw=False, created=False, **kwargs):
    # A new trope or work record comes with its page, which has just been stamped. A work's
    # laconic shows on every page of its family (its tab).
    if not raw and not created:
        freshness.touch(family.pages([instance.pk]) if sender is Work else [instance.pk])
