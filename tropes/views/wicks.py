"""A trope's wick check (/<Ns>/<Name>/wickcheck): its sample, labelled by members, and its
saved reports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.models import RepairCase, Trope, Verdict, WickCheck, WickLabel
from tropes.repair import wicks
from wiki.models import Page
from wiki.views.access import to_redirect_target


def trope_page(namespace, name):
    page = Page.objects.by_key(namespace, name).first()
    if page is None or (page.kind != Trope.KIND and not page.redirect_to_id):
        raise Http404("No trope of that name.")
    return page


def wickcheck(request, namespace, name):
    page = trope_page(namespace, name)
    if page.redirect_to_id:
        return to_redirect_target(page, "tropes:wickcheck")
    check = wicks.open_check(page)
    items, mine, counts = [], {}, {}
    if check is not None:
        items = list(check.items.all())
        me = request.user.pk
        # Every checker's labels in one query: counted, and the reader's own kept.
        labels = WickLabel.objects.filter(item__wick=check).values_list(
            "item_id", "checker_id", "verdict", "note"
        )
        for item, checker, verdict, note in labels:
            counts[item] = counts.get(item, 0) + 1
            if checker == me:
                mine[item] = {"verdict": verdict, "note": note}
    rows = [(item, mine.get(item.pk), counts.get(item.pk, 0)) for item in items]
    context = {
        "page": page,
        "check": check,
        "rows": rows,
        "verdicts": Verdict.choices,
        "reports": wicks.reports(page),
        "may_label": roles.has(request.user, roles.EDIT),
        "open_cases": list(
            RepairCase.objects.filter(page=page, state__in=RepairCase.SLOT_STATES).only(
                "pk", "kind", "state", "page_id", "other_id", "proposed_name"
            )
        ),
    }
    return render(request, "tropes/repair/wickcheck.html", context)


@require_POST
@requires(roles.EDIT)
@edits_limited
def start(request, namespace, name):
    page = trope_page(namespace, name)
    if page.redirect_to_id:
        return to_redirect_target(page, "tropes:start_wickcheck")
    try:
        check = wicks.start(page, request.user)
    except wicks.AlreadyOpen:
        messages.info(request, "A wick check of this trope is being labelled: join it.")
    except wicks.NothingToCheck:
        messages.info(request, "No page links to this trope yet: there is nothing to check.")
    else:
        messages.success(
            request, f"Sampled {check.items.count()} of the {check.link_count} links to it."
        )
    return redirect("tropes:wickcheck", page.namespace, page.name)


@require_POST
@requires(roles.EDIT)
@edits_limited
def label(request, namespace, name, pk):
    page = trope_page(namespace, name)
    check = get_object_or_404(WickCheck, pk=pk, page=page)
    verdicts = {}
    for item in check.items.values_list("pk", flat=True):
        verdict = request.POST.get(f"verdict-{item}", "")
        if verdict:
            verdicts[item] = (verdict, request.POST.get(f"note-{item}", "").strip())
    if any(verdict not in Verdict.values for verdict, _ in verdicts.values()):
        return _refused(request, page, "A label is correct use, misuse or unclear.")
    try:
        saved = wicks.label(check, request.user, verdicts)
    except ValidationError as error:
        return _refused(request, page, " ".join(error.messages))
    messages.success(request, f"Saved your labels of {saved} link{'s' if saved != 1 else ''}.")
    return redirect("tropes:wickcheck", page.namespace, page.name)


@require_POST
@requires(roles.EDIT)
@edits_limited
def save_report(request, namespace, name, pk):
    page = trope_page(namespace, name)
    check = get_object_or_404(WickCheck, pk=pk, page=page)
    case = None
    case_id = request.POST.get("case", "")
    if case_id:
        if not case_id.isdigit() or len(case_id) > 12:
            return _refused(request, page, "No such repair case.")
        case = RepairCase.objects.filter(pk=case_id, page=page).first()
        if case is None:
            return _refused(request, page, "No repair case of this trope has that number.")
    try:
        check = wicks.save_report(check, request.user, case)
    except ValidationError as error:
        return _refused(request, page, " ".join(error.messages))
    messages.success(request, f"Report saved: {check.correct_percent}% correct use.")
    return redirect(reverse("tropes:wickcheck", args=[page.namespace, page.name]) + "#reports")


def _refused(request, page, why):
    """The wick check page again, saying why the request was refused (400)."""
    messages.error(request, why)
    response = wickcheck(request, page.namespace, page.name)
    response.status_code = 400
    return response
