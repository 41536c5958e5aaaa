"""The launch pad's integrity check (wiki.integrity): each draft's score and count of examples,
kept beside it for /launch to filter and sort on, against its votes and proposed examples."""

from collections.abc import Iterable, Iterator

from django.db.models import Count, Sum

from tropes.models import LaunchDraft, LaunchVote, ProposedExample
from wiki import freshness, integrity
from wiki.integrity import Batch, Check, Problem, in_batches


class DraftTallies(Check):
    name = "launch-tallies"
    description = (
        "each launch-pad draft's score and count of examples, against its votes and examples"
    )

    def scan(self, size: int) -> Iterator[Batch]:
        drafts = LaunchDraft.objects.values("pk", "score", "example_count")
        for chunk in in_batches(drafts, size):
            right = tallies(row["pk"] for row in chunk)
            problems = [
                Problem(
                    f"draft {row['pk']}: score {row['score']} and {row['example_count']} "
                    f"examples kept, its votes and examples say {right.get(row['pk'], (0, 0))}",
                    row["pk"],
                )
                for row in chunk
                if (row["score"], row["example_count"]) != right.get(row["pk"], (0, 0))
            ]
            yield Batch(len(chunk), problems)

    def repair(self, problems: list[Problem]) -> None:
        # Locked in one order; a vote or an example meanwhile waits, then counts.
        drafts = list(
            LaunchDraft.objects.select_for_update()
            .filter(pk__in=[problem.subject for problem in problems])
            .order_by("pk")
        )
        right = tallies(draft.pk for draft in drafts)
        for draft in drafts:
            draft.score, draft.example_count = right.get(draft.pk, (0, 0))
        # Tallies are no revision of a draft (its history leaves them out).
        LaunchDraft.objects.bulk_update(drafts, ["score", "example_count"])
        freshness.touch([draft.pk for draft in drafts])


def tallies(draft_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{draft pk: (hats less bombs, proposed examples)}, two queries."""
    ids = list(draft_ids)
    scores = dict(
        LaunchVote.objects.filter(draft__in=ids)
        .values("draft")
        .annotate(score=Sum("value"))
        .values_list("draft", "score")
    )
    counts = dict(
        ProposedExample.objects.filter(draft__in=ids)
        .values("draft")
        .annotate(count=Count("pk"))
        .values_list("draft", "count")
    )
    return {pk: (scores.get(pk, 0), counts.get(pk, 0)) for pk in ids}


def register() -> None:
    integrity.register(DraftTallies())
