from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki import dumps


class Command(BaseCommand):
    help = (
        "Write a dump of everything public into DIR (a new or empty folder): a file of JSON "
        "lines for each section, a manifest with counts and checksums, and the licence "
        "notice. Authors are named by handle only; votes are given as ratings. The same data "
        "gives the same bytes. `import_wiki DIR` restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory, **options):
        def progress(name, done):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {name}: {done:,}")

        try:
            written = dumps.export(directory, progress)
        except FileExistsError as error:
            raise CommandError(str(error)) from None
        for part in written:
            self.stdout.write(f"{part.section.name}: {part.rows:,} rows")
        self.stdout.write(self.style.SUCCESS(f"Dump written to {directory}."))
