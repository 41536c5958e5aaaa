"""Texts as the API gives them: twice, so that no client shows a spoiler by accident.

`html` is the text rendered as the site shows it, each spoiler inside a
`<span class="spoiler">` the client must hide; `text` is what a reader sees with every
spoiler and note left out, safe to show anywhere (a title, a notification, a screen reader).
"""

from dataclasses import dataclass

from django.utils.html import escape

from wiki import markup
from wiki.markup.render_rules import hidden_text


@dataclass(frozen=True, slots=True)
class Text:
    html: str
    text: str


EMPTY = Text("", "")


def of_markup(source: str, html: str | None = None, text: str | None = None) -> Text:
    """Markup `source` as HTML (its stored rendering `html`, where there is one) and as plain
    text (`text`, where it is stored too). Both are memoized by the markup module."""
    if not source:
        return EMPTY
    return Text(
        markup.render(source) if html is None else html,
        markup.plain_text(source) if text is None else text,
    )


def of_name(name: str, is_spoiler: bool) -> Text:
    """A name shown outside any markup (a character's): hidden like a spoiler where it is
    one, and then left out of the plain text altogether."""
    if is_spoiler:
        return Text(hidden_text(name), "")
    return Text(str(escape(name)), name)
