"""What the engine keeps beside every page, whatever code saves or deletes it: the links its
markup makes, the stamps of the pages that show it (wiki.freshness), its search entry, the
entries of the indexes it lists or is listed on (wiki.index_entries).

Page.save() runs these in its transaction. Renames are told to freshness by the code
that makes them (wiki.moving, wiki.editing, the admin), which knows what the page was.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from wiki import freshness, index_entries, search, search_answers
from wiki.models import Page, SearchEntry


@receiver(pre_save, sender=Page)
def page_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        freshness.restamp(instance)


@receiver(post_save, sender=Page)
def page_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    # The pages its links now reach or leave (their backlinks and red links) and those whose
    # bars its lists change, if it is an index or listed by one: all given new stamps at once.
    linked = instance.record_links("", instance.own_link_keys())
    freshness.touch_keys(linked, also=index_entries.page_saved(instance, created, update_fields))
    freshness.page_saved(instance, created)
    search.index(instance, changed=update_fields)


@receiver(pre_delete, sender=Page)
def page_deleting(sender, instance, **kwargs):
    freshness.page_deleted(instance)
    freshness.touch(index_entries.page_deleting(instance))


@receiver(post_delete, sender=SearchEntry)
def search_entry_deleted(sender, instance, **kwargs):
    # Deleted with its page, by cascade: answers kept with the page in them are not read again.
    search_answers.index_changed()
