"""Metallic Rouge in parts (parts.toml): its laconic, YMMV, Trivia, Characters and Recap
subpages, characters in folders, episodes, audience-reaction and trivia tropes, how its
examples play their tropes, relations between tropes, and examples flagged as lacking
context. Made through the services editors' changes go through; only what is missing is
made, so loading twice changes nothing."""

import tomllib
from pathlib import Path

from django.core.files.base import ContentFile

from tropes import characters, installments, relations
from tropes.context_flags import flag
from tropes.models import (
    Character,
    Example,
    Installment,
    PlayedAs,
    Subpage,
    SubpageKind,
    Trope,
    TropeRelation,
    Work,
)
from tropes.subpages.creating import create_subpage
from wiki.models import MAIN, Page, page_key
from wiki.revisions import credit

HERE = Path(__file__).resolve().parent
# How parts.toml names a relation: what the first trope's page says of the second.
RELATIONS = {"related": "related_to", "contrast": "contrasts_with", "subtrope": "subtrope_of"}


def load(accounts, author, summary, page_of, poster):
    """Make what is missing of the parts; {what: how many were made}. `page_of` and `poster`
    are the demo loader's: a trope's unsaved page, and a generated image."""
    with open(HERE / "parts.toml", "rb") as file:
        parts = tomllib.load(file)
    work = Work.objects.filter(page__key=page_key("Anime", parts["work"])).first()
    if work is None:
        return {}
    if not work.laconic:
        work.laconic = parts["laconic"]
        credit(work, author, summary).save()
    tropes = _tropes(parts["trope"], author, summary, page_of)
    made = {"subpages": _subpages(work, parts["subpage"], author, summary)}
    _examples(work, parts["example"], tropes, author, summary)
    _played(work, parts["played"], tropes, author, summary)
    made["characters"] = _characters(work, parts["character"], tropes, author, summary, poster)
    made["episodes"] = _episodes(work, parts["episode"], tropes, author, summary)
    made["relations"] = _relations(parts["relations"], tropes, author, summary)
    voters = [user for handle, user in accounts.items() if handle.startswith("fan")]
    made["flags"] = _flags(work, parts["flagged"], tropes, voters)
    return made


def _tropes(items, author, summary, page_of):
    """{name: trope}, after making the tropes of `items` that are missing."""
    existing = set(Page.objects.values_list("key", flat=True))
    for item in items:
        if page_key(MAIN, item["name"]) not in existing:
            page = credit(page_of(item, MAIN, Trope.KIND), author, summary)
            page.save()
            trope = Trope(page=page, laconic=item["laconic"], kind=item["kind"])
            credit(trope, author, summary).save()
    return {t.page.name: t for t in Trope.objects.select_related("page")}


def _played(work, played, tropes, author, summary):
    for name, way in played.items():
        example = Example.objects.filter(
            work=work, trope=tropes[name], character=None, installment=None
        ).first()
        if example is not None and example.played == PlayedAs.STRAIGHT:
            example.played = way
            credit(example, author, summary).save()


def _relations(items, tropes, author, summary):
    made = 0
    for first, kind, second in items:
        trope, other = tropes[first], tropes[second]
        if not TropeRelation.objects.filter(trope=trope, other=other).exists():
            relations.relate(trope, other, RELATIONS[kind], author, summary)
            made += 1
    return made


def _flags(work, items, tropes, voters):
    made = 0
    for (name, note), voter in zip(items, voters, strict=False):
        example = Example.objects.filter(work=work, trope=tropes[name], character=None).first()
        if example is not None and not example.flags.exists():
            flag(example, voter, note)
            made += 1
    return made


def _subpages(work, items, author, summary):
    made = 0
    for item in items:
        kind = SubpageKind.objects.get(name=item["kind"])
        if Subpage.objects.filter(work=work, kind=kind).exists():
            continue
        page = create_subpage(work, kind, author)
        page.body = item["text"]
        credit(page, author, summary).save()
        made += 1
    return made


def _examples(work, items, tropes, author, summary, **about):
    """The examples of `items` the work has not got yet, about the character or installment
    `about` names, if any."""
    for item in items:
        trope = tropes[item["trope"]]
        if not Example.objects.filter(trope=trope, work=work, **about).exists():
            example = Example(trope=trope, work=work, text=item["text"], **about)
            credit(example, author, summary).save()


def _characters(work, items, tropes, author, summary, poster):
    made = 0
    for item in items:
        character = Character.objects.filter(work=work, name=item["name"]).first()
        if character is None:
            values = {
                "folder": item["folder"],
                "name": item["name"],
                "name_is_spoiler": item.get("name_is_spoiler", False),
                "image_caption": item.get("caption", ""),
                "description": item["description"],
            }
            if "caption" in item:  # a portrait for those the text gives a caption
                values["image"] = ContentFile(poster(item["name"]), name="character.png")
            character = characters.add_character(work, values, author, summary)
            made += 1
        _examples(work, item.get("example", []), tropes, author, summary, character=character)
    return made


def _episodes(work, items, tropes, author, summary):
    made = 0
    for number, item in enumerate(items, start=1):
        installment = Installment.objects.filter(work=work, number=number).first()
        if installment is None:
            installment = installments.create_installment(
                work, number, item["label"], item["title"], item["summary"], author
            )
            made += 1
        _examples(work, item.get("example", []), tropes, author, summary, installment=installment)
    return made
