"""A held change as its author and moderators see it: merging one by hand is in edit.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts import roles
from wiki import diffs, markup, moderation
from wiki.models import PendingChange, Thread


def held_change(request, pk):
    """A change waiting for review, as its author and moderators see it; hidden from others."""
    change = get_object_or_404(PendingChange.objects.select_related("page", "author"), pk=pk)
    if change.author_id != request.user.pk and not roles.has(request.user, roles.REVIEW):
        raise Http404("No such change.")
    old, new = moderation.review_texts(change)
    context = {
        "change": change,
        "rows": diffs.diff_rows(old, new),
        "proposed_html": markup.render(new),
        "threads": list(Thread.objects.about_change(change)),
    }
    return render(request, "wiki/pending_change.html", context)
