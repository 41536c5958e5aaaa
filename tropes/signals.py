from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tropes.models import Example, Trope, Work
from wiki import aftercommit, freshness, search
from wiki.models import Link


@receiver(post_delete, sender=Example)
def forget_example_links(sender, instance, **kwargs):
    # Runs for cascades too, so a deleted work leaves no stale links on its tropes' pages.
    Link.objects.filter(origin=instance.link_origin).delete()


@receiver(post_save, sender=Example)
def reindex_example_pages(sender, instance, raw=False, **kwargs):
    # An example is searched as part of both pages it shows on.
    if not raw:
        search.index_pages([instance.work_id, instance.trope_id])


@receiver(post_delete, sender=Example)
def example_removed(sender, instance, **kwargs):
    # After the commit, once for a whole cascade: when a work is deleted with its examples,
    # its page is gone by then and must not be indexed again halfway through.
    pages = [instance.work_id, instance.trope_id]
    aftercommit.once(search.index_pages, pages)
    aftercommit.once(freshness.touch, pages)


@receiver(post_save, sender=Trope)
def reindex_laconic(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_pages([instance.pk])


@receiver(post_save, sender=Example)
def example_pages_changed(sender, instance, raw=False, **kwargs):
    # Both pages show the example: in the same transaction, so no copy outlives it.
    if not raw:
        freshness.touch([instance.trope_id, instance.work_id])


@receiver(post_save, sender=Trope)
@receiver(post_save, sender=Work)
def page_fields_changed(sender, instance, raw=False, created=False, **kwargs):
    # A new trope or work record comes with its page, which has just been stamped.
    if not raw and not created:
        freshness.touch([instance.pk])
