"""Typed relations between tropes: a supertrope and its subtrope, related tropes, contrasting
ones, and a YMMV or trivia trope that is a version of another.

A relation (TropeRelation) is stored once and shown on both tropes' pages, in a "Related
tropes" box, each side reading it by its own words: Food Tropes lists Big Eater under
"Subtropes" where Big Eater lists Food Tropes under "Supertropes". One query reads a trope's
relations from both sides (`groups_for`).

Since the box links each trope to the other, a relation is recorded in the link table as a
link of each page to the other (origin "relation:<id>"), as an example is: each counts among
the other's pages that link here, and renaming, moving or deleting either gives the other a
new stamp (wiki.freshness.touch_neighbours). Adding or removing one gives both pages new
stamps in its own transaction (the receivers below). Each change is a revision with an edit
summary, and goes live or waits for review as a change to both pages would: `relate` and
`unrelate` have held twins for `wiki.moderation.save_or_hold`.
"""

from dataclasses import asdict, dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

import wiki.kinds
from tropes.models import Trope, TropeRelation, title_or_deleted, with_page_titles
from wiki import freshness, moderation
from wiki.kinds import HistorySource
from wiki.models import Link, PageLink
from wiki.moderation import trust
from wiki.revisions import credit

Kind = TropeRelation.Kind

# What each side of a relation calls the other: (kind, whether the page's trope is the
# relation's `trope`) -> the heading the other trope is listed under, in the box's order.
HEADINGS = {
    (Kind.SUBTROPE, True): "Supertropes",
    (Kind.SUBTROPE, False): "Subtropes",
    (Kind.RELATED, True): "Related",
    (Kind.RELATED, False): "Related",
    (Kind.CONTRAST, True): "Contrast",
    (Kind.CONTRAST, False): "Contrast",
    (Kind.VERSION, True): "Version of",
    (Kind.VERSION, False): "YMMV/trivia versions",
}
ORDER = list(dict.fromkeys(HEADINGS.values()))


@dataclass(frozen=True)
class Wording:
    """What an editor says of the trope whose page they are on, and how it is stored: as
    the relation's `trope` (first) or as its `other`."""

    label: str
    kind: str
    first: bool


WORDINGS = {
    "subtrope_of": Wording("is a subtrope of", Kind.SUBTROPE, True),
    "supertrope_of": Wording("is a supertrope of", Kind.SUBTROPE, False),
    "related_to": Wording("is related to", Kind.RELATED, True),
    "contrasts_with": Wording("contrasts with", Kind.CONTRAST, True),
    "version_of": Wording("is a YMMV or trivia version of", Kind.VERSION, True),
    "has_version": Wording("has a YMMV or trivia version:", Kind.VERSION, False),
}


@dataclass(frozen=True, slots=True)
class Related:
    """A trope as the box lists it: the relation (to remove it by), the trope, its kind."""

    relation: int
    trope: PageLink
    kind: str


@dataclass
class Group:
    heading: str
    tropes: list[Related] = field(default_factory=list)


def groups_for(trope: Trope) -> list[Group]:
    """The tropes related to `trope`, under the headings it reads them by, each by title:
    one query, whichever side the relations were written from."""
    sides = [
        (f"{side}__kind", *(f"{side}__page__{name}" for name in ("namespace", "name", "title")))
        for side in ("trope", "other")
    ]
    rows = TropeRelation.objects.filter(Q(trope=trope.pk) | Q(other=trope.pk)).values_list(
        "pk", "kind", "trope_id", *sides[0], *sides[1]
    )
    groups = {heading: Group(heading) for heading in ORDER}
    for pk, kind, first, *pages in rows:
        mine = first == trope.pk
        kind_of_other, *link = pages[4:] if mine else pages[:4]
        groups[HEADINGS[kind, mine]].tropes.append(Related(pk, PageLink(*link), kind_of_other))
    for group in groups.values():
        group.tropes.sort(key=lambda related: related.trope.title.lower())
    return [group for group in groups.values() if group.tropes]


def relation_between(trope: Trope, other: Trope, wording: str) -> TropeRelation:
    """The relation an editor on `trope`'s page describes, `trope` `wording` `other`,
    unsaved."""
    words = WORDINGS[wording]
    first, second = (trope, other) if words.first else (other, trope)
    return TropeRelation(trope=first, other=second, kind=words.kind)


def describe(relation: TropeRelation) -> str:
    """ "Big Eater is a subtrope of Food Tropes"."""
    return f"{relation.trope} {relation.get_kind_display()} {relation.other}"


def check(relation: TropeRelation) -> None:
    """Raise ValidationError, saying why, if `relation` may not be added."""
    if relation.trope_id == relation.other_id:
        raise ValidationError("A trope cannot be related to itself.")
    if relation.kind == Kind.VERSION and relation.trope.kind == Trope.Kind.TROPE:
        raise ValidationError(
            f"Only a YMMV or trivia trope is a version of another: {relation.trope} is not one."
        )
    pair = Q(trope=relation.trope_id, other=relation.other_id)
    existing = TropeRelation.objects.filter(
        pair | Q(trope=relation.other_id, other=relation.trope_id)
    ).first()
    if existing is not None:
        raise ValidationError(
            f"These tropes are already related ({describe(existing)}): remove that first to "
            "say something else."
        )


