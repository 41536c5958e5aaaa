"""The works-and-tropes models, one module per part: pages (works, tropes and how tropes
relate), examples (and votes and context flags), parts (subpages, characters, installments)."""

from tropes.models.examples import (
    PAGE_TEXTS,
    PRIOR_MEAN,
    PRIOR_VOTES,
    ContextFlag,
    Example,
    ExampleQuerySet,
    ExampleVote,
    ListedExample,
    PlayedAs,
    example_path,
    example_revision_path,
    ranking_score,
    with_page_titles,
)
from tropes.models.launch import (
    LAUNCH_NAMESPACE,
    LaunchDraft,
    LaunchVote,
    ProposedExample,
)
from tropes.models.pages import (
    PageRecord,
    Trope,
    TropeRelation,
    Work,
    title_or_deleted,
)
from tropes.models.parts import (
    Character,
    Installment,
    Subpage,
    SubpageKind,
    character_anchor,
)
from tropes.models.repair import RepairCase, Verdict, WickCheck, WickItem, WickLabel

__all__ = [
    "LAUNCH_NAMESPACE",
    "LaunchDraft",
    "LaunchVote",
    "ProposedExample",
    "Character",
    "ContextFlag",
    "Example",
    "ExampleQuerySet",
    "ExampleVote",
    "Installment",
    "ListedExample",
    "PAGE_TEXTS",
    "PRIOR_MEAN",
    "PRIOR_VOTES",
    "PageRecord",
    "PlayedAs",
    "RepairCase",
    "Subpage",
    "SubpageKind",
    "Trope",
    "TropeRelation",
    "Verdict",
    "WickCheck",
    "WickItem",
    "WickLabel",
    "Work",
    "character_anchor",
    "example_path",
    "example_revision_path",
    "ranking_score",
    "title_or_deleted",
    "with_page_titles",
]
