from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki import dumps


class Command(BaseCommand):
    help = (
        "Restore the dump `export_wiki` wrote in DIR into an empty database (after "
        "`migrate`): every row with its id and dates, the history whole; rendered markup, "
        "the search index and index entries derived again. Refuses a database that holds "
        "anything, and writes nothing unless the whole dump is restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory, **options):
        def progress(name, done):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {name}: {done:,}")

        try:
            restored = dumps.restore(directory, progress)
        except dumps.DumpError as error:
            raise CommandError(str(error)) from None
        for name, rows in restored.items():
            self.stdout.write(f"{name}: {rows:,} rows")
        self.stdout.write(self.style.SUCCESS(f"Dump restored from {directory}."))
