"""Mark idle launch-pad drafts stale, and discard those stale past their grace period.

Run it on a schedule (hourly is plenty): see docs/operations.md."""

from django.core.management.base import BaseCommand

from tropes.launch import drafts


class Command(BaseCommand):
    help = (
        "Mark drafts idle for LAUNCH_STALE_DAYS stale (telling their sponsors), and discard "
        "drafts stale for 7 days since."
    )

    def handle(self, *args, **options):
        stale = drafts.mark_stale()
        discarded = drafts.discard_stale()
        self.stdout.write(f"{stale} draft(s) marked stale, {discarded} discarded.")
