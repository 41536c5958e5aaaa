"""A work's characters, as its Characters subpage lists them: adding, editing, reordering and
removing one, each a revision credited to its editor (their held twins, for changes that wait
for review, are in tropes.held_characters); and keeping fresh the pages that show them.

A character shows on its work's Characters subpage (its name, image, description and
tropes) and on the pages of its tropes ("Metallic Rouge (Rouge Redstar): …"). The subpage
records what each character shows in the link table (origin "character:<pk>": the pages its
description and its examples link to, its tropes among them), so a trope renamed or a red
link turning blue gives it a new stamp as any link does. What the link table cannot see,
a character or one of its examples changed, is told by the receivers at the end.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from tropes.models import Character, Example, Subpage, SubpageKind, Work, title_or_deleted
from wiki import aftercommit, freshness, markup, merging, search
from wiki.models import Link, Page, link_keys
from wiki.moderation import rollback, trust
from wiki.moderation.holding import Outcome
from wiki.revisions import UnknownRevision, credit, revert_summary

# What an editor sets of a character; its anchor and order follow from them and its place.
FIELDS = ("folder", "name", "name_is_spoiler", "image", "image_caption", "description")
MULTILINE = ("description",)
ORIGIN_PREFIX = "character:"  # before the character's pk, in the link table
ADDED, REMOVED, MOVED = "Added the character", "Removed the character", "Moved the character"


def link_origin(character_id):
    return f"{ORIGIN_PREFIX}{character_id}"


def characters_pages(work_id):
    """The work's Characters subpage, as a queryset of pages (one at most)."""
    return Page.objects.filter(
        subpage__work_id=work_id, subpage__kind__structure=SubpageKind.Structure.CHARACTERS
    )


def characters_subpage(work):
    return (
        Subpage.objects.select_related("page", "kind")
        .filter(work=work, kind__structure=SubpageKind.Structure.CHARACTERS)
        .first()
    )


def values_of(character):
    """{field: value} of what an editor sets of `character` (or of a revision of one)."""
    return {name: _stored(getattr(character, name)) for name in FIELDS}


def _stored(value):
    # An image is compared and kept by its name in storage.
    return value.name if hasattr(value, "name") and not isinstance(value, str) else value


def next_order(work_id):
    last = Character.objects.filter(work=work_id).aggregate(last=models.Max("order"))["last"]
    return 0 if last is None else last + 1


def add_character(work: Work, values: dict[str, Any], user: User, summary: str = "") -> Character:
    """Add a character at the end of `work`'s list; ValidationError if its name is taken."""
    character = Character(work=work, order=next_order(work.pk), **values)
    character.full_clean()
    try:
        with transaction.atomic():
            credit(character, user, summary or ADDED).save()
            trust.promote_if_due(user)
    except IntegrityError:
        # Another editor added one of that name meanwhile: the check says so, as it would have.
        character.full_clean()
        raise
    return character


@dataclass
class CharacterEdit:
    outcome: Outcome
    character: Character
    values: dict[str, Any] = field(default_factory=dict)  # saved, or the editor's on conflict
    conflicts: list[str] = field(default_factory=list)  # the fields both edits changed
    latest_revision: int | None = None  # where a conflict's resolution starts from


def edit_character(
    character: Character,
    values: dict[str, Any],
    base_revision_id: int | None,
    user: User,
    summary: str = "",
) -> CharacterEdit:
    """Save `values` over the character, merged with any revision saved since the editor
    began (`base_revision_id`); a field both changed differently is a conflict."""
    with transaction.atomic():
        character = Character.objects.select_for_update().get(pk=character.pk)
        latest = character.history.order_by("-history_id").first()
        outcome: Outcome = "saved"
        moved_on = latest is not None and latest.history_id != base_revision_id
        if moved_on and base_revision_id is not None:
            base = character.history.filter(history_id=base_revision_id).first()
            if base is None:
                raise UnknownRevision(base_revision_id)
            merge = merging.merge_values(values_of(base), values_of(character), values, MULTILINE)
            if merge.conflicts:
                return CharacterEdit(
                    "conflict", character, dict(values), merge.conflicts, latest.history_id
                )
            values, outcome = merge.values, "merged"
        if all(values_of(character)[name] == value for name, value in values.items()):
            return CharacterEdit("unchanged", character, dict(values))
        for name, value in values.items():
            setattr(character, name, value)
        character.full_clean()
        credit(character, user, summary).save()
        trust.promote_if_due(user)
        return CharacterEdit(outcome, character, dict(values))


