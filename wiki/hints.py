"""Advice shown beside edit forms. Hints never block a save."""

from django.conf import settings


def page_hints(body):
    hints = []
    if len(body or "") > settings.PAGE_SIZE_HINT_CHARS:
        hints.append(
            f"This page is over {settings.PAGE_SIZE_HINT_CHARS:,} characters long. Long pages "
            "are hard to read and to edit: consider moving sections to subpages."
        )
    return hints
