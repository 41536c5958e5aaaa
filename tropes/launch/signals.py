"""A draft's page edited is a draft worked on: it is active again, and no longer stale."""

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from tropes.launch import drafts
from tropes.models import LaunchDraft
from wiki.models import Page


@receiver(post_create_historical_record)
def draft_page_revised(sender, instance, history_instance, **kwargs):
    # Revisions only: a page's new stamp is no revision, and no work on the draft.
    if type(instance) is Page and instance.kind == LaunchDraft.KIND and instance.pk:
        user = history_instance.history_user
        if history_instance.history_type == "~":
            drafts.page_edited(instance.pk, user)
