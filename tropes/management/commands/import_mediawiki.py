"""manage.py import_mediawiki DUMP.xml[.bz2|.gz]: a MediaWiki wiki's pages, with their history.

--show-namespaces          print the namespace map this dump would be read with, and stop
--namespace-map FILE       read the map from FILE (the form --show-namespaces prints)
--map Src=Dst              map one namespace ("-" leaves it out); repeatable, after FILE
--latest-only              only each page's current text, as one revision
--dry-run                  read and convert everything, write nothing
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tropes.mediawiki.dump import SCHEMAS, Dump
from tropes.mediawiki.importer import Importer, ImportSummary
from tropes.mediawiki.namespaces import BadMap, NamespaceMap, read_map

TEMPLATES_SHOWN = 20
PROGRESS_EVERY = 1000  # pages


class Command(BaseCommand):
    help = "Import a MediaWiki XML dump (schema 0.10 or 0.11, plain, .bz2 or .gz) with history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", help="the dump: .xml, .xml.bz2 or .xml.gz")
        parser.add_argument("--show-namespaces", action="store_true")
        parser.add_argument("--namespace-map", metavar="FILE")
        parser.add_argument("--map", action="append", default=[], metavar="SRC=DST")
        parser.add_argument("--latest-only", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["dump"]))
        if not path.is_file():
            raise CommandError(f"No dump at {path}.")
        try:
            dump = Dump(path)
        except (OSError, EOFError, SyntaxError) as error:  # ParseError is a SyntaxError
            raise CommandError(f"{path} is no readable XML dump: {error}") from None
        with dump:
            if dump.schema and dump.schema not in SCHEMAS:
                self.stderr.write(f"Schema {dump.schema}: read as {SCHEMAS[-1]}, unchecked.")
            namespaces = self.namespace_map(dump, options)
            if options["show_namespaces"]:
                self.stdout.write(namespaces.table())
                return
            importer = Importer(
                dump,
                namespaces,
                latest_only=bool(options["latest_only"]),
                dry_run=bool(options["dry_run"]),
                progress=self.progress,
            )
            try:
                summary = importer.run()
            except (OSError, EOFError, SyntaxError) as error:
                raise CommandError(f"The dump broke off: {error}") from None
        self.report(summary, bool(options["dry_run"]))

    def namespace_map(self, dump: Dump, options: dict[str, object]) -> NamespaceMap:
        chosen: dict[str, str] = {}
        try:
            if options["namespace_map"]:
                with open(str(options["namespace_map"]), encoding="utf-8") as lines:
                    chosen.update(read_map(lines))
            chosen.update(read_map(options["map"]))  # type: ignore[arg-type]
            namespaces = NamespaceMap(dump.namespaces, chosen)
        except BadMap as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot read the namespace map: {error}") from None
        for alias, key in dump.aliases.items():
            namespaces.add_alias(alias, key)
        namespaces.add_alias("Image", 6)  # File's old name, still written in links
        return namespaces

    def progress(self, pages: int) -> None:
        if pages % PROGRESS_EVERY == 0:
            self.stderr.write(f"{pages} pages read…")

    def report(self, summary: ImportSummary, dry_run: bool) -> None:
        would = "would be " if dry_run else ""
        write = self.stdout.write
        if dry_run:
            write("Dry run: nothing was written.")
        pages = summary.pages
        write(
            f"pages: {pages['created']} {would}created, {pages['updated']} {would}updated, "
            f"{pages['unchanged']} unchanged"
        )
        for reason, count in sorted(summary.skipped.items()):
            write(f"  {count} skipped: {reason}")
        write(f"revisions: {summary.revisions} {would}imported")
        if not dry_run:
            redirects, categories = summary.redirects, summary.categories
            write(
                f"redirects: {redirects['set']} set, {redirects['unchanged']} unchanged, "
                f"{redirects['unresolved']} leading to no page of ours"
            )
            write(
                f"category index pages: {categories['created']} created, "
                f"{categories['updated']} updated, {categories['unchanged']} unchanged"
            )
        templates = summary.unknown_templates
        write(f"unknown templates: {len(templates)} kinds, {sum(templates.values())} uses")
        for name, count in templates.most_common(TEMPLATES_SHOWN):
            write(f"  {{{{{name}}}}}: {count}")
