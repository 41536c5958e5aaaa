"""Relating a trope to another, and removing a relation, from the trope's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from accounts.access import edits_limited, requires
from tropes import relations
from tropes.forms import RelationForm
from tropes.models import Trope, TropeRelation
from wiki import moderation
from wiki.models import page_key


@require_http_methods(["GET", "POST"])
@requires(roles.EDIT)
@edits_limited
def relate(request, namespace, name):
    """The trope's relations with a form to add one; the trope page's box posts here too."""
    trope = _trope(namespace, name)
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other, wording = form.cleaned_data["subject"], form.cleaned_data["wording"]
        relation = relations.relation_between(trope, other, wording)
        try:
            added = moderation.save_or_hold(
                request.user,
                relations.pages(relation),
                relations.relate,
                relations.hold_relate,
                trope,
                other,
                wording,
                request.user,
                form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_error("subject", error.messages)
        else:
            if added is moderation.HELD:
                messages.info(request, moderation.WAITING)
            else:
                messages.success(request, f"Related: {relations.describe(added)}.")
            return redirect(f"{trope.get_absolute_url()}#related-tropes")
    context = {"trope": trope, "page": trope.page, "form": form}
    context["related_tropes"] = relations.groups_for(trope)
    status = 400 if request.method == "POST" else 200
    return render(request, "tropes/relations.html", context, status=status)


@require_POST
@requires(roles.EDIT)
@edits_limited
def unrelate(request, namespace, name, pk):
    trope = _trope(namespace, name)
    shown_here = TropeRelation.objects.filter(Q(trope=trope) | Q(other=trope))
    relation = get_object_or_404(shown_here.select_related("trope__page", "other__page"), pk=pk)
    removed = moderation.save_or_hold(
        request.user,
        relations.pages(relation),
        relations.unrelate,
        relations.hold_unrelate,
        relation,
        request.user,
        request.POST.get("summary", "")[:200],
    )
    if removed is moderation.HELD:
        messages.info(request, moderation.WAITING)
    else:
        messages.success(request, f"No longer related: {relations.describe(relation)}.")
    return redirect(f"{trope.get_absolute_url()}#related-tropes")


def _trope(namespace, name):
    trope = Trope.objects.select_related("page").filter(page__key=page_key(namespace, name))
    found = trope.first()
    if found is None:
        raise Http404("No such trope.")
    return found
