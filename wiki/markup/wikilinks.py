"""Links between wiki pages: `[[Target]]`, `[[Target|label]]` and bare WikiWords."""

import re
from collections.abc import Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .names import Target, parse_target, wikiword_target

LINK_OPENERS = {"link_open", "wikilink_open"}
LINK_CLOSERS = {"link_close", "wikilink_close"}


def with_link_depth(children: Iterable[Token]) -> Iterator[tuple[Token, int]]:
    """Each inline token with how many links it sits inside (0 = not in a link)."""
    depth = 0
    for token in children:
        if token.type in LINK_OPENERS:
            depth += 1
        elif token.type in LINK_CLOSERS:
            depth -= 1
        yield token, depth


# Targets and labels are short; bounding them keeps a page of `[[` cheap to reject.
_WIKILINK_START = re.compile(r"\[\[([^\[\]|\n]{1,250})(\]\]|\|)")
_MAX_LABEL = 500
_MAX_LABEL_DEPTH = 8
_LABEL_SPECIALS = re.compile(r"[\[\]\\]")

# `Namespace/` then two or more capitalised chunks. Not glued to letters, digits or the
# punctuation of paths, entities and addresses (`/`, `&`, `@`, `.`...), so `NASA`, `iPhone`,
# `&ThisIsNotDefined;` and `example.com/FooBar` stay text.
_WIKIWORD = re.compile(
    r"(?<![\w/\\@.&:#%=+~-])"
    r"(?:([A-Z][A-Za-z]*)/)?"
    r"((?:[A-Z][a-z0-9]+){2,})"
    r"(?![\w@]|[/.:]\w)"
)
_RUN = re.compile(r"\S+")

# Labels may be emphasised but never hold another link, so they are parsed on their own by
# a parser that has no link rules at all.
_label_parser = (
    MarkdownIt("commonmark", {"html": False})
    .enable("strikethrough")
    .disable(["link", "image", "autolink", "html_inline"])
)


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    """`[[Target]]` or `[[Target|label]]`; an invalid target is left for the other rules."""
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos) or state.linkLevel > 0:
        return False
    match = _WIKILINK_START.match(src, pos, state.posMax)
    if not match:
        return False
    target = parse_target(match.group(1))
    if target is None:
        return False
    label, end = "", match.end()
    if match.group(2) == "|":
        label_end = _label_end(src, end, state.posMax)
        if label_end < 0:
            return False
        label, end = src[end:label_end].strip(), label_end + 2
    if not silent:
        open_token = state.push("wikilink_open", "a", 1)
        open_token.attrs = {"href": target.href, "class": "wikilink"}
        open_token.meta = {"target": target.path}
        _push_label(state, label or None, target.text)
        state.push("wikilink_close", "a", -1)
    state.pos = end
    return True


def _label_end(src: str, start: int, end: int) -> int:
    """Index of the `]]` ending a label; brackets inside it must balance."""
    depth, escaped_until, end = 0, -1, min(end, start + _MAX_LABEL)
    for match in _LABEL_SPECIALS.finditer(src, start, end):
        pos, char = match.start(), match.group()
        if pos <= escaped_until:
            continue
        if char == "\\":
            escaped_until = pos + 1
        elif char == "[":
            depth += 1
            if depth > _MAX_LABEL_DEPTH:
                return -1
        elif depth:
            depth -= 1
        else:
            return pos if pos + 1 < end and src[pos + 1] == "]" else -1
    return -1


def _push_label(state: StateInline, label: str | None, default_text: str) -> None:
    if label is None:
        state.push("text", "", 0).content = default_text
        return
    for child in _label_parser.parseInline(label)[0].children or []:
        child.level += state.level
        state.tokens.append(child)
        state.tokens_meta.append(None)


def link_wikiwords(state: StateCore) -> None:
    """Core rule: turn bare WikiWords in text (not in links or code) into wiki links."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _with_wikiwords(token.children)


def _with_wikiwords(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token, link_depth in with_link_depth(children):
        if token.type == "text" and link_depth == 0 and _WIKIWORD.search(token.content):
            result.extend(_split_text(token))
        else:
            result.append(token)
    return result


def _split_text(token: Token) -> list[Token]:
    """The text token as text and wiki-link tokens, leaving URLs and addresses alone."""
    text, done = token.content, 0
    pieces: list[Token] = []
    urls = [run.span() for run in _RUN.finditer(text) if _looks_like_address(run.group())]
    for match in _WIKIWORD.finditer(text):
        target = wikiword_target(match.group(1), match.group(2))
        if target is None or any(a <= match.start() < b for a, b in urls):
            continue
        pieces.append(_text_token(text[done : match.start()], token.level))
        pieces.extend(_wikilink_tokens(target, token.level))
        done = match.end()
    pieces.append(_text_token(text[done:], token.level))
    return [piece for piece in pieces if piece.type != "text" or piece.content]


def _looks_like_address(run: str) -> bool:
    lowered = run.lower()
    return "://" in lowered or "@" in lowered or "www." in lowered or "mailto:" in lowered


def _text_token(content: str, level: int) -> Token:
    token = Token("text", "", 0, content=content)
    token.level = level
    return token


def _wikilink_tokens(target: Target, level: int) -> list[Token]:
    open_token = Token("wikilink_open", "a", 1, attrs={"href": target.href, "class": "wikilink"})
    open_token.meta = {"target": target.path}
    open_token.level = level
    close_token = Token("wikilink_close", "a", -1)
    close_token.level = level
    return [open_token, _text_token(target.text, level + 1), close_token]
