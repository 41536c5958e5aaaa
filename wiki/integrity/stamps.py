"""Page stamps: a page's stamp (wiki.freshness) must have changed with the last change to
anything shown on it, so that no kept copy of the page predates that change."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from wiki import freshness, kinds
from wiki.integrity import revisions
from wiki.integrity.checking import Batch, Check, Problem, in_batches
from wiki.models import Page

# A page is stamped as it is saved, a moment before its revision is written, and the pages
# showing an example as the example is saved; each in the transaction of the change, which
# no statement timeout lets run this long.
SLACK = timedelta(minutes=1)


class PageStamps(Check):
    name = "stamps"
    description = (
        "each page's stamp (shown_changed), against the newest revision of the page or of "
        "anything an app shows on it (examples); an older stamp may be serving stale copies"
    )

    def scan(self, size: int) -> Iterator[Batch]:
        newest = _newest_revisions()
        pages = (
            Page.objects.articles()
            .annotate(**newest)
            .values("pk", "namespace", "name", "shown_changed", *newest)
        )
        for chunk in in_batches(pages, size):
            problems = []
            for row in chunk:
                changed = max((row[name] for name in newest if row[name]), default=None)
                if changed is not None and changed > row["shown_changed"] + SLACK:
                    what = (
                        f"{row['namespace']}/{row['name']}: stamped {_when(row['shown_changed'])},"
                        f" changed {_when(changed)}"
                    )
                    problems.append(Problem(what, row["pk"]))
            yield Batch(len(chunk), problems)

    def repair(self, problems: list[Problem]) -> None:
        # A new stamp is always safe: at worst a copy is rendered again.
        freshness.touch([problem.subject for problem in problems])


def _newest_revisions() -> dict[str, Subquery]:
    """{annotation: the date of the newest revision shown on the page}: its own, and those
    of each field of the apps' revisions (kinds.change_sources) naming a page they show on.
    The checker's own revisions change nothing shown, and do not count."""
    sources: list[tuple[QuerySet[Any], str]] = [(Page.history.all(), "id")]
    for source in kinds.change_sources():
        sources += [(source.records, page_field) for page_field in source.page_fields]
    return {
        f"newest_{number}": Subquery(
            records.select_related(None)
            .filter(**{page_field: OuterRef("pk")})
            .exclude(history_change_reason__in=revisions.SUMMARIES)
            .order_by("-history_date")
            .values("history_date")[:1]
        )
        for number, (records, page_field) in enumerate(sources)
    }


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")
