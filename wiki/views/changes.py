from django.contrib.auth import get_user_model
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from accounts import roles
from accounts.roles import Role
from wiki import kinds, revisions

PER_PAGE = 50
PROFILE_CHANGES = 10


def recent_changes(request):
    filters = {
        "namespace": request.GET.get("namespace", "").strip()[:40],
        "handle": request.GET.get("user", "").strip()[:30],
        # An author's name on the wiki a page was imported from (wiki.revisions.imported_author).
        "imported": request.GET.get("imported", "").strip()[:255],
        "change": request.GET.get("kind", "")
        if request.GET.get("kind") in revisions.CHANGE_KINDS
        else "",
    }
    try:
        position = revisions.screen_position(request.GET)
        screen = revisions.recent_changes(PER_PAGE, **filters, **position)
    except revisions.BadCursor:
        return unknown_screen()
    context = {
        "screen": screen,
        "filters": filters,
        "change_kinds": revisions.CHANGE_KINDS,
    }
    return render(request, "wiki/changes.html", context)


def contributions(request, handle):
    author = get_object_or_404(get_user_model(), username__iexact=handle)
    try:
        position = revisions.screen_position(request.GET)
        screen = revisions.recent_changes(PER_PAGE, handle=author.username, **position)
    except revisions.BadCursor:
        return unknown_screen()
    context = {"author": author, "screen": screen}
    return render(request, "wiki/contributions.html", context)


def profile(request, handle):
    """A member's public page: who they are on the wiki, and what they did lately."""
    member = get_object_or_404(get_user_model(), username__iexact=handle)
    if member.username != handle:
        return redirect("wiki:profile", member.username)
    context = {
        "member": member,
        "role": Role(roles.role_of(member)).label,
        "edit_count": revisions.edit_count(member),
        "entries": revisions.recent_changes(PROFILE_CHANGES, handle=member.username).entries,
        "ban": member.active_ban(),
        "can_moderate": roles.has(request.user, roles.ROLLBACK),
        "member_links": [(link.label, link.url(member.username)) for link in kinds.member_links()],
    }
    return render(request, "wiki/profile.html", context)


def unknown_screen():
    """The answer to a cursor no Older or Newer link of ours makes."""
    return HttpResponseBadRequest(
        "This link names no place in the list of changes. Start again from the newest ones."
    )