def remove_character(character: Character, user: User, summary: str = "") -> None:
    """Delete the character, and its examples with it; its history keeps a "-" revision."""
    credit(character, user, summary or REMOVED).delete()


def move_character(character: Character, step: int, user: User) -> bool:
    """Move the character one place up (`step` -1) or down (+1) among those of its folder;
    False if it is already first or last there. Each character whose place changes gets a
    revision, as a change of its `order`."""
    with transaction.atomic():
        # Every character of the work, locked in one order: two editors reordering at once
        # take turns, and neither reads places the other is changing.
        cast = list(
            Character.objects.select_for_update()
            .filter(work=character.work_id)
            .order_by("order", "name", "pk")
        )
        ids = [c.pk for c in cast]
        if character.pk not in ids:
            return False
        mine = ids.index(character.pk)
        folder = cast[mine].folder
        same = [i for i, c in enumerate(cast) if c.folder == folder]
        place = same.index(mine) + step
        if not 0 <= place < len(same):
            return False
        other = same[place]
        cast[mine], cast[other] = cast[other], cast[mine]
        for order, moved in enumerate(cast):
            if moved.order != order:
                moved.order = order
                credit(moved, user, MOVED).save(update_fields=["order"])
        return True


def restore_character(record: Any, user: User, summary: str = "") -> bool:
    """Make the character read as it did in `record`, a revision of it, in the place it had;
    a removed character comes back under its old id (its tropes are restored apart, as
    examples). False when it already read so; ValidationError if its work is gone or
    another character has its name meanwhile."""
    with transaction.atomic():
        character = Character.objects.select_for_update().filter(pk=record.id).first()
        if character is None:
            if not Work.objects.filter(pk=record.work_id).exists():
                raise ValidationError("Its work has been deleted since.")
            character = Character(pk=record.id, work_id=record.work_id)
        elif values_of(character) == values_of(record) and character.order == record.order:
            return False
        for name, value in values_of(record).items():
            setattr(character, name, value)
        character.order = record.order
        character.full_clean()
        credit(character, user, summary or revert_summary(record)).save()
        return True


def plan_rollback(user: User, since: datetime) -> list[rollback.Step]:
    """Rollback steps for the characters whose latest revision is `user`'s since `since`."""
    touched = Character.history.filter(history_user=user, history_date__gte=since)
    why = f"rollback of {user}'s edits"
    steps = []
    for character_id in touched.values_list("id", flat=True).distinct():
        records = Character.history.filter(id=character_id).order_by("-history_id")
        found = rollback.run_start(records.select_related("work__page"), user, since)
        if found is None:
            continue
        latest, target = found
        shown = "(a spoiler)" if latest.name_is_spoiler else latest.name
        label = f"character {shown} of {title_or_deleted(latest.work)}"
        url = latest.work.get_absolute_url() if latest.work else ""
        if target is None or target.history_type == "-":
            if latest.history_type == "-":
                continue  # they added and removed it: nothing is left to undo
            action, apply = "Remove the character they added", partial(_remove, character_id, why)
        else:
            action = (
                f"Restore the revision of {target.history_date:%Y-%m-%d %H:%M} by "
                f"{target.history_user or 'an anonymous editor'}"
            )
            apply = partial(_restore, target, why)
        steps.append(rollback.Step(label, url, action, apply=apply))
    return steps


def _remove(character_id: int, why: str, moderator: User) -> None:
    character = Character.objects.filter(pk=character_id).first()
    if character is not None:
        remove_character(character, moderator, why[:1].upper() + why[1:])


def _restore(target: Any, why: str, moderator: User) -> None:
    restore_character(target, moderator, f"{revert_summary(target)} ({why})")


