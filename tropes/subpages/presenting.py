"""What a work's subpage shows (registered in tropes.kinds): its own text, the tab bar of its
work's family, and where its kind accepts a kind of trope (YMMV, trivia), the work's examples
of that kind. A kind of another structure (characters, recaps) shows what the presenter
registered for that structure adds."""

from tropes.models import Example, SubpageKind
from tropes.presenters import attach_votes_for
from tropes.subpages import family

_structures = {}


def register_structure(structure, presenter):
    """Show subpages of kinds of `structure` (SubpageKind.Structure) with
    `presenter(request, page, subpage)`, which returns (template, context) as a kind's
    presenter does; subpage.kind is the kind as read with the tab bar, and the tab bar is
    added to the context."""
    _structures[structure] = presenter


def present_subpage(request, page):
    subpage = getattr(page, "subpage", None)
    if subpage is None:  # a page marked as a subpage before its record exists
        return "wiki/page.html", {}
    bar = family.tab_bar(subpage.work_id, page.pk)
    # The kind as read with the bar: no query more for it.
    subpage.kind = bar.kinds[subpage.kind_id].as_model()
    presenter = _structures.get(subpage.kind.structure, present_text)
    template, context = presenter(request, page, subpage)
    return template, {**context, **bar.context()}


def present_text(request, page, subpage):
    """A subpage of text, with the work's examples of the trope kind its kind accepts."""
    kind = subpage.kind
    examples = Example.objects.for_subpage(subpage).listed("trope") if kind.accepts else []
    attach_votes_for(request, examples)
    return "tropes/subpage.html", {
        "subpage": subpage,
        "subpage_kind": kind,
        "examples": examples,
        "spoilers_shown": kind.spoilers == SubpageKind.Spoilers.SHOWN,
    }
