"""Launching a draft: the trope page `Main/<Name>` made from it, its examples made real on
both pages, the draft archived with its votes, and everyone who watched it told."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from tropes import examples
from tropes.launch.drafts import Refused, locked, may_steer, missing_conditions, tell_watchers
from tropes.models import LaunchDraft, ProposedExample, Trope, Work
from wiki import freshness
from wiki.models import MAIN, Page
from wiki.revisions import credit


def name_taken(name: str, title: str = "") -> str:
    """Why `Main/<name>` cannot be launched, or "": a page, an alias or a redirect already
    has that name (in any spelling of its case), or a trope that title."""
    found = Page.objects.by_key(MAIN, name).select_related("redirect_to").first()
    if found is not None and found.redirect_to is not None:
        return f"{found} is already another name of {found.redirect_to}."
    if found is not None:
        return f"{found} already exists."
    if title and Page.objects.filter(namespace=MAIN, title__iexact=title).exists():
        return f"A page in Main is already titled “{title}”."
    return ""


def launch(draft: LaunchDraft | int, user: User) -> Page:
    """Launch the draft as `Main/<Name>`, crediting its sponsor, and return the new page.

    Each proposed example in a work that exists becomes a real example, shown on the trope's
    page and the work's; the others stay on the archived draft, listed for follow-up.
    """
    now = timezone.now()
    with transaction.atomic():
        draft = locked(draft)
        if not may_steer(user, draft):
            raise Refused("Only the draft's sponsor or a moderator launches it.")
        if draft.state != LaunchDraft.State.ANNOUNCED or draft.notice_ends is None:
            raise Refused("A launch is announced for 24 hours first.")
        if now < draft.notice_ends:
            raise Refused(f"The launch notice runs until {draft.notice_ends:%Y-%m-%d %H:%M} UTC.")
        missing = missing_conditions(draft, now)
        if missing:
            raise Refused("It no longer meets the conditions: " + "; ".join(missing) + ".")
        source = draft.page
        taken = name_taken(source.name, source.title)
        if taken:
            raise Refused(taken + " Rename the draft first.")
        sponsor = draft.sponsor or user
        summary = f"Launched from the draft {source.full_name}, sponsored by {sponsor}"
        page = Page(
            namespace=MAIN,
            name=source.name,
            title=source.title,
            kind=Trope.KIND,
            body=source.body,
            quote=source.quote,
            quote_attribution=source.quote_attribution,
        )
        page.full_clean()
        credit(page, sponsor, summary).save()
        trope = Trope(page=page, laconic=draft.laconic)
        credit(trope, sponsor, summary).save()
        _make_examples(draft, trope, sponsor, user)
        draft.state, draft.launched, draft.launched_page = LaunchDraft.State.LAUNCHED, now, page
        credit(draft, user, f"Launched as {page}").save()
        freshness.touch([draft.pk])
        tell_watchers(
            draft, f"{source.title} has been launched: it is now a trope, {page}.", but=user
        )
    return page


def _make_examples(draft: LaunchDraft, trope: Trope, sponsor: User, user: User) -> None:
    proposed = list(draft.proposed_examples.select_related("author"))
    works = _works([p.work_key for p in proposed])
    for example in proposed:
        work = works.get(example.work_key)
        if work is None:
            continue  # listed on the archived draft, for follow-up
        made = examples.add_example(
            trope,
            work,
            example.text,
            example.author or sponsor,
            summary=f"Proposed on the launch-pad draft {draft.page.full_name}",
        )
        example.example = made
        credit(example, user, "Launched as a real example").save()


def _works(keys: list[str]) -> dict[str, Work]:
    """The works named by `keys` (page keys), through one redirect where a key is an alias."""
    pages = Page.objects.filter(key__in=keys).values_list("key", "pk", "redirect_to_id")
    target = {key: redirect or pk for key, pk, redirect in pages}
    found = Work.objects.filter(page_id__in=target.values()).select_related("page")
    by_pk = {work.pk: work for work in found}
    return {key: by_pk[pk] for key, pk in target.items() if pk in by_pk}


def follow_up(draft: LaunchDraft) -> list[ProposedExample]:
    """A launched draft's examples that did not become real examples: their works did not
    exist, or they have been removed since."""
    return [p for p in draft.proposed_examples.all() if p.example_id is None]
