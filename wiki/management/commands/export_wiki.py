from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki import dumps


class Command(BaseCommand):
    help = (
        "Write a dump of everything public into DIR (a new or empty folder): a file of JSON "
        "lines for each section, the images they name in media.tar, a manifest with counts "
        "and checksums, and the licence notice. Authors are named by handle only; votes are "
        "counted by value. The same data gives the same bytes. `import_wiki DIR` restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory, **options):
        def progress(name, done):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {name}: {done:,}")

        try:
            exported = dumps.export(directory, progress)
        except FileExistsError as error:
            raise CommandError(str(error)) from None
        for part in exported.written:
            self.stdout.write(f"{part.section.name}: {part.rows:,} rows")
        self.stdout.write(f"media: {exported.media:,} files")
        if exported.missing:
            self.stderr.write(
                f"{len(exported.missing):,} files named by the wiki are missing from its "
                f"storage, and from the dump: {', '.join(exported.missing[:10])}"
            )
        self.stdout.write(self.style.SUCCESS(f"Dump written to {directory}."))
