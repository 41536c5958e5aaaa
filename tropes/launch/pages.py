"""A draft's page (registered in tropes.kinds): the kind, what the page shows, its history,
and the box of the member's own (their vote, the sponsor's and moderators' actions)."""

from django.conf import settings
from django.utils import timezone

import wiki.kinds
from accounts import roles
from tropes.launch import drafts, launching
from tropes.launch.forms import DraftFieldsForm, HoldForm, LaunchVoteForm
from tropes.models import LAUNCH_NAMESPACE, LaunchDraft, ProposedExample
from wiki import personal
from wiki.kinds import HistorySource, KindHooks
from wiki.models import Page
from wiki.moderation import desk

SKELETON = """\
A one-paragraph explanation of the trope: what happens, and why stories use it.
"""


def register():
    wiki.kinds.register(
        LaunchDraft.KIND,
        KindHooks(
            label="Launch-pad draft",
            presenter=present_draft,
            related="launch_draft",
            extra_form=DraftFieldsForm,
            skeleton=SKELETON,
            history=draft_history,
            namespaces=(LAUNCH_NAMESPACE,),
            open_to_editors=True,
            frozen=frozen,
            suggested=False,
            crawled=False,  # not the wiki's yet: search engines get the launched trope
            moves_with="proposed examples and votes",
        ),
    )
    personal.register("launch_box", fill_box)
    desk.register(
        desk.Queue(
            name="launchable_drafts",
            label="Launchable drafts",
            waiting=LaunchDraft.objects.launchable,
            since="announced",
            link="tropes:launch_pad",
            permission=roles.STEER_LAUNCHES,
            query="?state=launchable",
        )
    )
    desk.register(
        desk.Queue(
            name="stale_drafts",
            label="Stale drafts",
            waiting=lambda: LaunchDraft.objects.filter(state=LaunchDraft.State.STALE),
            since="stale_since",
            link="tropes:launch_pad",
            permission=roles.STEER_LAUNCHES,
            query="?state=stale",
        )
    )


def frozen(page):
    draft = getattr(page, "launch_draft", None)
    if draft is None or draft.is_open:
        return ""
    if draft.state == LaunchDraft.State.LAUNCHED:
        return "This draft has been launched: it is archived, read-only."
    return "This draft is discarded: adopt it to work on it again."


def register_changes():
    """Proposed examples in recent changes, where patrollers see what drafts gain."""
    wiki.kinds.register_changes(
        lambda: _proposed_source(ProposedExample.history.select_related("draft__page"))
    )


def _proposed_source(records, link=None):
    return HistorySource(
        records,
        "text",
        lambda r: f"proposed example in {r.work_title}",
        link=link or (lambda r: r.draft.page.get_absolute_url() if r.draft else ""),
        namespace_field="draft__page__namespace",
        page_fields=("draft_id",),
    )


def draft_history(page):
    return [
        _proposed_source(
            ProposedExample.history.filter(draft_id=page.pk), link=lambda r: page.get_absolute_url()
        ),
        HistorySource(
            LaunchDraft.history.filter(page_id=page.pk),
            "laconic",
            lambda r: f"laconic, sponsor or state ({r.get_state_display()})",
            link=lambda r: page.get_absolute_url(),
            namespace_field=None,
            page_fields=("page_id",),
        ),
    ]


def present_draft(request, page):
    draft = getattr(page, "launch_draft", None)
    if draft is None:  # a page marked as a draft before its record exists
        return "wiki/page.html", {}
    proposed = list(draft.proposed_examples.select_related("author").order_by("work_title", "pk"))
    existing = set(
        Page.objects.filter(key__in=[p.work_key for p in proposed]).values_list("key", flat=True)
    )
    for example in proposed:
        example.work_exists = example.work_key in existing
    context = {
        "draft": draft,
        "proposed": proposed,
        "follow_up": [p for p in proposed if p.example_id is None]
        if draft.state == LaunchDraft.State.LAUNCHED
        else [],
        "launch_settings": _settings(),
    }
    if personal.sharing(request) is None:  # otherwise the member's box is filled in for them
        context.update(box_values(draft, request.user))
    return "tropes/launch/draft.html", context


def box_values(draft, user, votes=None):
    """What the draft's box shows `user`: the score and who voted what, their own vote and
    what they may do now (vote, announce, launch, hold, adopt). Read for each request: it
    changes with the clock (voting opens, the notice ends), which a kept page would not."""
    now = timezone.now()
    if votes is None:
        votes = list(draft.votes.select_related("user").order_by("-value", "created"))
    signed_in = user.is_authenticated
    mine = next((vote for vote in votes if signed_in and vote.user_id == user.pk), None)
    steer = signed_in and drafts.may_steer(user, draft)
    return {
        "draft": draft,
        "votes": votes,
        "hats": sum(1 for vote in votes if vote.value > 0),
        "bombs": sum(1 for vote in votes if vote.value < 0),
        "my_vote": mine,
        "vote_refusal": drafts.vote_refusal(draft, user, now) if signed_in else "",
        "vote_form": LaunchVoteForm(initial={"reason": mine.reason if mine else ""}),
        "may_steer": steer,
        "missing": drafts.missing_conditions(draft, now) if steer else [],
        "can_announce": steer
        and draft.state in (LaunchDraft.State.OPEN, LaunchDraft.State.STALE)
        and not drafts.missing_conditions(draft, now),
        "can_launch": steer and draft.launchable(now),
        "name_taken": launching.name_taken(draft.page.name) if steer and draft.is_open else "",
        "may_hold": signed_in and draft.is_open and roles.has(user, roles.STEER_LAUNCHES),
        "hold_form": HoldForm(),
        "may_adopt": signed_in
        and draft.state == LaunchDraft.State.DISCARDED
        and not roles.refusal(user, roles.EDIT),
        "now": now,
        "launch_settings": _settings(),
    }


def fill_box(member, draft_id):
    """The member's own box on a draft's kept page."""
    draft = LaunchDraft.objects.select_related("page").filter(pk=int(draft_id)).first()
    if draft is None:
        return ""
    values = {
        **box_values(draft, member.user),
        "user": member.user,
        "request": member.request,
        "csrf_token": member.csrf_token,
    }
    return personal.render_block("tropes/launch/_box.html", "launch_box", values)


def _settings():
    return {
        "min_hats": settings.LAUNCH_MIN_HATS,
        "min_examples": settings.LAUNCH_MIN_EXAMPLES,
        "discard_bombs": settings.LAUNCH_DISCARD_BOMBS,
        "stale_days": settings.LAUNCH_STALE_DAYS,
    }
