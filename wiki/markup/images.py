"""Images from other sites become links: a reader's browser never contacts another host
just because a page was opened."""

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .text import visible_text
from .urls import is_external
from .wikilinks import with_link_depth


def external_images_to_links(state: StateCore) -> None:
    """Core rule: replace each `![alt](https://elsewhere/...)` by a link to it showing `alt`."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _rewrite(token.children)


def _rewrite(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token, link_depth in with_link_depth(children):
        if token.type == "image" and is_external(str(token.attrGet("src") or "")):
            result.extend(_as_link(token, inside_link=link_depth > 0))
        else:
            result.append(token)
    return result


def _as_link(image: Token, inside_link: bool) -> list[Token]:
    src = str(image.attrGet("src"))
    text = Token("text", "", 0, content=visible_text(image.children) or src)
    text.level = image.level + 1
    if inside_link:  # a link in a link is not HTML; the outer link already goes somewhere
        return [text]
    attrs: dict[str, str | int | float] = {"href": src}
    title = image.attrGet("title")
    if title:
        attrs["title"] = title
    link_open = Token("link_open", "a", 1, attrs=attrs)
    link_close = Token("link_close", "a", -1)
    link_open.level = link_close.level = image.level
    return [link_open, text, link_close]
