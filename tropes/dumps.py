"""What the works-and-tropes app adds to a dump (wiki.dumps): works, tropes and how they
relate, the kinds of subpage, subpages, characters, installments and examples, with every
revision of each, launch-pad drafts, and the repair shop's cases and reports. Votes on
examples go out as each example's count of votes of each value, and context flags with their
notes, never with the member who made them: a restore makes them again without one, so
ratings and the cleanup queue read the same and check_integrity agrees."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from tropes.models import Character, Example, ExampleVote, ProposedExample, RepairCase
from wiki import markup
from wiki.dumps import Section, register, revisions
from wiki.dumps.sections import Handles

BATCH = 2_000


def _read_votes() -> Iterator[dict[str, Any]]:
    voted = Example.objects.filter(Exists(ExampleVote.objects.filter(example=OuterRef("pk"))))
    last = 0
    while ids := list(
        voted.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        counted = (
            ExampleVote.objects.filter(example__in=ids)
            .order_by("example", "value")
            .values_list("example", "value")
            .annotate(votes=Count("pk"))
        )
        for example, value, votes in counted:
            yield {"example": example, "value": value, "votes": votes}
        last = ids[-1]


def _write_votes(rows: list[dict[str, Any]], handles: Handles) -> None:
    ExampleVote.objects.bulk_create(
        ExampleVote(example_id=row["example"], value=row["value"])
        for row in rows
        for _ in range(row["votes"])
    )


def _render_reason(case: RepairCase) -> None:
    case.reason_html = markup.render(case.reason)  # as tropes.repair.cases does


def _render_proposed(proposed: ProposedExample) -> None:
    proposed.text_html = markup.render(proposed.text)  # as its save() does


def register_sections() -> None:
    register(
        Section(name="subpage_kinds", model="tropes.SubpageKind", replaces=True),
        Section(name="works", model="tropes.Work"),
        Section(name="tropes", model="tropes.Trope"),
        Section(name="trope_relations", model="tropes.TropeRelation"),
        Section(name="subpages", model="tropes.Subpage"),
        Section(
            name="characters",
            model="tropes.Character",
            exclude=("anchor", "description_html"),  # from the name and description
            derive=Character.prepare,
        ),
        Section(name="installments", model="tropes.Installment"),
        Section(
            name="examples",
            model="tropes.Example",
            # Its rendering, search text and cleanup hints follow from its text; its rating
            # and count of flags are kept as they are, as its votes and flags are restored.
            exclude=("text_html", "search_text", "hints"),
            derive=Example.prepare,
        ),
        Section(name="votes", model="tropes.ExampleVote", read=_read_votes, write=_write_votes),
        # The notes show on the cleanup queue; who wrote them does not.
        Section(name="context_flags", model="tropes.ContextFlag", exclude=("user",)),
        # The repair shop's cases, and the wick checks saved as reports: their counts by
        # verdict, not who labelled what, nor the checks still being labelled.
        Section(
            name="repair_cases",
            model="tropes.RepairCase",
            people=("author", "decided_by"),
            exclude=("reason_html",),
            derive=_render_reason,
        ),
        Section(
            name="wick_reports",
            model="tropes.WickCheck",
            exclude=("started_by",),
            public=~Q(saved=None),
        ),
        # Launch-pad drafts, their proposed examples, and their hats and bombs, which each
        # draft's page lists by voter.
        Section(
            name="launch_drafts",
            model="tropes.LaunchDraft",
            people=("sponsor",),
            exclude=("held_by",),
        ),
        Section(
            name="proposed_examples",
            model="tropes.ProposedExample",
            people=("author",),
            exclude=("text_html",),
            derive=_render_proposed,
        ),
        Section(name="launch_votes", model="tropes.LaunchVote", people=("user",)),
        revisions("work_revisions", "tropes.HistoricalWork"),
        revisions("trope_revisions", "tropes.HistoricalTrope"),
        revisions("trope_relation_revisions", "tropes.HistoricalTropeRelation"),
        revisions("subpage_revisions", "tropes.HistoricalSubpage"),
        revisions("character_revisions", "tropes.HistoricalCharacter"),
        revisions("installment_revisions", "tropes.HistoricalInstallment"),
        revisions("example_revisions", "tropes.HistoricalExample"),
        revisions("launch_draft_revisions", "tropes.HistoricalLaunchDraft", people=("sponsor",)),
        revisions(
            "proposed_example_revisions", "tropes.HistoricalProposedExample", people=("author",)
        ),
    )
