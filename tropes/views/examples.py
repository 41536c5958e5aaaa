"""An example's page, and adding, editing, removing, restoring and reporting examples."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.access import edits_limited, rate_limited, requires
from tropes import example_parts as parts
from tropes import example_rules, examples, held_examples, lookup, placement
from tropes.forms import ExampleForm
from tropes.hints import example_hints
from tropes.models import Example, Trope
from tropes.played import shown_text
from tropes.views import cleanup
from tropes.views.votes import my_vote
from wiki import diffs, markup, moderation, revisions
from wiki.navigation import safe_next_url
from wiki.views.reports import report_view


def example(request, pk):
    example = get_object_or_404(Example.objects.select_related("trope__page", "work__page"), pk=pk)
    context = {
        "example": example,
        "my_vote": my_vote(request.user, example),
        "missing": example.work.page.missing_link_keys(origin=example.link_origin),
        # The flag widget: the reader's own flag, and for editors, how many there are.
        **cleanup.widget_context(request, example.pk, example.context_flags),
    }
    return render(request, "tropes/example.html", context)


@requires(roles.EDIT)
@edits_limited
def add(request):
    """`?work=Anime/MetallicRouge` chooses a trope for that work (and with `&character=` an
    anchor or `&installment=` a number, for one of its characters or installments);
    `?trope=BigEater` a work."""
    side, other = ("work", "trope") if "work" in request.GET else ("trope", "work")
    fixed = lookup.resolve(side, request.GET.get(side, ""))
    if fixed is None:
        raise Http404(f"No such {side}.")
    part = parts.chosen(request.GET, fixed) if side == "work" else parts.NONE
    form = ExampleForm(request.POST or None, choose=other)
    if request.method == "POST" and form.is_valid():
        pair = {side: fixed, other: form.cleaned_data["subject"]}
        duplicate = Example.objects.filter(**pair, **part.lookup).first()
        if duplicate is not None:
            form.add_error(
                "subject",
                ValidationError(
                    f"{fixed} already has an example of {pair['trope']}: edit that one instead."
                ),
            )
            return _form(request, form, fixed=fixed, part=part, duplicate=duplicate, status=400)
        trope, work = pair["trope"], pair["work"]
        try:
            example = example_rules.save_or_hold_new(
                request.user,
                trope,
                work,
                examples.add_example,
                held_examples.hold_add,
                trope,
                work,
                form.cleaned_data["text"],
                request.user,
                form.cleaned_data["summary"],
                played=form.cleaned_data["played"],
                **part.lookup,
            )
        except ValidationError as error:
            form.add_error("text", error.messages)
            return _form(request, form, fixed=fixed, part=part, status=400)
        if example is moderation.HELD:
            messages.info(request, example_rules.waiting(trope, request.user))
            return redirect(part.url or fixed.get_absolute_url())
        if side == "work" and not part.url:
            # A YMMV or trivia trope's example goes on the work's subpage, or none but the
            # trope's: the editor is told where, and shown it there.
            listed = placement.listing(example)
            messages.success(request, listed.message() if listed.reason else "Example added.")
            return redirect(listed.url(example))
        messages.success(request, "Example added.")
        return redirect(part.url or f"{fixed.get_absolute_url()}#example-{example.pk}")
    status = 400 if request.method == "POST" else 200
    return _form(request, form, fixed=fixed, part=part, status=status)


@login_required
@edits_limited
def edit(request, pk):
    example = _example_for(request, pk, roles.EDIT)
    latest = example.history.order_by("-history_id").first()
    initial = {
        "text": example.text,
        "played": example.played,
        "base_revision": latest.history_id if latest else None,
    }
    form = ExampleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = moderation.save_or_hold(
                request.user,
                held_examples.pages(example.trope, example.work),
                examples.edit_example,
                held_examples.hold_edit,
                example,
                form.cleaned_data["text"],
                form.cleaned_data["base_revision"],
                request.user,
                form.cleaned_data["summary"],
                played=form.cleaned_data["played"],
            )
        except revisions.UnknownRevision:
            return HttpResponseBadRequest("This edit started from a revision it never had.")
        except ValidationError as error:
            form.add_error("text", error.messages)
            return _form(request, form, example=example, status=400)
        if result is moderation.HELD:
            messages.info(request, moderation.WAITING)
            return redirect(safe_next_url(request, default=example.get_absolute_url()))
        if result.outcome == "conflict":
            resolving = ExampleForm(
                initial={
                    "text": result.text,
                    "played": result.played,
                    "summary": form.cleaned_data["summary"],
                    "base_revision": result.theirs.history_id,
                }
            )
            context = {
                "their_changes": diffs.diff_rows(result.base.text, result.theirs.text),
                "theirs": result.theirs,
            }
            return _form(request, resolving, example=example, status=409, **context)
        messages.success(
            request,
            {
                "unchanged": "You made no changes, so no revision was added.",
                "merged": "Saved, merged with a change made while you were editing.",
            }.get(result.outcome, "Example saved."),
        )
        return redirect(safe_next_url(request, default=example.get_absolute_url()))
    return _form(request, form, example=example, status=400 if request.method == "POST" else 200)


@login_required
@edits_limited
def delete(request, pk):
    example = _example_for(request, pk, roles.EDIT)
    if request.method == "POST":
        removed = moderation.save_or_hold(
            request.user,
            held_examples.pages(example.trope, example.work),
            examples.remove_example,
            held_examples.hold_removal,
            example,
            request.user,
            request.POST.get("summary", "")[:200],
        )
        if removed is moderation.HELD:
            messages.info(request, moderation.WAITING)
        else:
            messages.success(
                request, "Example removed. It stays in the history and can be restored."
            )
        return redirect(safe_next_url(request, default=example.work.get_absolute_url()))
    return render(request, "tropes/example_delete.html", {"example": example})


def suggestions(request):
    kind = request.GET.get("kind", "")
    typed = request.GET.get("subject") or request.GET.get("q", "")
    return render(
        request, "tropes/_suggestions.html", {"matches": lookup.suggest(kind, typed[:100])}
    )


def _form(request, form, status=200, **context):
    example, fixed = context.get("example"), context.get("fixed")
    trope = example.trope if example else fixed if isinstance(fixed, Trope) else None
    # No advice on a text the form refuses (too long to be worth parsing, say).
    if not form["text"].errors:
        context["hints"] = example_hints(form["text"].value(), trope.page.title if trope else "")
    return render(request, "tropes/example_form.html", {"form": form, **context}, status=status)


def revision(request, revision_id):
    """One revision of an example: its text then, and what it changed."""
    record = _example_revision(revision_id)
    previous = (
        Example.history.filter(id=record.id, history_id__lt=record.history_id)
        .order_by("-history_id")
        .first()
    )
    current = Example.objects.filter(pk=record.id).select_related("work__page").first()
    # How it plays its trope is part of what a revision changed.
    before = shown_text(previous.text, previous.played) if previous else ""
    after = "" if record.history_type == "-" else shown_text(record.text, record.played)
    context = {
        "record": record,
        "text_html": markup.render(shown_text(record.text, record.played)),
        "rows": diffs.diff_rows(before, after),
        "current": current,
        "restorable": current is None or current.text != record.text,
    }
    return render(request, "tropes/example_revision.html", context)


@require_POST
@requires(roles.EDIT_LIVE)
@edits_limited
def restore(request, revision_id):
    record = _example_revision(revision_id)
    save_or_hold = partial(
        moderation.save_or_hold, request.user, held_examples.pages(record.trope, record.work)
    )
    returning = not Example.objects.filter(pk=record.id).exists()
    if returning and record.trope is not None and record.work is not None:
        # A removed example comes back as a new one would: held where its trope's need a
        # moderator's approval (tropes.example_rules).
        save_or_hold = partial(
            example_rules.save_or_hold_new, request.user, record.trope, record.work
        )
    try:
        restored = save_or_hold(
            examples.restore_example, held_examples.hold_restore, record, request.user
        )
    except ValidationError as error:
        messages.error(request, f"The example cannot be restored: {' '.join(error.messages)}")
        return redirect("tropes:example_revision", revision_id)
    if restored is moderation.HELD:
        waiting = example_rules.waiting(record.trope, request.user) if returning else None
        messages.info(request, waiting or moderation.WAITING)
        return redirect(record.work.get_absolute_url())
    example, changed = restored
    if changed:
        messages.success(request, "Example restored.")
    else:
        messages.info(request, "The example already reads like that revision; nothing changed.")
    return redirect(example.get_absolute_url())


def _example_revision(revision_id):
    return get_object_or_404(
        Example.history.select_related("history_user", "trope__page", "work__page"),
        history_id=revision_id,
    )


@login_required
@rate_limited("report", "REPORT_RATE_LIMIT", "reports")
def report(request, pk):
    example = _example_for(request, pk, roles.REPORT)
    return report_view(
        request, f"example:{example.pk}", f"Example {example}", example.get_absolute_url()
    )


def _example_for(request, pk, permission):
    """The example `pk`, its trope and work pages joined, for an action needing `permission`:
    404 if there is none, PermissionDenied with the reason if the user may not act."""
    example = get_object_or_404(Example.objects.select_related("trope__page", "work__page"), pk=pk)
    access.check(request.user, permission)
    return example
