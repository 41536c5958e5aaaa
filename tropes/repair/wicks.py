"""Wick checks: how the pages linking to a trope use it.

A check samples the links to the trope (to its name or any of its other names) from the link
table: every one up to SAMPLE_SIZE, otherwise SAMPLE_SIZE drawn by a generator seeded with a
number the check stores, from the links in a fixed order, so that `draw(page, seed)` gives
the same sample again. A link is a wick: a page's own text linking to the trope, an example
(one wick, though it links from both its pages) or a character's description. The bullet or
paragraph each sits in is kept and rendered once, when sampled.

Checkers label each link; several may label the same sample. Saving the check makes it a
report: each link counts for the verdict most of its checkers gave (a tie is unclear), and
the trope's page shows the share of correct uses and the date.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from tropes.models import (
    Character,
    Example,
    RepairCase,
    Trope,
    Verdict,
    WickCheck,
    WickItem,
    WickLabel,
)
from wiki import freshness, markup
from wiki.models import Link, Page

SAMPLE_SIZE = 50
CONTEXT_LIMIT = 2000  # characters of a bullet or paragraph kept for a link
NOTE_LIMIT = 300
EXAMPLE, CHARACTER = "example:", "character:"
_BULLET = re.compile(r"^\s{0,3}(?:[*+-]|\d{1,9}[.)])\s")


class AlreadyOpen(Exception):
    """The trope has a check that is still being labelled."""


class NothingToCheck(Exception):
    """No page links to the trope: a check would have nothing to label."""


@dataclass(frozen=True, order=True)
class Wick:
    """One link to the trope as a check samples it: the page it is on and the part of the
    page that makes it ("" for the page's own text)."""

    page_id: int
    origin: str


def trope_keys(page: Page) -> set[str]:
    """The keys links to the trope use: its name's and its other names'."""
    return set(
        Page.objects.filter(Q(pk=page.pk) | Q(redirect_to=page)).values_list("key", flat=True)
    )


def wicks(page: Page, keys: set[str]) -> list[Wick]:
    """Every link to the trope, in a fixed order: one for each page whose own text links to
    it, each example and each character description that does."""
    rows = (
        Link.objects.filter(to_key__in=keys)
        .exclude(from_page=page)
        .filter(Q(origin="") | Q(origin__startswith=EXAMPLE) | Q(origin__startswith=CHARACTER))
        .values_list("from_page_id", "origin")
        .distinct()
    )
    found: dict[str, Wick] = {}
    for page_id, origin in sorted(rows):
        # An example links from its work's page and its trope's: it is one wick.
        key = origin if origin else f"page:{page_id}"
        found.setdefault(key, Wick(page_id, origin))
    return sorted(found.values())


def draw(links: list[Wick], seed: int, size: int = SAMPLE_SIZE) -> list[Wick]:
    """The sample a check with `seed` takes of `links`: all of them, or `size` of them."""
    if len(links) <= size:
        return list(links)
    chosen = sorted(random.Random(seed).sample(range(len(links)), size))
    return [links[place] for place in chosen]


def start(page: Page, user: User, case: RepairCase | None = None) -> WickCheck:
    """Sample the links to the trope at `page` as a new check; raises AlreadyOpen if one is
    being labelled, NothingToCheck if no page links to it."""
    with transaction.atomic():
        Page.objects.select_for_update().filter(pk=page.pk).first()  # one start at a time
        if open_check(page) is not None:
            raise AlreadyOpen(page)
        keys = trope_keys(page)
        links = wicks(page, keys)
        if not links:
            raise NothingToCheck(page)
        seed = random.SystemRandom().randrange(2**62)
        check = WickCheck.objects.create(
            page=page, seed=seed, link_count=len(links), started_by=user, case=case
        )
        WickItem.objects.bulk_create(_items(check, draw(links, seed), keys))
    return check


def open_check(page: Page) -> WickCheck | None:
    check: WickCheck | None = (
        WickCheck.objects.filter(page=page, saved=None).order_by("-created").first()
    )
    return check


def _items(check: WickCheck, sample: list[Wick], keys: set[str]) -> list[WickItem]:
    """The sample's links with the bullet or paragraph each sits in, read in three queries."""
    pages = Page.objects.in_bulk({wick.page_id for wick in sample})
    example_ids = [_id(wick, EXAMPLE) for wick in sample if wick.origin.startswith(EXAMPLE)]
    examples = Example.objects.with_pages().in_bulk(example_ids)
    character_ids = [_id(wick, CHARACTER) for wick in sample if wick.origin.startswith(CHARACTER)]
    characters = Character.objects.in_bulk(character_ids)
    items = []
    for position, wick in enumerate(sample):
        source = pages[wick.page_id]
        title, path, context = source.title, source.get_absolute_url(), ""
        if wick.origin.startswith(EXAMPLE):
            example = examples.get(_id(wick, EXAMPLE))
            if example is not None:
                source = example.work.page
                title = f"{example.trope.page.title} in {example.work.page.title}"
                path = f"{source.get_absolute_url()}#example-{example.pk}"
                context = example.text
        elif wick.origin.startswith(CHARACTER):
            character = characters.get(_id(wick, CHARACTER))
            if character is not None:
                title = f"{character.name} ({source.title})"
                context = paragraph_linking(character.description, keys)
        else:
            context = paragraph_linking(f"{source.quote}\n\n{source.body}", keys)
        context = context[:CONTEXT_LIMIT]
        items.append(
            WickItem(
                wick=check,
                position=position,
                source=source,
                source_title=title[:200],
                source_path=path[:300],
                origin=wick.origin,
                context=context,
                context_html=markup.render(context),
            )
        )
    return items


def _id(wick: Wick, prefix: str) -> int:
    return int(wick.origin.removeprefix(prefix))


def paragraph_linking(text: str, keys: set[str]) -> str:
    """The first bullet or paragraph of `text` that links to one of `keys`."""
    for block in _blocks(text):
        if any(target.lower() in keys for target in markup.links(block)):
            return block
    return ""


def _blocks(text: str) -> list[str]:
    """Each bullet (one line) and each paragraph (lines between blank ones) of `text`."""
    blocks: list[str] = []
    paragraph: list[str] = []
    for line in text.splitlines():
        if not line.strip() or _BULLET.match(line):
            if paragraph:
                blocks.append("\n".join(paragraph))
                paragraph = []
            if line.strip():
                blocks.append(line.strip())
        else:
            paragraph.append(line)
    if paragraph:
        blocks.append("\n".join(paragraph))
    return blocks


def label(check: WickCheck, checker: User, verdicts: dict[int, tuple[str, str]]) -> int:
    """Save `checker`'s verdicts, {item id: (verdict, note)}, replacing theirs; returns how
    many. Raises ValidationError once the check is saved as a report."""
    with transaction.atomic():
        check = WickCheck.objects.select_for_update().get(pk=check.pk)
        if check.saved is not None:
            raise ValidationError("This wick check is saved as a report: start a new one.")
        known = set(check.items.values_list("pk", flat=True))
        labels = [
            WickLabel(item_id=item, checker=checker, verdict=verdict, note=note[:NOTE_LIMIT])
            for item, (verdict, note) in verdicts.items()
            if item in known and verdict in Verdict.values
        ]
        WickLabel.objects.bulk_create(
            labels,
            update_conflicts=True,
            unique_fields=["item", "checker"],
            update_fields=["verdict", "note", "updated"],
        )
    return len(labels)


def save_report(check: WickCheck, user: User, case: RepairCase | None = None) -> WickCheck:
    """Count the check's labels as its report, attached to `case` if given, and show its
    share of correct uses on the trope's page. Raises ValidationError if nothing is
    labelled or it is saved already."""
    with transaction.atomic():
        check = WickCheck.objects.select_for_update().get(pk=check.pk)
        if check.saved is not None:
            raise ValidationError("This wick check is saved already.")
        rows = WickLabel.objects.filter(item__wick=check).values_list(
            "item_id", "verdict", "checker_id"
        )
        votes: dict[int, Counter[str]] = {}
        checkers = set()
        for item, verdict, checker in rows:
            votes.setdefault(item, Counter())[verdict] += 1
            checkers.add(checker)
        if not votes:
            raise ValidationError("Label at least one link before saving the report.")
        counts = Counter(_verdict(tally) for tally in votes.values())
        check.correct, check.misuse = counts[Verdict.CORRECT], counts[Verdict.MISUSE]
        check.unclear = counts[Verdict.UNCLEAR]
        check.unlabelled = check.items.count() - len(votes)
        check.checkers = len(checkers)
        check.saved = timezone.now()
        if case is not None:
            check.case = case
        check.save()
        # Not a revision of the trope (its history leaves these fields out): the page's stamp
        # changes, so no kept copy shows the old figure.
        Trope.objects.filter(pk=check.page_id).update(
            wick_correct=check.correct_percent, wick_checked=check.saved.date()
        )
        freshness.touch([check.page_id])
    return check


def _verdict(tally: Counter[str]) -> str:
    """What most checkers said of a link; a tie is unclear."""
    ranked = tally.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return Verdict.UNCLEAR
    return ranked[0][0]


def reports(page: Page) -> list[WickCheck]:
    """The trope's saved wick checks, newest first."""
    return list(WickCheck.objects.filter(page=page).exclude(saved=None).order_by("-saved")[:20])
