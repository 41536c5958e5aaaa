"""How a trope's kind shows: an icon wherever the trope is listed, a banner on its page.

A YMMV trope is a matter of the audience's opinion, a trivia trope a fact about how a work
was made; their examples go on a work's YMMV or Trivia subpage (tropes.placement), and each
is marked so readers tell them from the story's own tropes at a glance.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from tropes.models import Trope

# The icons of the YMMV and Trivia tabs (the subpage kinds' seeded in migration 0008), so a
# trope's mark says which tab its examples are on.
ICONS = {Trope.Kind.YMMV: "🤔", Trope.Kind.TRIVIA: "💡"}

BANNERS = {
    Trope.Kind.YMMV: (
        "This is a YMMV trope: whether and how it applies is a matter of opinion (your "
        "mileage may vary). Its examples go on each work's YMMV page, not on the work's "
        "main page, and should say whose opinion they report."
    ),
    Trope.Kind.TRIVIA: (
        "This is a trivia trope: it is about how a work was made or received, not about "
        "the story itself. Its examples go on each work's Trivia page, not on the work's "
        "main page."
    ),
}


def icon(kind: str) -> SafeString:
    """The mark beside a YMMV or trivia trope's name in a list; nothing beside another."""
    if kind not in ICONS:
        return SafeString("")
    label = Trope.Kind(kind).label
    return format_html(
        ' <span class="trope-kind trope-kind-{}" role="img" aria-label="{}" title="{}">{}</span>',
        kind,
        label,
        label,
        ICONS[Trope.Kind(kind)],
    )
