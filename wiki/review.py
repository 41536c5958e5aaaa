"""The moderator's side of the review queue, as the admin uses it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from wiki import moderation

REJECT_REASONS = [
    "Not an improvement",
    "Vandalism or nonsense",
    "Spoilers outside spoiler tags",
    "Copied from elsewhere",
    "Zero-context or off-topic example",
]
QUEUE = "admin:wiki_pendingchange_changelist"


def decide(request, change):
    """Approve or reject `change` as the review screen's POST asks; None to show it again."""
    comment = request.POST.get("comment", "").strip()[:1000]
    if "_reject" in request.POST:
        reason = " ".join(filter(None, [request.POST.get("reason", ""), comment]))
        if not reason:
            messages.error(request, "Say why the change is rejected: the author is told.")
            return None
        return _answer(request, change, lambda: moderation.reject(change, request.user, reason),
                       "Rejected; the author has been told why.")
    if "_approve" in request.POST:
        return _answer(request, change, lambda: moderation.approve(change, request.user, comment),
                       "Approved; the change is live.")
    return None


def approve_many(request, queryset):
    approved, skipped = 0, []
    for change in queryset:
        try:
            moderation.approve(change, request.user)
            approved += 1
        except (moderation.Conflict, moderation.NotPending):
            skipped.append(str(change))
    messages.success(request, f"{approved} change(s) approved.")
    if skipped:
        messages.warning(request, "Not approved (conflicting or already reviewed; open them "
                                  "one by one): " + "; ".join(skipped))


def reject_many(request, queryset):
    """Ask for one reason, then reject every selected change with it."""
    reason = ask_note(request, queryset, "reject_selected", "Reject them",
                      "These changes will be rejected, and each author told the reason:",
                      "Reason", REJECT_REASONS, QUEUE)
    if not isinstance(reason, str):
        return reason
    rejected = 0
    for change in queryset:
        try:
            moderation.reject(change, request.user, reason)
            rejected += 1
        except moderation.NotPending:
            pass
    messages.success(request, f"{rejected} change(s) rejected; their authors have been told.")
    return None


def ask_note(request, queryset, action, title, intro, label, suggestions, back):
    """The note an admin action needs: the text once given, else the page asking for it."""
    note = request.POST.get("note", "").strip()[:1000]
    if "confirm" in request.POST and note:
        return note
    return TemplateResponse(request, "admin/wiki/confirm_with_note.html", {
        "items": queryset, "action": action, "title": title, "intro": intro, "label": label,
        "suggestions": suggestions, "missing": "confirm" in request.POST,
        "back": reverse(back),
    })


def _answer(request, change, act, done):
    try:
        act()
    except moderation.NotPending:
        messages.warning(request, "Someone reviewed this change already.")
    except moderation.Conflict:
        messages.error(
            request,
            "This change overlaps edits made since it was proposed, so it cannot be applied "
            "as it is. Merge it by hand (link below), or reject it with a reason.",
        )
        return None
    else:
        messages.success(request, done)
    return redirect(QUEUE)
