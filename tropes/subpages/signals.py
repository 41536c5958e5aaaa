"""New stamps for every page of a work's family whenever its tab bar changes, whatever code
makes the change: a subpage created, moved or deleted, the work moved or its laconic
written, a kind of subpage edited by a moderator. In the change's transaction, like every
stamp (wiki.freshness)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tropes.models import Installment, Subpage, SubpageKind, Work
from tropes.subpages import family
from wiki import freshness
from wiki.models import Page


@receiver(post_save, sender=Subpage)
def subpage_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        freshness.touch(family.pages([instance.work_id]))


@receiver(post_delete, sender=Subpage)
def subpage_deleted(sender, instance, **kwargs):
    # Its page, where it stays, no longer shows the bar; the rest no longer show its tab.
    freshness.touch(family.pages([instance.work_id]) | Page.objects.filter(pk=instance.page_id))


@receiver(post_save, sender=Page)
def family_page_moved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    # The bar links to the work's page and to each subpage: a move (or the admin) saving one
    # whole changes that address on every page of the family. An edit names the fields it
    # writes (update_fields), and never writes the name; a new page has no tab yet.
    if raw or created or update_fields is not None:
        return
    if instance.kind == Work.KIND:
        freshness.touch(family.pages([instance.pk]))
    elif instance.kind == Subpage.KIND:
        freshness.touch(family.pages(Subpage.objects.filter(page=instance.pk).values("work_id")))


@receiver(post_save, sender=SubpageKind)
@receiver(post_delete, sender=SubpageKind)
def kind_changed(sender, instance, raw=False, **kwargs):
    # Its name, icon and order are on every tab of its kind, and every work's Create menu
    # lists it: rare (moderators, in the admin), and worth every family's new stamp.
    if not raw:
        freshness.touch(Page.objects.filter(kind__in=[Work.KIND, Subpage.KIND, Installment.KIND]))
