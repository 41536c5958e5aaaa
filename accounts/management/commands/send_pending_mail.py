from django.core.management.base import BaseCommand, CommandError

from accounts import mail


class Command(BaseCommand):
    help = (
        "Send the site's mail that is due: mail the mail server could not take before (with "
        f"longer waits after each failure, given up after {mail.MAX_ATTEMPTS} attempts), and "
        "mail left behind by a server process that stopped. Purges old records of sent mail. "
        "Run it every minute; runs that overlap never send a message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=1000,
            help="Most messages to try in one run (default 1000); the rest wait for the next.",
        )

    def handle(self, *args, limit, verbosity, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        run = mail.send_due(limit)
        if verbosity:
            self.stdout.write(run.summary())
