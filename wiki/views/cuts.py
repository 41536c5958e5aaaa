"""Cutting a page and restoring it (wiki.cutting): moderators only, never held."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import edits_limited, requires
from wiki import cutting
from wiki.forms import CutForm
from wiki.models import Page
from wiki.views.access import page_for
from wiki.views.moves import _add_errors

REVISIONS_SHOWN = 20


@requires(roles.REPAIR)
@edits_limited
def cut(request, namespace, name):
    page = page_for(request, namespace, name, roles.REPAIR)
    form = CutForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            page = cutting.cut_page(page, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"{page} is cut. Its history is kept, and it can be restored."
            )
            return redirect(page)
    status = 400 if form.is_bound else 200
    return render(request, "wiki/cut.html", {"page": page, "form": form}, status=status)


@require_POST
@requires(roles.REPAIR)
@edits_limited
def restore(request, namespace, name):
    page = Page.objects.cut_at(namespace, name)
    if page is None:
        raise Http404("No page of that name is cut.")
    try:
        page = cutting.restore_page(page, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{page} is restored, with what the cut removed.")
    return redirect(page)


def cut_notice(request, page):
    """What readers meet at a cut page's name: that it was cut, when, by whom and why, and
    its history, which the cut keeps (410 Gone)."""
    context = {
        "page": page,
        "cut": cutting.cut_revision(page),
        "revisions": page.history.select_related("history_user").order_by("-history_id")[
            :REVISIONS_SHOWN
        ],
        "may_restore": roles.has(request.user, roles.REPAIR),
    }
    return render(request, "wiki/cut_notice.html", context, status=410)