def relate(trope: Trope, other: Trope, wording: str, user, summary: str = "") -> TropeRelation:
    """Add the relation `trope` `wording` `other` (WORDINGS), credited to `user`."""
    relation = relation_between(trope, other, wording)
    check(relation)
    try:
        with transaction.atomic():
            credit(relation, user, summary or f"Added: {describe(relation)}").save()
            trust.promote_if_due(user)
    except IntegrityError:
        # Another editor related the pair between the check and the save: it says so now.
        check(relation)
        raise
    return relation


def unrelate(relation: TropeRelation, user, summary: str = "") -> None:
    """Remove `relation`; its history keeps a revision saying who did and why."""
    credit(relation, user, summary or f"Removed: {describe(relation)}").delete()


def pages(relation: TropeRelation):
    """The pages a relation shows on: its change goes live only if it could on both."""
    return [relation.trope.page, relation.other.page]


# Kept beside every relation, whoever saves or deletes it.


def _origin(relation_id: int) -> str:
    return f"relation:{relation_id}"


@receiver(post_save, sender=TropeRelation)
def relation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    origin = _origin(instance.pk)
    Link.objects.filter(origin=origin).delete()
    first, second = instance.trope.page, instance.other.page
    Link.objects.bulk_create(
        [
            Link(from_page=first, origin=origin, to_key=second.key),
            Link(from_page=second, origin=origin, to_key=first.key),
        ]
    )
    freshness.touch([first.pk, second.pk])


@receiver(post_delete, sender=TropeRelation)
def relation_removed(sender, instance, **kwargs):
    # Runs for cascades too: a deleted trope leaves no link to it on the other's page.
    Link.objects.filter(origin=_origin(instance.pk)).delete()
    freshness.touch([instance.trope_id, instance.other_id])


# Changes that wait for review.

RELATION = "relation"  # the kind of a held relation change (PendingChange.kind)


@dataclass(frozen=True)
class HeldRelation:
    """What a held relation change stores, as JSON in PendingChange.payload."""

    action: Literal["add", "remove"]
    trope: int
    other: int
    kind: str
    relation: int | None = None  # the relation a removal removes

    def described(self) -> str:
        tropes = Trope.objects.select_related("page").in_bulk([self.trope, self.other])
        first, second = tropes.get(self.trope), tropes.get(self.other)
        if first is None or second is None:
            return "a relation between tropes deleted since"
        return describe(TropeRelation(trope=first, other=second, kind=self.kind))


def hold_relate(trope, other, wording, user, summary=""):
    relation = relation_between(trope, other, wording)
    check(relation)
    held = HeldRelation("add", relation.trope_id, relation.other_id, relation.kind)
    return _hold(held, relation, user, summary)


def hold_unrelate(relation, user, summary=""):
    held = HeldRelation("remove", relation.trope_id, relation.other_id, relation.kind, relation.pk)
    return _hold(held, relation, user, summary)


def _hold(held, relation, user, summary):
    verb = "New relation" if held.action == "add" else "Removal of the relation"
    return moderation.hold(
        RELATION,
        f"{verb}: {describe(relation)}",
        asdict(held),
        user,
        page=relation.trope.page,
        summary=summary,
    )


def _stored(kind):
    """The wording that stores a relation of `kind` as it is written: trope first."""
    return next(words for words in WORDINGS.values() if words.kind == kind and words.first)


def _texts(change):
    held = HeldRelation(**change.payload)
    described = held.described()
    return ("", described) if held.action == "add" else (described, "")


def _apply(change):
    held = HeldRelation(**change.payload)
    if held.action == "remove":
        relation = TropeRelation.objects.select_related("trope__page", "other__page")
        relation = relation.filter(pk=held.relation).first()
        if relation is None:  # removed meanwhile
            return "unchanged"
        unrelate(relation, change.author, change.summary)
        return "saved"
    tropes = Trope.objects.select_related("page").in_bulk([held.trope, held.other])
    if len(tropes) < 2:  # one of them was deleted meanwhile
        return "conflict"
    wording = next(key for key, words in WORDINGS.items() if words == _stored(held.kind))
    try:
        relate(tropes[held.trope], tropes[held.other], wording, change.author, change.summary)
    except ValidationError:  # the pair was related meanwhile
        return "conflict"
    return "saved"


# Revisions, in a trope's history and in recent changes.


def history_source(records) -> HistorySource:
    pages = ("trope__page", "other__page")
    return HistorySource(
        with_page_titles(records, *pages),
        None,
        lambda record: (
            f"{title_or_deleted(record.trope)} {record.get_kind_display()} "
            f"{title_or_deleted(record.other)}"
        ),
        link=lambda record: record.trope.get_absolute_url() if record.trope else "",
        namespace_field="trope__page__namespace",
        page_fields=("trope_id", "other_id"),
    )


def trope_history(page) -> HistorySource:
    """The revisions of the relations shown on a trope's page, from either side."""
    return history_source(TropeRelation.history.filter(Q(trope_id=page.pk) | Q(other_id=page.pk)))


def register():
    """Called once the apps are ready (tropes.apps)."""
    moderation.register(RELATION, moderation.Handler(texts=_texts, apply=_apply))
    wiki.kinds.register_changes(lambda: history_source(TropeRelation.history.all()))
