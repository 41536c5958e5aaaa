import sys
import time

from django.core.management.base import BaseCommand, CommandError

from tropes.importing import Importer


class Command(BaseCommand):
    help = "Import tropes, works and examples from a directory of JSON lines files."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--link-examples",
            action="store_true",
            help="Also turn work_trope_links.jsonl rows into examples with placeholder text.",
        )

    def handle(self, directory, link_examples, **options):
        started = time.monotonic()
        try:
            summary = Importer(directory, progress=ProgressBar(self.stderr)).run(link_examples)
        except FileNotFoundError as missing:
            raise CommandError(f"Cannot read {missing.filename}.") from None
        seconds = time.monotonic() - started
        self.stderr.write("")
        if not summary.changed:
            self.stdout.write("Nothing to import: everything is already here.")
        for what, count in summary.created.items():
            self.stdout.write(f"{what:>9}: {count:,} created, {summary.skipped[what]:,} skipped")
        examples = summary.created["examples"]
        self.stdout.write(f"Done in {seconds:.1f} s ({examples / seconds:,.0f} examples a second).")


class ProgressBar:
    """One line, redrawn: what, how far, how fast and how long is left."""

    WIDTH = 30

    def __init__(self, out):
        self.out = out
        self.started = {}

    def __call__(self, label, done, total):
        started = self.started.setdefault(label, time.monotonic())
        elapsed = time.monotonic() - started
        # A step reported before any time has passed says nothing about speed yet.
        rate = done / elapsed if elapsed > 0.1 else 0
        left = (total - done) / rate if rate else 0
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.flush()
        self.out.write(
            f"\r{label:>9} [{bar}] {done:,}/{total:,}  {rate:,.0f}/s  {left:,.0f} s left",
            ending="",
        )
        self.out.flush()
