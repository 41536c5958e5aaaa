import copy

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from markdownx.views import MarkdownifyView

from accounts import roles
from accounts.access import edits_limited, rate_limited, requires
from wiki import diffs, editing, hints, kinds, moderation, pending, uploads
from wiki.forms import PageEditForm, extra_values
from wiki.models import Page
from wiki.views.access import get_editable_page, to_redirect_target

markdownify = MarkdownifyView.as_view()

WAITING = ("Thank you! Your change is waiting for review by a moderator; readers see it once "
           "it is approved.")


@requires(roles.EDIT)
@edits_limited
def edit(request, namespace, name):
    page = get_editable_page(namespace, name)
    if page.redirect_to_id:
        return to_redirect_target(page, "wiki:edit")
    extra_form_class = kinds.get(page.kind).extra_form
    related = kinds.related_object(page)
    latest = editing.latest_revision(page)
    data = request.POST if request.method == "POST" else None
    # A moderator merging a held edit by hand starts from its text and its revision.
    held_edit = moderation.resolving(request.GET.get("resolve") or request.POST.get("resolve"),
                                     request.user, page)
    initial = {"base_revision": latest.history_id if latest else None}
    if held_edit is not None:
        initial = {**held_edit.payload["values"], "summary": held_edit.summary,
                   "base_revision": held_edit.base_revision}
    form = PageEditForm(data, instance=copy.copy(page), initial=initial)
    extra_form = extra_form_class(data, instance=copy.copy(related)) if related else None

    if request.method == "POST" and form.is_valid() and (not extra_form or extra_form.is_valid()):
        held = not moderation.goes_live(request.user, page)
        save = pending.hold_edit if held else editing.edit_page
        try:
            result = save(
                page,
                form.page_values(),
                form.cleaned_data["base_revision"],
                held_edit.author if held_edit else request.user,
                form.cleaned_data["summary"],
                extra=extra_values(extra_form) if extra_form else None,
            )
        except editing.UnknownRevision:
            return HttpResponseBadRequest("This edit started from a revision the page never had.")
        if held:
            messages.info(request, WAITING)
            return redirect(page)
        if result.outcome == "conflict":
            return _conflict(request, page, form, extra_form, result, held_edit)
        if held_edit is not None:
            moderation.mark_merged(held_edit, request.user)
        _tell(request, result)
        return redirect(page)

    status = 400 if request.method == "POST" else 200
    return render(
        request, "wiki/edit.html",
        {"page": page, "form": form, "extra_form": extra_form, "held_edit": held_edit,
         "hints": hints.page_hints(form["body"].value()),
         "will_wait": not moderation.goes_live(request.user, page)},
        status=status,
    )


@require_POST
@requires(roles.EDIT)
@rate_limited("preview", "PREVIEW_RATE_LIMIT", "previews")
def preview(request):
    """The editor's live preview, rendered by wiki.markup.render like every page."""
    size, limit = len(request.POST.get("content", "")), settings.MAX_PAGE_CHARS
    if size > limit:  # refused before parsing: the cost grows with the size
        return HttpResponseBadRequest(
            f"Nothing to preview: the text is {size:,} characters long; the limit is {limit:,}."
        )
    return markdownify(request)


@require_POST
@rate_limited("upload", "UPLOAD_RATE_LIMIT", "uploads", refused=lambda request, what, why:
              _upload_error("Too many uploads in a minute; wait a little and try again.", 429))
def upload(request):
    """An image dropped into the editor, answered in the JSON django-markdownx expects."""
    if not request.user.is_authenticated:
        return _upload_error("Sign in to upload images.", 403)
    refusal = roles.refusal(request.user, roles.UPLOAD)
    if refusal:
        return _upload_error(refusal, 403)
    image = request.FILES.get("image")
    if image is None:
        return _upload_error("Choose an image to upload.", 400)
    try:
        url = uploads.store_image(image)
    except uploads.Refused as refusal:
        return _upload_error(str(refusal), 400)
    return JsonResponse({"image_code": f"![]({url})"})


def _upload_error(message, status):
    return JsonResponse({"image": [message]}, status=status)


def _conflict(request, page, form, extra_form, result, held_edit=None):
    """Both edits changed the same lines: keep the editor's text, show what changed meanwhile."""
    theirs = result.theirs
    resolving = PageEditForm(
        initial={**result.values, "summary": form.cleaned_data["summary"],
                 "base_revision": theirs.history_id},
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
        extra_form = type(extra_form)(data, instance=copy.copy(related))
    context = {
        "page": page, "form": resolving, "extra_form": extra_form, "result": result,
        "their_changes": their_changes, "theirs": theirs, "held_edit": held_edit,
    }
    return render(request, "wiki/conflict.html", context, status=409)


def _tell(request, result):
    if result.outcome == "unchanged":
        messages.info(request, "You made no changes, so no revision was added.")
    elif result.outcome == "merged":
        author = result.theirs.history_user or "someone"
        messages.success(
            request,
            f"Saved. {author} changed this page while you were editing; "
            "your changes were merged with theirs.",
        )
    else:
        messages.success(request, "Saved.")
