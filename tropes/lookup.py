"""Finding a trope or a work by what an editor types: a title or a WikiWord."""

from django.db.models import Case, IntegerField, Q, Value, When

from tropes.models import Trope, Work
from wiki import markup
from wiki.models import MAIN

MODELS = {"trope": Trope, "work": Work}
SUGGESTIONS = 10


def suggest(kind, typed):
    """Up to ten titles starting with, then containing, what was typed."""
    typed = typed.strip()
    if kind not in MODELS or not typed:
        return []
    matches = (
        MODELS[kind]
        .objects.filter(page__cut=False)
        .filter(Q(page__title__icontains=typed) | Q(page__name__icontains=typed))
        .select_related("page")
        .annotate(
            prefix=Case(
                When(page__title__istartswith=typed, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("prefix", "page__title")
    )
    return list(matches[:SUGGESTIONS])


def resolve(kind, typed):
    """The trope or work called `typed` (title, WikiWord or Namespace/WikiWord), or None."""
    model = MODELS.get(kind)
    if model is None or not typed:
        return None
    # A cut page's record stays, for its restoring: never found by what an editor types.
    query = model.objects.select_related("page").filter(page__cut=False)
    by_title = query.filter(page__title__iexact=typed).first()
    if by_title is not None:
        return by_title
    namespace, _, name = typed.rpartition("/")
    key = f"{namespace or MAIN}/{markup.to_wikiword(name)}".lower()
    if kind == "work" and not namespace:
        return query.filter(page__name__iexact=markup.to_wikiword(name)).first()
    return query.filter(page__key=key).first()
