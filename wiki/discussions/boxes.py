"""Boxes other apps show at the top of a page's discussion (a wick check's results, say).

A box is a function of the request and the page giving safe HTML, or "" for nothing. Each is
called once for each discussion page shown, so it reads what it shows in a fixed number of
queries.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from wiki.models import Page

Box = Callable[[HttpRequest, Page], str]

_boxes: dict[str, Box] = {}


def register_box(name: str, box: Box) -> None:
    """Show what `box` gives at the top of every page's discussion; `name` keeps one of each."""
    _boxes[name] = box


def boxes_for(request: HttpRequest, page: Page) -> list[SafeString]:
    shown = (box(request, page) for _, box in sorted(_boxes.items()))
    return [mark_safe(html) for html in shown if html]  # boxes give safe HTML