def shown_keys(character_id: int) -> tuple[Page | None, set[str]]:
    """The page of the character's Characters subpage (None if its work has none), and the
    keys of the pages the character shows there besides itself: those its description links
    to, its tropes, and those its examples' texts link to. One query: the character joined
    with its examples, its subpage's page read beside."""
    listing = Subpage.objects.filter(
        work=models.OuterRef("work"), kind__structure=SubpageKind.Structure.CHARACTERS
    )
    rows = list(
        Character.objects.filter(pk=character_id)
        .annotate(
            listing_id=models.Subquery(listing.values("page_id")[:1]),
            listing_key=models.Subquery(listing.values("page__key")[:1]),
        )
        .values_list(
            "listing_id",
            "listing_key",
            "description",
            "examples__trope__page__key",
            "examples__text",
        )
    )
    if not rows or rows[0][0] is None:
        return None, set()
    page_id, key, description = rows[0][:3]
    targets = markup.links(description)
    for *_, trope_key, text in rows:
        if trope_key is not None:
            targets += [trope_key, *markup.links(text)]
    return Page(pk=page_id, key=key), link_keys(targets, key)


def relink(character_ids, touch_targets=True):
    """Record what each character shows (shown_keys) on its work's Characters subpage, so
    that renaming one of its tropes gives the page a new stamp; give the pages that gained or
    lost it among their backlinks new stamps, unless the caller knows they have them."""
    for character_id in character_ids:
        page, keys = shown_keys(character_id)
        if page is not None:
            changed = page.record_links(link_origin(character_id), keys)
            if touch_targets:
                freshness.touch_keys(changed)


def trope_pages(character_id):
    """The pages of the tropes a character has examples of: they name it."""
    tropes = Example.objects.filter(character=character_id).values("trope_id")
    return Page.objects.filter(pk__in=tropes)


def _reordered(update_fields):
    # A move saves its place alone: what the character shows, and links to, is as it was.
    return update_fields is not None and set(update_fields) == {"order"}


@receiver(pre_save, sender=Character)
def _remember_name(sender, instance, raw=False, update_fields=None, **kwargs):
    # Its tropes' pages show its name (hidden if a spoiler): they change only when that does.
    instance._stored_name = None
    if not raw and instance.pk and not _reordered(update_fields):
        instance._stored_name = (
            Character.objects.filter(pk=instance.pk).values_list("name", "name_is_spoiler").first()
        )


@receiver(post_save, sender=Character)
def character_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    pages = characters_pages(instance.work_id)
    if not _reordered(update_fields):
        relink([instance.pk])
        # Search reads the characters' names and descriptions as part of their page.
        search.index_pages(pages.values_list("pk", flat=True))
    freshness.touch(pages)
    stored = getattr(instance, "_stored_name", None)
    if stored is not None and stored != (instance.name, instance.name_is_spoiler):
        freshness.touch(trope_pages(instance.pk))


@receiver(post_delete, sender=Character)
def character_removed(sender, instance, **kwargs):
    # Its examples go with it (each touches its trope's page as it goes, tropes.signals).
    Link.objects.filter(origin=link_origin(instance.pk)).delete()
    aftercommit.once(_touch_characters_pages, [instance.work_id])
    aftercommit.once(_reindex_characters_pages, [instance.work_id])


def _pages_of(work_ids):
    return Page.objects.filter(
        subpage__work_id__in=work_ids,
        subpage__kind__structure=SubpageKind.Structure.CHARACTERS,
    )


def _touch_characters_pages(work_ids):
    freshness.touch(_pages_of(work_ids))


def _reindex_characters_pages(work_ids):
    search.index_pages(_pages_of(work_ids).values_list("pk", flat=True))


@receiver(post_save, sender=Example)
def example_saved(sender, instance, raw=False, **kwargs):
    # The Characters subpage is given a new stamp with the example's other pages
    # (tropes.signals, tropes.subpages.family.showing_examples).
    if not raw and instance.character_id:
        # The pages gaining or losing a link through it (its trope, those its text links
        # to) are given new stamps by the example's own links on its work's page.
        relink([instance.character_id], touch_targets=False)


@receiver(post_delete, sender=Example)
def example_removed(sender, instance, **kwargs):
    if instance.character_id:
        # After the commit, once for a cascade (a character removed with its examples).
        aftercommit.once(_touch_characters_pages, [instance.work_id])
        aftercommit.once(relink, [instance.character_id])


@receiver(post_save, sender=Subpage)
def subpage_created(sender, instance, created, raw=False, **kwargs):
    # A Characters subpage made after its work's characters shows them all at once.
    if created and not raw and instance.kind.structure == SubpageKind.Structure.CHARACTERS:
        ids = list(Character.objects.filter(work=instance.work_id).values_list("pk", flat=True))
        relink(ids)
        search.index_pages([instance.pk])
