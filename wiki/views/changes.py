from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from accounts import roles
from accounts.roles import Role
from wiki import revisions

PER_PAGE = 50
PROFILE_CHANGES = 10


def recent_changes(request):
    filters = {
        "namespace": request.GET.get("namespace", "").strip()[:40],
        "handle": request.GET.get("user", "").strip()[:30],
        "change": request.GET.get("kind", "") if request.GET.get("kind") in revisions.CHANGE_KINDS
        else "",
    }
    number = _page_number(request)
    entries = revisions.recent_changes((number + 1) * PER_PAGE, **filters)
    context = {
        "entries": Paginator(entries, PER_PAGE).get_page(number),
        "filters": filters,
        "change_kinds": revisions.CHANGE_KINDS,
    }
    return render(request, "wiki/changes.html", context)


def contributions(request, handle):
    author = get_object_or_404(get_user_model(), username__iexact=handle)
    number = _page_number(request)
    entries = revisions.recent_changes((number + 1) * PER_PAGE, handle=author.username)
    context = {"author": author, "entries": Paginator(entries, PER_PAGE).get_page(number)}
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
        "entries": revisions.recent_changes(PROFILE_CHANGES, handle=member.username),
        "ban": member.active_ban(),
        "can_moderate": roles.has(request.user, roles.ROLLBACK),
    }
    return render(request, "wiki/profile.html", context)


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1
