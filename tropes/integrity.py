"""What tropes adds to the integrity checks (wiki.integrity): examples' ratings against their
votes, their counts of context flags against the flags, and the links examples add to their
pages against what the examples say."""

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, F

from tropes import votes
from tropes.models import ContextFlag, Example
from tropes.subpages import family
from wiki import freshness, integrity
from wiki.integrity import Batch, Check, Problem, in_batches
from wiki.integrity.links import describe
from wiki.models import Link, Page

ORIGIN_PREFIX = "example:"  # Example.link_origin, before the example's pk


class Ratings(Check):
    name = "ratings"
    description = "each example's rating average and count, against its votes"

    def scan(self, size: int) -> Iterator[Batch]:
        examples = Example.objects.values("pk", "rating_count", "rating_average")
        for chunk in in_batches(examples, size):
            rated = votes.ratings(row["pk"] for row in chunk)
            problems = []
            for row in chunk:
                count, average = rated.get(row["pk"], (0, 0))
                if _differs((row["rating_count"], row["rating_average"]), (count, average)):
                    what = (
                        f"example {row['pk']}: rated {row['rating_average']:.2f} by "
                        f"{row['rating_count']}, its votes say {average:.2f} by {count}"
                    )
                    problems.append(Problem(what, row["pk"]))
            yield Batch(len(chunk), problems)

    def repair(self, problems: list[Problem]) -> None:
        # A vote cast meanwhile waits, then counts.
        examples = _locked(problems, "rating_count", "rating_average")
        rated = votes.ratings(example.pk for example in examples)
        changed = []
        for example in examples:
            right = rated.get(example.pk, (0, 0))
            if _differs((example.rating_count, example.rating_average), right):
                example.rating_count, example.rating_average = right
                changed.append(example)
        # Ratings are not content (they have no history), so a bulk update skips nothing.
        Example.objects.bulk_update(changed, ["rating_count", "rating_average"])
        _touch(changed)


class ContextFlagCounts(Check):
    name = "context-flags"
    description = "each example's count of context flags, against the flags members made"

    def scan(self, size: int) -> Iterator[Batch]:
        examples = Example.objects.values("pk", "context_flags")
        for chunk in in_batches(examples, size):
            counted = _flag_counts(row["pk"] for row in chunk)
            problems = [
                Problem(f"example {pk}: {count} flags counted, {counted.get(pk, 0)} made", pk)
                for pk, count in ((row["pk"], row["context_flags"]) for row in chunk)
                if count != counted.get(pk, 0)
            ]
            yield Batch(len(chunk), problems)

    def repair(self, problems: list[Problem]) -> None:
        # A flag made meanwhile waits.
        examples = _locked(problems, "context_flags")
        counted = _flag_counts(example.pk for example in examples)
        changed = [e for e in examples if e.context_flags != counted.get(e.pk, 0)]
        for example in changed:
            example.context_flags = counted.get(example.pk, 0)
        # A count, not content (it has no history): a bulk update skips nothing.
        Example.objects.bulk_update(changed, ["context_flags"])
        _touch(changed)


def _locked(problems: list[Problem], *fields: str) -> list[Example]:
    """The examples of `problems`, locked in one order as votes and flags lock them, with
    `fields` beside what says where they are shown."""
    return list(
        Example.objects.select_for_update()
        .filter(pk__in=[problem.subject for problem in problems])
        .order_by("pk")
        .only(*Example.SHOWN_ON, *fields)
    )


def _touch(examples: list[Example]) -> None:
    """Every page showing the examples: their tropes', their works' and the subpages that
    list them, as a vote touches them."""
    if examples:
        freshness.touch(family.showing_examples(examples))


def _flag_counts(example_ids: Iterable[int]) -> dict[int, int]:
    flags = ContextFlag.objects.filter(example__in=list(example_ids)).values("example")
    return dict(flags.annotate(count=Count("pk")).values_list("example", "count"))


class ExampleLinks(Check):
    name = "example-links"
    description = "the links each example adds to its two pages, against what it links to"

    def scan(self, size: int) -> Iterator[Batch]:
        for pages in in_batches(Page.objects.only("pk", "namespace", "name"), size):
            ids = {page.pk for page in pages}
            recorded: dict[tuple[int, str], set[str]] = defaultdict(set)
            rows = Link.objects.filter(
                from_page__in=ids, origin__startswith=ORIGIN_PREFIX
            ).values_list("from_page_id", "origin", "to_key")
            for page_id, origin, key in rows:
                recorded[page_id, origin].add(key)
            wanted = _wanted_links(ids)
            by_pk = {page.pk: page for page in pages}
            problems = [
                _links_problem(by_pk[place[0]], place, wanted.get(place), recorded.get(place))
                for place in sorted(wanted.keys() | recorded.keys())
                if wanted.get(place) != recorded.get(place)
            ]
            yield Batch(len(pages), problems)

    def repair(self, problems: list[Problem]) -> None:
        places = {problem.subject for problem in problems}
        origins = {origin for _, origin in places}
        pks = [int(origin.removeprefix(ORIGIN_PREFIX)) for origin in origins]
        examples = (
            Example.objects.select_for_update()
            .filter(pk__in=pks)
            .select_related("work__page", "trope__page")
            .order_by("pk")
        )
        changed: set[str] = set()
        pages: set[int] = set()
        for example in examples:
            changed |= example.record_links()
            pages.update(example.page_ids)
        # What is left of examples that are gone.
        found = {example.link_origin for example in examples}
        leftover = Link.objects.filter(
            from_page__in={page for page, _ in places}, origin__in=origins - found
        )
        for page_id, key in leftover.values_list("from_page_id", "to_key"):
            pages.add(page_id)
            changed.add(key)
        leftover.delete()
        freshness.touch_keys(changed)
        freshness.touch(pages)


def register() -> None:
    integrity.register(Ratings())
    integrity.register(ExampleLinks())
    integrity.register(ContextFlagCounts())


def _differs(stored: tuple[int, float], votes_say: tuple[int, float]) -> bool:
    # Averages are floats computed by the database: equal to within rounding.
    return stored[0] != votes_say[0] or not math.isclose(stored[1], votes_say[1], abs_tol=1e-9)


def _links_problem(
    page: Page, place: tuple[int, str], wanted: set[str] | None, recorded: set[str] | None
) -> Problem:
    example = place[1].removeprefix(ORIGIN_PREFIX)
    return Problem(
        f"{describe(page, wanted or set(), recorded or set())} (example {example})", place
    )


def _wanted_links(page_ids: set[int]) -> dict[tuple[int, str], set[str]]:
    """{(page id, origin): keys} of the links examples shown on `page_ids` add to them."""
    wanted: dict[tuple[int, str], set[str]] = {}
    for owner in ("work", "trope"):
        examples = (
            Example.objects.filter(**{f"{owner}__in": page_ids})
            .only("pk", "text", "work_id", "trope_id")
            .annotate(work_key=F("work__page__key"), trope_key=F("trope__page__key"))
        )
        for example in examples:
            page_id = getattr(example, f"{owner}_id")
            keys = example.link_keys(example.work_key, example.trope_key)[page_id]
            if keys:
                wanted[page_id, example.link_origin] = keys
    return wanted
