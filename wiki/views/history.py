from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import edits_limited
from wiki import diffs, editing, markup, moderation, revisions
from wiki.forms import SINGLE_LINE_FIELDS
from wiki.moderation import page_changes
from wiki.views.access import page_for
from wiki.views.changes import unknown_screen

ENTRIES_PER_PAGE = 50


def history(request, namespace, name):
    page = page_for(request, namespace, name)
    try:
        screen = revisions.timeline(
            page, ENTRIES_PER_PAGE, **revisions.screen_position(request.GET)
        )
    except revisions.BadCursor:
        return unknown_screen()
    return render(request, "wiki/history.html", {"page": page, "screen": screen})


def revision(request, namespace, name, revision_id):
    page = page_for(request, namespace, name)
    old = _revision(page, revision_id)
    neighbours = page.history.order_by("history_id")
    context = {
        "page": page,
        "old": old,
        "body_html": markup.render(old.body),
        "quote_html": markup.render(old.quote) if old.quote else "",
        "previous": neighbours.filter(history_id__lt=old.history_id).last(),
        "next": neighbours.filter(history_id__gt=old.history_id).first(),
    }
    return render(request, "wiki/revision.html", context)


def compare(request, namespace, name):
    page = page_for(request, namespace, name)
    try:
        new = _revision(page, int(request.GET["to"]))
        if "from" in request.GET:
            old = _revision(page, int(request.GET["from"]))
        else:  # the changes made by `to` alone
            old = page.history.filter(history_id__lt=new.history_id).order_by("history_id").last()
            old = old or new
    except (KeyError, ValueError):
        return HttpResponseBadRequest("Choose two revisions to compare.")
    if old.history_id > new.history_id:
        old, new = new, old
    inline = request.GET.get("view") == "inline"
    context = {
        "page": page,
        "old": old,
        "new": new,
        "inline": inline,
        "rows": diffs.diff_rows(old.body, new.body),
        "quote_rows": diffs.diff_rows(old.quote, new.quote) if old.quote != new.quote else [],
        "field_changes": [
            (field, getattr(old, field), getattr(new, field))
            for field in SINGLE_LINE_FIELDS
            if getattr(old, field) != getattr(new, field)
        ],
    }
    return render(request, "wiki/compare.html", context)


@login_required
@edits_limited
def revert(request, namespace, name, revision_id):
    page = page_for(request, namespace, name, roles.EDIT)
    old = _revision(page, revision_id)
    latest = editing.latest_revision(page)
    if request.method == "POST":
        summary = revisions.revert_summary(old)
        reason = " ".join(request.POST.get("reason", "").split())[:150]  # the summary is one line
        try:
            result = moderation.save_or_hold(
                request.user,
                [page],
                editing.edit_page,
                page_changes.hold_edit,
                page,
                editing.revision_values(old),
                int(request.POST.get("base_revision") or 0),
                request.user,
                f"{summary}: {reason}" if reason else summary,
            )
        except (revisions.UnknownRevision, ValueError):
            return HttpResponseBadRequest("This revert started from a revision the page never had.")
        if result is moderation.HELD:
            messages.info(request, moderation.WAITING)
            return redirect(page)
        if result.outcome == "conflict":
            latest = editing.latest_revision(page)
            return render(
                request, "wiki/revert.html", _revert_context(page, old, latest, True), status=409
            )
        if result.outcome == "unchanged":
            messages.info(request, "The page already reads like that revision; nothing changed.")
        else:
            messages.success(request, summary + ".")
        return redirect(page)
    return render(request, "wiki/revert.html", _revert_context(page, old, latest, False))


def _revert_context(page, old, latest, conflict):
    return {
        "page": page,
        "old": old,
        "latest": latest,
        "rows": diffs.diff_rows(latest.body, old.body),
        "conflict": conflict,
    }


def _revision(page, revision_id):
    revision = page.history.select_related("history_user").filter(history_id=revision_id).first()
    if revision is None:
        raise Http404("This page has no such revision.")
    return revision
