"""Rating an example: the vote widget, which htmx swaps in place and a plain form posts to."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import roles
from accounts.access import rate_limited
from tropes import votes
from tropes.forms import VoteForm
from tropes.models import Example, ExampleVote
from wiki.navigation import safe_next_url


@require_http_methods(["GET", "POST"])
@rate_limited("vote", "VOTE_RATE_LIMIT", "votes")
def vote(request, pk):
    if request.method == "POST":
        return _cast(request, pk)
    example = get_object_or_404(Example.objects.with_pages(), pk=pk)
    if not request.htmx:
        return redirect("tropes:example", pk=pk)
    return _vote_widget(request, example)


def _cast(request, pk):
    if not request.user.is_authenticated:
        example = get_object_or_404(Example.objects.with_pages("work"), pk=pk)
        return redirect_to_login(example.get_absolute_url())
    refusal = roles.refusal(request.user, roles.VOTE)
    if refusal:
        example = get_object_or_404(Example.objects.for_voting(), pk=pk)
        return _vote_widget(request, example, refusal=refusal, status=403)
    form = VoteForm(request.POST)
    if not form.is_valid():
        example = get_object_or_404(Example.objects.for_voting(), pk=pk)
        return _vote_widget(request, example, form=form, status=400)
    value = form.cleaned_data["value"]
    try:  # the example is read as it is locked, not before
        example = votes.cast_vote(request.user, pk, value)
    except Example.DoesNotExist:
        raise Http404("No such example.") from None
    if request.htmx:
        return _vote_widget(request, example, saved=True, mine=value)
    # The example's own address (its work page) is read only when the form names none.
    return redirect(safe_next_url(request, default="") or example.get_absolute_url())


def _vote_widget(request, example, form=None, status=200, saved=False, refusal="", mine=None):
    context = {
        "refusal": refusal,
        "example": example,
        "my_vote": mine if mine is not None else my_vote(request.user, example),
        "form": form,
        "saved": saved,
    }
    return render(request, "tropes/_vote.html", context, status=status)


def my_vote(user, example):
    """The rating `user` gave `example`, or None."""
    if not user.is_authenticated:
        return None
    return (
        ExampleVote.objects.filter(user=user, example=example)
        .values_list("value", flat=True)
        .first()
    )
