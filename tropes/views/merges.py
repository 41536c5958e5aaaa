"""A moderator's merge of one trope into another (tropes.repair.merging)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.models import Trope
from tropes.repair import cases, merging
from tropes.repair.forms import MergeForm, merged_texts
from wiki.views.access import page_for
from wiki.views.moves import _add_errors

PAIRS_SHOWN = 200  # examples on both tropes merged by hand in one form, at most


@requires(roles.REPAIR)
@edits_limited
def merge(request, namespace, name):
    """GET: the form; POST: the pairs of examples on both tropes, to merge by hand, or, with
    them written (`confirm`), the merge."""
    page = page_for(request, namespace, name, roles.REPAIR)
    source = Trope.objects.filter(page=page).select_related("page").first()
    if source is None or page.redirect_to_id:
        return render(request, "tropes/repair/merge.html", {"page": page}, status=404)
    data = request.POST if request.method == "POST" else None
    initial = {"into": request.GET.get("into", "")[:200], "case": request.GET.get("case")}
    form = MergeForm(data, initial=initial)
    pairs, target = [], None
    if form.is_valid():
        target = form.cleaned_data["into"]
        try:
            merging.check_mergeable(source, target)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            pairs = merging.pairs(source, target)
            if len(pairs) > PAIRS_SHOWN:
                form.add_error(None, f"{len(pairs)} examples are on both: merge them in parts.")
            elif "confirm" in request.POST:
                return _merge(request, form, source, target, pairs)
    status = 400 if form.errors else 200
    context = {"page": page, "form": form, "pairs": pairs, "target": target}
    return render(request, "tropes/repair/merge.html", context, status=status)


def _merge(request, form, source, target, pairs):
    case = cases.done_by(form.cleaned_data["case"], source.page)
    try:
        page = merging.merge(
            source,
            target,
            request.user,
            merged_texts(request.POST, pairs),
            form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        context = {"page": source.page, "form": form, "pairs": pairs, "target": target}
        return render(request, "tropes/repair/merge.html", context, status=400)
    if case is not None:
        cases.mark_done(
            case,
            request.user,
            "",
            f"Merged into {target.page.full_name}",
            f"{target.page.get_absolute_url()}/history",
        )
    messages.success(request, f"{page.full_name} is merged into this page and leads here.")
    return redirect(target.page)
