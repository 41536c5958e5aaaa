from django.db.models.signals import post_save
from django.dispatch import receiver

from wiki import search
from wiki.models import Page


@receiver(post_save, sender=Page)
def keep_search_current(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index(instance)
