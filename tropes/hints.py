"""Advice for example writers, shown beside the form; never blocking."""

from tropes.models import MAX_EXAMPLE_LIST_DEPTH
from wiki import markup

MIN_WORDS = 6


def example_hints(text, trope_title=""):
    hints = []
    words = markup.plain_text(text or "").split()
    bare = " ".join(words).strip(" .!").lower() == (trope_title or "").lower()
    if words and (bare or len(words) < MIN_WORDS):
        hints.append(
            "Zero-context example: say who does what, and how it fits the trope, so the "
            "example makes sense to someone who has not seen the work."
        )
    if markup.list_depth(text or "") > MAX_EXAMPLE_LIST_DEPTH:
        hints.append("Sub-bullets can go at most three levels deep, counting the example.")
    return hints
