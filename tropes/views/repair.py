"""The repair shop (/repair): its cases by state, proposing one, and moderators' decisions,
renames and cuts carried out from a case."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.models import RepairCase
from tropes.repair import cases
from tropes.repair.forms import CaseForm, CutCaseForm, DecisionForm, RenameForm
from wiki import cutting, moving, paging

PER_PAGE = 25
MAX_PAGES = 40  # read by OFFSET (wiki.paging): a thousand cases of a state at most
STATES = {
    "open": (RepairCase.State.OPEN,),
    "decided": (RepairCase.State.DECIDED,),
    "queued": (RepairCase.State.QUEUED,),
    "done": (RepairCase.State.DONE,),
    "declined": (RepairCase.State.DECLINED,),
}
STATE_LABELS = {state: RepairCase.State(state).label for state in STATES}


def shop(request):
    state = request.GET.get("state")
    state = state if state in STATES else "open"
    listed = RepairCase.objects.listed().filter(state__in=STATES[state])
    # The queue in the order it opens; the rest newest first.
    order = ("created", "pk") if state == "queued" else ("-created", "-pk")
    page_obj = paging.page_of(listed.order_by(*order), PER_PAGE, request.GET.get("page"), MAX_PAGES)
    counts = dict(
        RepairCase.objects.order_by()
        .values_list("state")
        .annotate(Count("pk"))
        .values_list("state", "pk__count")
    )
    tabs = [(key, label, counts.get(key, 0)) for key, label in STATE_LABELS.items()]
    context = {
        "page_obj": page_obj,
        "cases": page_obj,
        "state": state,
        "tabs": tabs,
        "max_open": settings.REPAIR_MAX_OPEN,
    }
    return render(request, "tropes/repair/shop.html", context)


@requires(roles.EDIT)
@edits_limited
def new_case(request):
    if request.method == "POST":
        form = CaseForm(request.POST)
    else:
        form = CaseForm(initial={"trope": request.GET.get("trope", "")[:200]})
    if form.is_valid():
        data = form.cleaned_data
        case = cases.propose(
            data["trope"].page,
            data["kind"],
            data["reason"],
            request.user,
            other=data["other"].page if data["other"] else None,
            proposed_name=data.get("proposed_name", ""),
            deadline=data.get("deadline"),
        )
        if case.state == RepairCase.State.QUEUED:
            messages.info(request, "Every slot of the repair shop is taken: it waits its turn.")
        return redirect(case)
    status = 400 if form.is_bound else 200
    return render(request, "tropes/repair/new_case.html", {"form": form}, status=status)


def case(request, pk):
    case = get_object_or_404(
        RepairCase.objects.select_related("page", "other", "author", "decided_by", "thread__page"),
        pk=pk,
    )
    moderator = roles.has(request.user, roles.REPAIR)
    context = {
        "case": case,
        "reports": list(case.wick_checks.exclude(saved=None).order_by("-saved")),
        "queue_place": _queue_place(case),
        "moderator": moderator,
        "decision_form": DecisionForm() if moderator else None,
        "rename_form": RenameForm(initial={"name": case.proposed_name}) if moderator else None,
        "cut_form": CutCaseForm() if moderator else None,
    }
    return render(request, "tropes/repair/case.html", context)


def _queue_place(case):
    if case.state != RepairCase.State.QUEUED:
        return None
    return RepairCase.objects.queued().filter(created__lt=case.created).count() + 1


@require_POST
@requires(roles.REPAIR)
@edits_limited
def decide(request, pk):
    case = get_object_or_404(RepairCase, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(case)
    data = form.cleaned_data
    try:
        if data["action"] == "decide":
            cases.decide(case, request.user, data["decision"])
        elif data["action"] == "decline":
            cases.decline(case, request.user, data["decision"])
        else:
            label = "The change" if data["outcome_url"] else ""
            cases.mark_done(case, request.user, data["decision"], label, data["outcome_url"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)


@require_POST
@requires(roles.REPAIR)
@edits_limited
def rename(request, pk):
    """Carry out a rename case: the trope moves (wiki.moving), and the case is done."""
    case = get_object_or_404(RepairCase.objects.select_related("page"), pk=pk)
    form = RenameForm(request.POST)
    if not _carried_out(request, case, form):
        return redirect(case)
    page = case.page
    try:
        with_case = f"repair case {case.pk}"
        page = moving.move_page(
            page,
            page.namespace,
            form.cleaned_data["name"],
            request.user,
            title=form.cleaned_data["title"] or None,
            summary=with_case,
        )
        cases.mark_done(case, request.user, "", f"Moved to {page.full_name}", _history(page))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)


@require_POST
@requires(roles.REPAIR)
@edits_limited
def cut(request, pk):
    """Carry out a cut case: the trope is cut (wiki.cutting), and the case is done."""
    case = get_object_or_404(RepairCase.objects.select_related("page"), pk=pk)
    form = CutCaseForm(request.POST)
    if not _carried_out(request, case, form):
        return redirect(case)
    try:
        page = cutting.cut_page(case.page, request.user, form.cleaned_data["reason"])
        cases.mark_done(case, request.user, "", f"Cut {page.full_name}", page.get_absolute_url())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)


def _carried_out(request, case, form):
    """Whether the case may be carried out with the form's data; says why not if not."""
    if case.state not in RepairCase.SLOT_STATES:
        messages.error(request, f"This case is {case.get_state_display().lower()}.")
        return False
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return False
    return True


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _history(page):
    return reverse("wiki:history", args=[page.namespace, page.name])
