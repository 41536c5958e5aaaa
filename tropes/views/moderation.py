"""What moderators do from the trope side: removing a member's votes."""

from django.contrib import messages
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import edits_limited, member_below, requires
from tropes import votes
from tropes.models import ExampleVote


@requires(roles.PURGE_VOTES)
@edits_limited
def purge_votes(request, handle):
    member = member_below(request.user, handle)
    if request.method == "POST":
        count = votes.purge_votes(member, request.user)
        messages.success(request, f"Removed {count} vote(s) by {member}.")
        return redirect("wiki:profile", member.username)
    vote_count = ExampleVote.objects.filter(user=member).count()
    return render(request, "tropes/purge_votes.html", {"member": member, "vote_count": vote_count})
