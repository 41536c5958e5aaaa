import argparse
import textwrap

from django.core.management.base import BaseCommand, CommandError

from wiki import integrity
from wiki.integrity.stamps import SLACK

LARGEST_BATCH = 20_000
WIDTH = 78  # of the help's paragraphs, which argparse is told to leave as they are


class Command(BaseCommand):
    @property
    def help(self):
        checks = "\n".join(
            textwrap.fill(
                f"{name}: {check.description}.",
                WIDTH,
                initial_indent="  ",
                subsequent_indent="    ",
            )
            for name, check in integrity.registered().items()
        )
        about = (
            "Compare what the wiki derives and stores (links, search entries, stamps, "
            "revisions, ratings…) with what it is derived from, print a summary, and with "
            "--repair derive it again. Exits with status 1 when problems remain."
        )
        decisions = (
            "Page stamps: a page whose shown_changed is more than "
            f"{SLACK.total_seconds():.0f} seconds older than the newest revision of the page, "
            "or of anything shown on it, changed without its stamp, so a kept copy may "
            "predate the change; the repair gives it a new stamp. Revisions: an object "
            "without any gets a first revision of what it holds now, summarised as recorded "
            "by the checker; revisions of a deleted object are kept, and where its deletion "
            "went unrecorded one is appended, copied from its last revision."
        )
        return "\n\n".join(
            [textwrap.fill(about, WIDTH), f"Checks:\n{checks}", textwrap.fill(decisions, WIDTH)]
        )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter  # keep the list's lines
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Fix what is found, a transaction a batch."
        )
        parser.add_argument(
            "--check",
            action="append",
            dest="names",
            metavar="NAME",
            help="Run only this check (repeat for several); all of them by default.",
        )
        parser.add_argument(
            "--batch",
            type=batch_size,
            default=integrity.BATCH,
            help=f"Rows read a batch (default {integrity.BATCH}, at most {LARGEST_BATCH:,}).",
        )

    def handle(self, *args, repair, names, batch, **options):
        checks = integrity.registered()
        unknown = sorted(set(names or ()) - checks.keys())
        if unknown:
            raise CommandError(
                f"No check is called {', '.join(unknown)}; the checks are {', '.join(checks)}."
            )
        chosen = [checks[name] for name in checks if not names or name in names]
        self.stdout.write(
            f"{'check':<18}{'examined':>12}{'problems':>10}{'repaired':>10}{'seconds':>9}"
        )
        outcomes = []
        for check in chosen:
            outcome = integrity.run(check, repair=repair, size=batch)
            outcomes.append(outcome)
            self.stdout.write(_row(outcome))
            self.stdout.flush()
        for outcome in outcomes:
            self._details(outcome)
        remaining = sum(outcome.unrepaired for outcome in outcomes)
        if remaining:
            advice = "" if repair else "; run again with --repair to fix them"
            raise CommandError(f"{remaining:,} problem(s) not repaired{advice}.", returncode=1)
        unfinished = [outcome.name for outcome in outcomes if outcome.failed]
        if unfinished:
            raise CommandError(f"Not every check finished: {', '.join(unfinished)}.", returncode=1)
        found = sum(outcome.problems for outcome in outcomes)
        self.stdout.write(
            self.style.SUCCESS(f"Repaired {found:,} problem(s).")
            if found
            else self.style.SUCCESS("No problems found.")
        )

    def _details(self, outcome):
        if outcome.skipped:
            self.stdout.write(f"{outcome.name}: skipped, {outcome.skipped}.")
        if outcome.problems:
            self.stdout.write(f"{outcome.name}: {outcome.problems:,} problem(s), such as")
            for sample in outcome.samples:
                self.stdout.write(f"  {sample}")
        for error in outcome.errors:
            self.stderr.write(f"{outcome.name}: {error}")


def _row(outcome):
    if outcome.skipped:
        return f"{outcome.name:<18}{'skipped':>12}"
    return (
        f"{outcome.name:<18}{outcome.examined:>12,}{outcome.problems:>10,}"
        f"{outcome.repaired:>10,}{outcome.seconds:>9.1f}"
    )


def batch_size(value):
    if not value.isdigit() or not 1 <= int(value) <= LARGEST_BATCH:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to {LARGEST_BATCH:,}")
    return int(value)
