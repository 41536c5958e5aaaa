"""Editing a page: the editor, and saving what it sends, live or held for review, merged with
what changed meanwhile or shown as a conflict; and a moderator merging a held edit by hand."""

import copy
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts import roles
from accounts.access import edits_limited, requires
from wiki import diffs, editing, hints, kinds, moderation, revisions
from wiki.forms import KindFieldsForm, PageEditForm, extra_values
from wiki.models import Page, PendingChange
from wiki.moderation import page_changes
from wiki.views.access import page_for, to_redirect_target


@login_required
@edits_limited
def edit(request, namespace, name):
    held_id = request.GET.get("resolve") or request.POST.get("resolve", "")
    if held_id.isdigit():
        # Merging a held edit by hand has its own address; links and forms made before it
        # had one still lead there.
        return HttpResponseRedirect(reverse("wiki:merge_held", args=[held_id]), status=307)
    page = page_for(request, namespace, name, roles.EDIT)
    if page.redirect_to_id:
        return to_redirect_target(page, "wiki:edit")
    if request.method == "POST":  # the form says which revision it started from
        return _editor(request, page, {})
    latest = editing.latest_revision(page)
    return _editor(request, page, {"base_revision": latest.history_id if latest else None})


@requires(roles.REVIEW)
@edits_limited
def merge_held(request, pk):
    """A moderator merges a held edit that overlaps later edits by hand, in the editor.

    The editor starts from the held text and the revision it was based on; saving publishes
    it as its author's revision and approves it.
    """
    held_edit = get_object_or_404(
        PendingChange.objects.waiting()
        .filter(kind=page_changes.EDIT)
        .select_related("author", "page"),
        pk=pk,
    )
    page = page_for(request, held_edit.page.namespace, held_edit.page.name, roles.EDIT)
    initial = {
        **page_changes.HeldEdit(**held_edit.payload).values,
        "summary": held_edit.summary,
        "base_revision": held_edit.base_revision,
    }
    return _editor(request, page, initial, held_edit)


def _editor(request, page, initial, held_edit=None):
    """The editor for `page`, or what saving it did."""
    data = request.POST if request.method == "POST" else None
    form = PageEditForm(data, instance=copy.copy(page), initial=initial)
    extra_form_class = kinds.get(page.kind).extra_form
    related = kinds.related_object(page)
    # A kind may keep a record beside its pages (a subpage's work) with no fields to edit.
    extra_form = (
        _kind_fields(extra_form_class, data, related, request.user)
        if related and extra_form_class
        else None
    )
    if form.is_bound and form.is_valid() and (not extra_form or extra_form.is_valid()):
        return _save(request, page, form, extra_form, held_edit)
    context = {
        "page": page,
        "form": form,
        "extra_form": extra_form,
        "held_edit": held_edit,
        "hints": hints.page_hints(form["body"].value()),
        "will_wait": not moderation.goes_live(request.user, page),
    }
    return render(request, "wiki/edit.html", context, status=400 if form.is_bound else 200)


def _kind_fields(form_class, data, related, editor):
    """The form of the kind's own fields, bound to a copy of its record, and told who edits
    where it asks to be (a KindFieldsForm: some of its fields only some roles may change)."""
    told = {"editor": editor} if issubclass(form_class, KindFieldsForm) else {}
    return form_class(data, instance=copy.copy(related), **told)


def _save(request, page, form, extra_form, held_edit):
    save = partial(
        moderation.save_or_hold,
        request.user,
        [page],
        editing.edit_page,
        page_changes.hold_edit,
        page,
        form.page_values(),
        form.cleaned_data["base_revision"],
        held_edit.author if held_edit else request.user,
        form.cleaned_data["summary"],
        extra=extra_values(extra_form) if extra_form else None,
    )
    try:
        result = (
            save() if held_edit is None else moderation.merge_by_hand(held_edit, request.user, save)
        )
    except revisions.UnknownRevision:
        return HttpResponseBadRequest("This edit started from a revision the page never had.")
    except moderation.NotPending:
        messages.warning(request, "Someone reviewed this held change meanwhile; nothing was saved.")
        return redirect(page)
    if result is moderation.HELD:
        messages.info(request, moderation.WAITING)
        return redirect(page)
    if result.outcome == "conflict":
        return _conflict(request, page, form, extra_form, result, held_edit)
    _tell(request, result)
    return redirect(page)


def _conflict(request, page, form, extra_form, result, held_edit=None):
    """Both edits changed the same lines: keep the editor's text, show what changed meanwhile."""
    theirs = result.theirs
    resolving = PageEditForm(
        initial={
            **result.values,
            "summary": form.cleaned_data["summary"],
            "base_revision": theirs.history_id,
        },
    )
    their_changes = diffs.diff_rows(result.base.body, theirs.body)
    if extra_form is not None:
        # Keep the editor's values, but start them from what is saved now, so
        # saving the resolution does not conflict with the same change again.
        data = request.POST.copy()
        related = kinds.related_object(Page.objects.get(pk=page.pk))
        for name in extra_form.fields:
            current = getattr(related, name)
            data[extra_form[name].html_initial_name] = "" if current is None else str(current)
        extra_form = _kind_fields(type(extra_form), data, related, request.user)
    context = {
        "page": page,
        "form": resolving,
        "extra_form": extra_form,
        "result": result,
        "their_changes": their_changes,
        "theirs": theirs,
        "held_edit": held_edit,
    }
    return render(request, "wiki/conflict.html", context, status=409)


def _tell(request, result):
    if result.outcome == "unchanged":
        messages.info(request, "You made no changes, so no revision was added.")
    elif result.outcome == "merged":
        author = revisions.author_name(result.theirs, nobody="someone")
        messages.success(
            request,
            f"Saved. {author} changed this page while you were editing; "
            "your changes were merged with theirs.",
        )
    else:
        messages.success(request, "Saved.")
