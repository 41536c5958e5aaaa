"""What a token stream says without its HTML: text, links and list depth."""

from collections.abc import Iterable

from markdown_it.token import Token

HIDDEN_OPENERS = {"spoiler_open": "spoiler_close", "note_open": "note_close"}
LIST_OPENERS = {"bullet_list_open", "ordered_list_open"}
LIST_CLOSERS = {"bullet_list_close", "ordered_list_close"}
CODE_BLOCKS = {"fence", "code_block"}


def visible_text(children: Iterable[Token] | None, spoiler_mark: str = "") -> str:
    """The text of inline tokens, leaving out spoilers and notes entirely.

    Used for image alt text, which no spoiler can hide, and for plain_text().
    With `spoiler_mark`, each outermost spoiler shows as that text instead.
    """
    parts: list[str] = []
    hidden: list[str] = []  # the closers awaited, innermost last
    for token in children or []:
        if hidden:
            if token.type == hidden[-1]:
                hidden.pop()
            elif token.type in HIDDEN_OPENERS:
                hidden.append(HIDDEN_OPENERS[token.type])
        elif token.type in HIDDEN_OPENERS:
            hidden.append(HIDDEN_OPENERS[token.type])
            if token.type == "spoiler_open" and spoiler_mark:
                parts.append(spoiler_mark)
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(visible_text(token.children, spoiler_mark))
    return "".join(parts)


def plain_text(tokens: Iterable[Token], spoiler_mark: str = "") -> str:
    """All readable text of a document, spoilers and notes left out, whitespace collapsed."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(visible_text(token.children, spoiler_mark))
        elif token.type in CODE_BLOCKS:
            parts.append(token.content)
    return " ".join(" ".join(parts).split())


def truncate(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters on a word boundary, ending with '…'."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def link_targets(tokens: Iterable[Token]) -> list[str]:
    """Targets of the wiki links in document order, the first spelling of each kept."""
    seen: dict[str, str] = {}
    inlines = (token for token in tokens if token.type == "inline")
    for inline in inlines:
        for child in inline.children or []:
            if child.type == "wikilink_open":
                target = child.meta["target"]
                seen.setdefault(target.lower(), target)
    return list(seen.values())


def listed_link_targets(tokens: Iterable[Token]) -> list[str]:
    """The first wiki link of each list item's own line, in document order, the first
    spelling of each kept: the pages a list names, one an item."""
    seen: dict[str, str] = {}
    unread: list[bool] = []  # for each list item open, whether its own line is still to come
    for token in tokens:
        if token.type == "list_item_open":
            unread.append(True)
        elif token.type == "list_item_close":
            unread.pop()
        elif token.type == "inline" and unread and unread[-1]:
            unread[-1] = False
            targets = [c.meta["target"] for c in token.children or [] if c.type == "wikilink_open"]
            if targets:
                seen.setdefault(targets[0].lower(), targets[0])
    return list(seen.values())


def list_depth(tokens: Iterable[Token]) -> int:
    depth = deepest = 0
    for token in tokens:
        if token.type in LIST_OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in LIST_CLOSERS:
            depth -= 1
    return deepest
