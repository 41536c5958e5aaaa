from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tropes.management.commands.import_tropes import ProgressBar
from tropes.tvtropes.importer import TvTropesImporter
from tropes.tvtropes.pages import OTHER, TROPE, WORK, read_page
from wiki.models import validate_namespace, validate_wikiword

SUFFIX = ".tvt"
MAX_FILE_BYTES = 5_000_000
LISTED = 20  # missing pages and problems printed; the counts say how many in all


class Command(BaseCommand):
    help = (
        "Import pages written in TV Tropes markup. Each file is named Namespace.PageName.tvt "
        "(as the old site's own URLs write a page), or named with --name; a directory "
        "imports the .tvt files in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--name",
            help="The page a single file holds, as Namespace/PageName, whatever the file's name.",
        )
        parser.add_argument(
            "--kind",
            choices=[WORK, TROPE, OTHER],
            help="Read every page as this kind, not as its namespace says (Main: trope; "
            "media: work; others: a plain page).",
        )
        parser.add_argument(
            "--images",
            type=Path,
            metavar="DIR",
            help="A directory holding the old site's page images, found by file name.",
        )
        parser.add_argument(
            "--fetch-images",
            action="store_true",
            help="Download the page images not found in --images from their address.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Convert and count everything, write nothing."
        )

    def handle(self, paths, name, kind, images, fetch_images, dry_run, **options):
        files = _files(paths)
        if name and len(files) != 1:
            raise CommandError("--name names the page of a single file.")
        if images is not None and not images.is_dir():
            raise CommandError(f"{images} is not a directory.")
        named = [(path, _page_name(path, name)) for path in files]
        progress = ProgressBar(self.stderr)
        importer = TvTropesImporter(images, fetch_images, dry_run)
        with transaction.atomic():
            for done, (path, (namespace, page_name)) in enumerate(named):
                parsed = read_page(namespace, page_name, _read(path), kind)
                importer.import_page(parsed, path.name)
                progress("pages", done + 1, len(named))
            summary = importer.finish()
            if dry_run:
                transaction.set_rollback(True)
        self.stderr.write("")
        self._report(summary, dry_run)

    def _report(self, summary, dry_run):
        write = self.stdout.write
        if dry_run:
            write("Dry run: nothing was written.")
        pages = ", ".join(f"{count} {what}" for what, count in sorted(summary.pages.items()))
        write(f"Pages: {sum(summary.pages.values())} ({pages or 'none'})")
        examples = ", ".join(f"{count} {what}" for what, count in sorted(summary.examples.items()))
        write(f"Examples: {sum(summary.examples.values())} ({examples or 'none'})")
        unknown = ", ".join(f"{what} ×{count}" for what, count in summary.unknown.most_common())
        write(
            f"Unknown constructs kept as text: {sum(summary.unknown.values())}"
            + (f" ({unknown})" if unknown else "")
        )
        write(f"Links to missing pages: {len(summary.missing)}")
        for key in summary.missing[:LISTED]:
            write(f"  {key}")
        if summary.images:
            write(f"Page images to upload by hand: {len(summary.images)}")
            for image in summary.images[:LISTED]:
                write(f"  {image}")
        for problem in summary.problems[:LISTED]:
            write(f"Not imported: {problem}")


def _files(paths):
    files = []
    for written in paths:
        path = Path(written)
        if path.is_dir():
            files.extend(sorted(path.glob(f"*{SUFFIX}")))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"Cannot read {written}.")
    return files


def _page_name(path, name):
    """(namespace, name) from --name, or from a file named Namespace.PageName.tvt."""
    written = name.replace(".", "/", 1) if name and "/" not in name else name
    if not written:
        stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
        namespace, dot, page = stem.partition(".")
        if not dot:
            raise CommandError(f"{path.name}: name it Namespace.PageName{SUFFIX}, or use --name.")
        written = f"{namespace}/{page}"
    namespace, _, page = written.partition("/")
    try:
        validate_namespace(namespace)
        validate_wikiword(page)
    except ValidationError:
        raise CommandError(f"{path.name}: {written} is not a page name like Film/Oldboy.") from None
    return namespace, page


def _read(path):
    """The file's text: UTF-8, or Windows-1252, which the old site's sources are served in."""
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise CommandError(f"{path.name} is over {MAX_FILE_BYTES:,} bytes: not a page.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
