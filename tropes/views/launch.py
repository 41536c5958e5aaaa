"""The launch pad: the list of drafts, a new draft, and each action on a draft (proposed
examples, hats and bombs, the launch notice and the launch, holds, adoption)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from accounts.access import edits_limited, rate_limited, requires
from tropes.launch import drafts, launching
from tropes.launch.forms import (
    DraftForm,
    HoldForm,
    LaunchVoteForm,
    ProposedExampleForm,
    ProposedTextForm,
)
from tropes.launch.pages import box_values
from tropes.models import LaunchDraft, ProposedExample
from tropes.models.launch import voting_starts_before
from wiki import markup, paging

PER_PAGE = 30
MAX_PAGES = 50  # read with OFFSET (wiki.paging): 1,500 drafts a filter, beyond any real pad
SORTS = {"activity": ("-active", "-pk"), "score": ("-score", "-active", "-pk")}


def _filters():
    """The launch pad's filters: what each shows, as a Q of drafts (read when asked: the
    clock decides which drafts vote and which may launch)."""
    launchable = LaunchDraft.objects.launchable().values("pk")
    voting_since = voting_starts_before()
    State = LaunchDraft.State
    return {
        "": ("All but discarded", ~Q(state=State.DISCARDED)),
        "open": ("Open", Q(state__in=[State.OPEN, State.ANNOUNCED])),
        "voting": ("Voting", Q(state__in=[State.OPEN, State.ANNOUNCED], posted__lte=voting_since)),
        "announced": ("Launch announced", Q(state=State.ANNOUNCED)),
        "launchable": ("Launchable", Q(pk__in=launchable)),
        "stale": ("Stale", Q(state=State.STALE)),
        "discarded": ("Discarded", Q(state=State.DISCARDED)),
        "launched": ("Launched", Q(state=State.LAUNCHED)),
    }


def launch_pad(request):
    filters = _filters()
    state = request.GET.get("state", "")
    sort = request.GET.get("sort", "activity")
    if state not in filters or sort not in SORTS:
        return render(request, "400.html", {"message": "No such filter or order."}, status=400)
    listed = LaunchDraft.objects.listed().filter(filters[state][1]).order_by(*SORTS[sort])
    page_obj = paging.page_of(listed, PER_PAGE, request.GET.get("page"), MAX_PAGES)
    context = {
        "drafts": page_obj,
        "filters": {key: label for key, (label, _) in filters.items()},
        "state": state,
        "sort": sort,
        "sorts": {"activity": "Latest activity", "score": "Score"},
        "room": drafts.open_drafts_left(request.user) if request.user.is_authenticated else None,
        "MAX_OPEN": LaunchDraft.MAX_OPEN,
        "min_hats": settings.LAUNCH_MIN_HATS,
    }
    return render(request, "tropes/launch/list.html", context)


@requires(roles.EDIT)
@edits_limited
def new_draft(request):
    initial = {"title": request.GET.get("title", "")[:200]}
    proposed = request.GET.get("page", "")[:100]
    if proposed.isascii() and proposed.isalnum():
        initial["name"] = proposed
        initial["title"] = initial["title"] or markup.split_wikiword(proposed)
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = drafts.post_draft(
                request.user, data["name"], data["title"], data["laconic"], data["body"]
            )
        except drafts.Refused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Draft posted. Add its examples now: a launch needs at least five."
            )
            return redirect(draft)
    status = 400 if request.method == "POST" else 200
    room = drafts.open_drafts_left(request.user)
    return render(request, "tropes/launch/new.html", {"form": form, "room": room}, status=status)


def _draft(name):
    return get_object_or_404(LaunchDraft.objects.select_related("page"), page__name=name)


@requires(roles.EDIT)
@edits_limited
def propose(request, name):
    draft = _draft(name)
    if not draft.is_open:
        raise PermissionDenied(f"This draft is {draft.get_state_display().lower()}.")
    form = ProposedExampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drafts.propose_example(
                draft,
                request.user,
                data["medium"],
                data["work_name"],
                data["work_title"],
                data["text"],
            )
        except drafts.Refused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Example proposed.")
            return redirect(draft)
    status = 400 if request.method == "POST" else 200
    context = {"draft": draft, "form": form}
    return render(request, "tropes/launch/propose.html", context, status=status)


def _proposed(request, pk):
    proposed = get_object_or_404(ProposedExample.objects.select_related("draft__page"), pk=pk)
    if not drafts.may_change_example(request.user, proposed, proposed.draft):
        raise PermissionDenied("Its author, the draft's sponsor or a moderator changes it.")
    if not proposed.draft.is_open:
        raise PermissionDenied(f"This draft is {proposed.draft.get_state_display().lower()}.")
    return proposed


@requires(roles.EDIT)
@edits_limited
def edit_proposed(request, pk):
    proposed = _proposed(request, pk)
    form = ProposedTextForm(request.POST or None, initial={"text": proposed.text})
    if request.method == "POST" and form.is_valid():
        try:
            drafts.edit_proposed(proposed, request.user, form.cleaned_data["text"])
        except drafts.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Example saved.")
            return redirect(proposed.draft)
    status = 400 if request.method == "POST" else 200
    context = {"draft": proposed.draft, "proposed": proposed, "form": form}
    return render(request, "tropes/launch/edit_example.html", context, status=status)


@require_POST
@requires(roles.EDIT)
@edits_limited
def remove_proposed(request, pk):
    proposed = _proposed(request, pk)
    draft = proposed.draft
    try:
        drafts.remove_proposed(proposed, request.user)
    except drafts.Refused as refusal:
        raise PermissionDenied(str(refusal)) from None
    messages.success(request, "Example removed; the draft's history keeps it.")
    return redirect(draft)


@require_http_methods(["POST"])
@rate_limited("vote", "VOTE_RATE_LIMIT", "votes")
def vote(request, name):
    """A hat or a bomb: htmx swaps the draft's box (its score, who voted what) in place; a
    plain form goes back to the draft."""
    draft = _draft(name)
    if not request.user.is_authenticated:
        return redirect_to_login(draft.get_absolute_url())
    form = LaunchVoteForm(request.POST)
    if not form.is_valid():
        return _box(request, draft, status=400, error=" ".join(form.errors.get("value", [])))
    try:
        draft = drafts.cast_vote(
            draft, request.user, form.cleaned_data["value"], form.cleaned_data["reason"]
        )
    except drafts.Refused as refusal:
        return _box(request, draft, status=403, error=str(refusal))
    if request.htmx:
        return _box(request, draft, saved=True)
    messages.success(request, "Vote saved.")
    return redirect(draft)


def _box(request, draft, status=200, error="", saved=False):
    if not request.htmx and status == 403:
        raise PermissionDenied(error)
    if not request.htmx and error:
        return render(request, "400.html", {"message": error}, status=status)
    context = {**box_values(draft, request.user), "error": error, "saved": saved}
    return render(request, "tropes/launch/_box.html", context, status=status)


def _steering(request, name, action, success):
    """Run `action(draft, user)` (announce, launch…), saying what it did or why it could not."""
    draft = _draft(name)
    try:
        result = action(draft, request.user)
    except drafts.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(draft)
    messages.success(request, success)
    return redirect(result)


@require_POST
@requires(roles.EDIT)
@edits_limited
def announce(request, name):
    return _steering(request, name, drafts.announce, "Launch announced: it may launch in 24 hours.")


@require_POST
@requires(roles.EDIT)
@edits_limited
def launch(request, name):
    return _steering(request, name, launching.launch, "Launched! Here is the new trope page.")


@require_POST
@requires(roles.STEER_LAUNCHES)
@edits_limited
def hold(request, name):
    draft = _draft(name)
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the draft is held.")
        return redirect(draft)
    try:
        drafts.hold(draft, request.user, form.cleaned_data["reason"])
    except drafts.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The draft is held: it cannot launch until you lift the hold.")
    return redirect(draft)


@require_POST
@requires(roles.STEER_LAUNCHES)
@edits_limited
def lift_hold(request, name):
    return _steering(request, name, drafts.lift_hold, "Hold lifted.")


@require_POST
@requires(roles.EDIT)
@edits_limited
def adopt(request, name):
    return _steering(request, name, drafts.adopt, "You sponsor this draft now.")
