from datetime import timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts import roles
from accounts.access import edits_limited, member_below, requires
from wiki.moderation import rollback


class RollbackForm(forms.Form):
    since = forms.DateTimeField(
        label="Undo their edits made since",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@requires(roles.ROLLBACK)
@edits_limited
def rollback_user(request, handle):
    """Preview (GET) then run (POST) the rollback of one member's recent edits."""
    member = member_below(request.user, handle)
    default = timezone.localtime() - timedelta(days=1)
    data = (
        request.POST
        if request.method == "POST"
        else request.GET
        if "since" in request.GET
        else None
    )
    form = RollbackForm(data, initial={"since": default.strftime("%Y-%m-%dT%H:%M")})
    steps = None
    if form.is_valid():
        since = form.cleaned_data["since"]
        if request.method == "POST":
            count = rollback.run(member, since, request.user)
            messages.success(request, f"Rolled back {count} change(s) by {member}.")
            return redirect("wiki:profile", member.username)
        steps = rollback.plan(member, since)
    context = {"member": member, "form": form, "steps": steps}
    return render(request, "wiki/rollback.html", context, status=400 if form.errors else 200)
