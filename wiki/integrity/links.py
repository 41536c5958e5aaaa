"""The links each page's own markup makes, against the link table (origin "")."""

from collections import defaultdict
from collections.abc import Iterator

from wiki import freshness
from wiki.integrity.checking import Batch, Check, Problem, in_batches
from wiki.models import Link, Page


class PageLinks(Check):
    name = "links"
    description = "each page's links in the link table, against what its markup links to"

    def scan(self, size: int) -> Iterator[Batch]:
        pages = Page.objects.only("pk", "namespace", "name", "key", "body", "quote")
        for chunk in in_batches(pages, size):
            recorded: dict[int, set[str]] = defaultdict(set)
            rows = Link.objects.filter(from_page__in=chunk, origin="").values_list(
                "from_page_id", "to_key"
            )
            for page_id, key in rows:
                recorded[page_id].add(key)
            problems = []
            for page in chunk:
                wanted = page.own_link_keys()
                if wanted != recorded[page.pk]:
                    problems.append(Problem(describe(page, wanted, recorded[page.pk]), page.pk))
            yield Batch(len(chunk), problems)

    def repair(self, problems: list[Problem]) -> None:
        pages = Page.objects.select_for_update().filter(pk__in=[p.subject for p in problems])
        changed: set[str] = set()
        for page in pages.order_by("pk"):  # locked in one order, as every bulk lock is
            changed |= page.record_links("", page.own_link_keys())
        # As a save would: the pages gaining or losing a backlink, and the pages themselves,
        # whose red links are read from their links.
        freshness.touch_keys(changed)
        freshness.touch([p.subject for p in problems])


def describe(page: object, wanted: set[str], recorded: set[str]) -> str:
    """ "Main/BigEater: links to main/glutton missing; to main/nothing not in its text"."""
    parts = []
    if wanted - recorded:
        parts.append(f"links to {_some(wanted - recorded)} missing")
    if recorded - wanted:
        parts.append(f"links to {_some(recorded - wanted)} not in its text")
    return f"{page}: {'; '.join(parts)}"


def _some(keys: set[str], shown: int = 3) -> str:
    ordered = sorted(keys)
    more = f" and {len(ordered) - shown} more" if len(ordered) > shown else ""
    return ", ".join(ordered[:shown]) + more
