from django.db.models.signals import post_delete
from django.dispatch import receiver

from tropes.models import Example
from wiki.models import Link


@receiver(post_delete, sender=Example)
def forget_example_links(sender, instance, **kwargs):
    # Runs for cascades too, so a deleted work leaves no stale links on its tropes' pages.
    Link.objects.filter(origin=instance.link_origin).delete()
