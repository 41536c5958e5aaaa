"""Inline nodes as our Markdown: wiki links, spoilers, notes, emphasis, escaped text.

Text is escaped so that nothing the old markup showed as text becomes Markdown here, and
words our markup would link by themselves (`LeBlanc` from `[=LeBlanc=]`, which the old site
did not link) get an invisible WORD JOINER between their capitalised chunks: every link the
old page had is already written out as `[[…]]`.
"""

from __future__ import annotations

import re

from wiki.markup import split_wikiword
from wiki.markup.urls import is_allowed

from .inline import MAIN, is_valid
from .nodes import (
    Break,
    Caps,
    Caption,
    Code,
    Emphasis,
    ExternalLink,
    Image,
    Link,
    Marker,
    Node,
    Note,
    Redirect,
    Report,
    Spoiler,
    Strike,
    Text,
    Unknown,
    Unstyled,
)

WORD_JOINER = "\u2060"
BREAK = "\\\n"  # a hard line break; the block renderer indents the line after it
_SPECIAL = re.compile(r"([\\`*_\[\]<>~|&])")
_CHUNK_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_OUR_WIKIWORD = re.compile(r"(?:[A-Z][a-z0-9]+){2,}")  # what wiki.markup links bare
_WORDS = re.compile(r"[A-Za-z0-9]+")
_LABEL_BAD = re.compile(r"[\[\]\n]")
_MAX_NOTE_LABEL = 200
# How each marker is written, for one shown where it means nothing (inside a spoiler…).
_MARKERS_WRITTEN = {
    "folder_open": "[[folder:",
    "folder_close": "[[/folder",
    "folder_control": "[[foldercontrol",
    "index_open": "[[index",
    "index_close": "[[/index",
}


class Renderer:
    """Renders nodes; `report` is told of links it cannot write."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def render(self, nodes: list[Node], in_label: bool = False) -> str:
        return "".join(self.node(node, in_label) for node in nodes)

    def node(self, node: Node, in_label: bool) -> str:  # noqa: C901 (one case a kind of node)
        if isinstance(node, Text):
            return escape(node.text, protect=not (node.literal and _is_address(node.text)))
        if isinstance(node, Break):
            return " " if in_label else BREAK
        if isinstance(node, Emphasis):
            return emphasise(self.render(node.children, in_label), "**" if node.strong else "*")
        if isinstance(node, Link):
            return self.link(node, in_label)
        if isinstance(node, ExternalLink):
            return self.external_link(node, in_label)
        if isinstance(node, Spoiler):
            content = self.render(node.children, in_label)
            return f"[[spoiler:{content}]]" if content.strip() else content
        if isinstance(node, Note):
            content = self.render(node.children)
            if not content.strip():  # nothing to open: a label alone is text
                return "" if node.label.lower() == "note" else escape(node.label)
            if node.label.lower() == "note":
                return f"[[note]]{content}[[/note]]"
            label = _LABEL_BAD.sub(" ", node.label).strip()[:_MAX_NOTE_LABEL] or "note"
            return f"[[labelnote:{label}]]{content}[[/labelnote]]"
        if isinstance(node, Strike):
            return emphasise(self.render(node.children, in_label), "~~")
        if isinstance(node, Caps):
            return self.render(_capitalised(node.children), in_label)
        if isinstance(node, Code):
            return code_span(node.text)
        if isinstance(node, Unstyled | Caption):
            return self.render(node.children, in_label)
        if isinstance(node, Unknown):
            return (
                escape(node.opening) + self.render(node.children, in_label) + escape(node.closing)
            )
        if isinstance(node, Marker):
            # Only a marker on a line of its own means something; elsewhere it is shown.
            opening = _MARKERS_WRITTEN[node.kind]
            return escape(opening) + self.render(node.title, in_label) + escape("]]")
        if isinstance(node, Image):
            return self.external_link(
                ExternalLink(node.url, [Text("image", literal=True)]), in_label
            )
        if isinstance(node, Redirect):
            return self.link(node.link, in_label)
        raise TypeError(node)

    def link(self, link: Link, in_label: bool) -> str:
        label = link.label
        if not is_valid(link):
            self.report.unlinkable += 1
            return self.render(label, in_label) if label else escape(link.name)
        if in_label:  # a link in a link's text: its text alone
            return self.render(label, True) if label else escape(split_wikiword(link.name))
        label, hidden = _hoisted(label, Spoiler) if label else (label, [])
        label, notes = _hoisted(label, Note) if label else (label, [])
        shown = self.render(label, in_label=True).strip() if label else ""
        target = link.name if link.namespace == MAIN else f"{link.namespace}/{link.name}"
        if not shown or _plain(shown) == split_wikiword(link.name):
            written = f"[[{target}]]"
        else:
            written = f"[[{target}|{shown}]]"
        if hidden:  # a spoiler in the text hides the whole link
            written = f"[[spoiler:{written}]]"
        return written + "".join(self.node(note, False) for note in notes)

    def external_link(self, link: ExternalLink, in_label: bool) -> str:
        url = link.url.replace(" ", "%20")
        shown = self.render(link.label, in_label=True).strip() if link.label else ""
        if in_label or not is_allowed(url) or any(char in url for char in "<>\n"):
            return shown or escape(link.url, protect=False)
        return f"[{shown or escape(url, protect=False)}](<{url}>)"


def escape(text: str, protect: bool = True) -> str:
    """Text as Markdown that shows it as it is; with `protect`, never a bare WikiWord."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    if protect:
        escaped = _WORDS.sub(_unlinked, escaped)
    return escaped


def _unlinked(word: re.Match[str]) -> str:
    written = word.group()
    if not _OUR_WIKIWORD.fullmatch(written):
        return written
    return _CHUNK_BOUNDARY.sub(WORD_JOINER, written)


def emphasise(content: str, marker: str) -> str:
    """`content` between `marker`s, the spaces at its ends moved outside (CommonMark does
    not open emphasis before a space)."""
    stripped = content.strip(" ")
    if not stripped or stripped.endswith("\\"):
        return content
    before = content[: len(content) - len(content.lstrip(" "))]
    after = content[len(content.rstrip(" ")) :]
    return f"{before}{marker}{stripped}{marker}{after}"


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded.replace(chr(10), ' ')}{fence}" if text.strip() else text


def _capitalised(nodes: list[Node]) -> list[Node]:
    result: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            result.append(Text(node.text.upper(), node.literal))
        elif isinstance(getattr(node, "children", None), list):
            children = _capitalised(node.children)  # type: ignore[union-attr]
            result.append(type(node)(**{**node.__dict__, "children": children}))
        else:
            result.append(node)
    return result


def _hoisted(nodes: list[Node], kind: type) -> tuple[list[Node], list[Node]]:
    """A link's text without the nodes of `kind` in it, and those nodes. A spoiler's text
    stays in the link (the whole link is then hidden); a note goes after it."""
    kept: list[Node] = []
    found: list[Node] = []
    for node in nodes:
        if isinstance(node, kind):
            found.append(node)
            if isinstance(node, Spoiler):
                kept.append(Unstyled("spoiler", node.children))
        elif isinstance(getattr(node, "children", None), list):
            children, inner = _hoisted(node.children, kind)  # type: ignore[union-attr]
            kept.append(type(node)(**{**node.__dict__, "children": children}))
            found.extend(inner)
        else:
            kept.append(node)
    return kept, found


def _plain(markdown: str) -> str:
    return markdown.replace("\\", "").replace(WORD_JOINER, "")


def _is_address(text: str) -> bool:
    return "://" in text or text.lower().startswith("mailto:")
