"""MediaWiki wikitext to our Markdown and wiki syntax (docs/markup.md).

mwparserfromhell parses the text as MediaWiki itself would (it never fails: what it cannot
read stays text), and the tree is written out node by node:

- links become `[[Namespace/WikiWord|text]]` through the namespace map, always with an
  explicit target and the text readers saw; links into namespaces left out keep their text;
- `''`/`'''` emphasis, `*`/`#` lists to any depth, `;`/`:` definitions and indents,
  headings, `<br>`, `<s>`, `<code>`, `<pre>`, `<nowiki>` and simple tables;
- `{{spoiler|…}}` becomes `[[spoiler:…]]`, `{{quote|text|who|source}}` a block quote with
  its attribution, `<ref>…</ref>` a `[[note]]…[[/note]]`;
- `[[Category:…]]` is taken out of the text and returned, for the category's index page;
- `#REDIRECT [[Target]]` is returned as the page's redirect.

Any other template is kept visible as written (its arguments converted) and counted, so an
importer can tell which templates a wiki leans on.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from tropes.mediawiki.namespaces import CATEGORY_KEY, FILE_KEYS, NamespaceMap
from tropes.mediawiki.titles import page_name

REDIRECT = re.compile(r"\A\s*#redirect\s*:?\s*\[\[([^\[\]|\n]+)", re.IGNORECASE)
_SWITCHES = re.compile(r"__[A-Z]+__")  # __NOTOC__ and the like: no text of their own
_SPECIALS = re.compile(r"([\\`*_~\[\]])")  # what our Markdown would read as markup
_LABEL_SPECIALS = re.compile(r"[\[\]\\|]")  # what a link's text may not hold
_URL_SCHEMES = ("http://", "https://", "mailto:")
_LIST_MARKERS = {"li", "dt", "dd"}
_WIKI_MARKS = {"'''": "**", "''": "*"}
_INLINE_MARKS = {
    **dict.fromkeys(("b", "strong"), "**"),
    **dict.fromkeys(("i", "em"), "*"),
    **dict.fromkeys(("s", "strike", "del"), "~~"),
}


def _code(raw: str) -> str:
    code = raw.replace("`", "'")
    return f"`{code}`" if code.strip() else ""


# Tags whose content is not wikitext, written from their raw text.
_VERBATIM: dict[str, Callable[[str], str]] = {
    "nowiki": lambda raw: _escape(raw),
    "pre": lambda raw: "\n\n```\n" + raw.strip("\n") + "\n```\n\n",
    "br": lambda raw: "\\\n",
    "hr": lambda raw: "\n\n----\n\n",
    "references": lambda raw: "",  # the list of notes: each note is shown where it is made
    **dict.fromkeys(("code", "tt", "kbd", "samp"), _code),
}
SPOILER_TEMPLATES = {"spoiler"}
QUOTE_TEMPLATES = {"quote", "quotation", "quote box"}
MAX_TEMPLATE_NAMES = 1000  # distinct names counted; the rest are counted together
OTHERS = "(other templates)"


@dataclass
class Conversion:
    markdown: str
    categories: list[str] = field(default_factory=list)  # titles, without "Category:"
    redirect: str | None = None  # the title redirected to, as written
    unknown_templates: Counter[str] = field(default_factory=Counter)


class Converter:
    def __init__(self, namespaces: NamespaceMap) -> None:
        self.namespaces = namespaces

    def convert(self, wikitext: str) -> Conversion:
        redirect = REDIRECT.match(wikitext)
        if redirect:
            target = redirect.group(1).split("#", 1)[0].strip()
            link = self.link_markup(target, target)
            return Conversion(f"Redirect to {link}.", redirect=target)
        writer = _Writer(self)
        text = writer.block(mwparserfromhell.parse(wikitext))
        return Conversion(_tidy(text), writer.categories, None, writer.unknown)

    def link_markup(self, title: str, text: str) -> str:
        """`[[Ns/WikiWord|text]]` for a link to `title`, or the text alone when the title
        names no page of ours (a namespace left out, a name our pages cannot take)."""
        key, rest = self.namespaces.split(title.lstrip(":").split("#", 1)[0])
        destination = self.namespaces.destination(key)
        name = page_name(rest)
        label = _label(text)
        if destination is None or not name:
            return label
        return f"[[{destination.namespace}/{name}|{label}]]" if label else label


class _Writer:
    """Writes one page's tree; gathers its categories and unknown templates on the way."""

    def __init__(self, converter: Converter) -> None:
        self.converter = converter
        self.categories: list[str] = []
        self.unknown: Counter[str] = Counter()

    def block(self, code: Wikicode) -> str:
        """The nodes written in order; list markers open their lines."""
        out: list[str] = []
        nodes = code.nodes
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if _list_marker(node):
                markers = []
                while index < len(nodes) and _list_marker(nodes[index]):
                    markers.append(_list_marker(nodes[index]))
                    index += 1
                out.append(_line_start(out) + _list_prefix(markers))
                following = nodes[index] if index < len(nodes) else None
                if isinstance(following, Text):
                    # "* item": the space after the marker is not the item's text.
                    out.append(self.node(Text(str(following.value).lstrip(" \t"))))
                    index += 1
                continue
            out.append(self.node(node))
            index += 1
        return "".join(out)

    def inline(self, code: Wikicode | None) -> str:
        """Text meant for one line: a link's text, a cell, a heading."""
        return " ".join(self.block(code).split()) if code is not None else ""

    def node(self, node: Node) -> str:
        if isinstance(node, Text):
            return _escape(_SWITCHES.sub("", str(node.value)))
        if isinstance(node, Comment):
            return ""
        if isinstance(node, HTMLEntity):
            return _escape(node.normalize())
        if isinstance(node, Heading):
            level = min(node.level, 6)
            return f"\n\n{'#' * level} {self.inline(node.title)}\n\n"
        if isinstance(node, Wikilink):
            return self.wikilink(node)
        if isinstance(node, ExternalLink):
            return self.external_link(node)
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, Argument):
            return _escape(str(node))
        return _escape(str(node))

    def wikilink(self, link: Wikilink) -> str:
        title = str(link.title).strip()
        key, rest = self.converter.namespaces.split(title.lstrip(":"))
        if key == CATEGORY_KEY and not title.startswith(":"):
            self.categories.append(rest.replace("_", " "))
            return ""
        shown = title.lstrip(":").replace("_", " ")
        text = self.inline(link.text) if link.text is not None else _escape(shown)
        if key in FILE_KEYS:
            # An image: its caption (the last argument) is the text readers saw.
            caption = str(link.text or "").rsplit("|", 1)[-1]
            return _escape(caption.strip()) if link.text is not None else ""
        return self.converter.link_markup(title.replace("_", " "), text)

    def external_link(self, link: ExternalLink) -> str:
        url = str(link.url).strip()
        text = self.inline(link.title) if link.title is not None else ""
        if not url.lower().startswith(_URL_SCHEMES) or any(c in url for c in " <>()"):
            return f"{text} ({_escape(url)})" if text else _escape(url)
        return f"[{_label(text) or _escape(url)}]({url})" if link.brackets else f"<{url}>"

    def template(self, template: Template) -> str:
        name = " ".join(str(template.name).replace("_", " ").split()).lower()
        first = self.argument(template, "1")
        if name in SPOILER_TEMPLATES and first is not None:
            paragraphs = [part.strip() for part in re.split(r"\n\s*\n", first) if part.strip()]
            return "\n\n".join(f"[[spoiler:{part}]]" for part in paragraphs)
        if name in QUOTE_TEMPLATES and first is not None:
            who = [self.argument(template, key) for key in ("2", "3")]
            attribution = ", ".join(part.strip() for part in who if part and part.strip())
            lines = [f"> {line}".rstrip() for line in first.strip().splitlines()]
            if attribution:
                lines += [">", f"> — {attribution}"]
            return "\n\n" + "\n".join(lines) + "\n\n"
        self.count(name)
        arguments = "".join(
            "|" + (f"{param.name}=" if param.showkey else "") + self.block(param.value)
            for param in template.params
        )
        return _escape("{{" + str(template.name).strip()) + arguments + _escape("}}")

    def argument(self, template: Template, key: str) -> str | None:
        return self.block(template.get(key).value) if template.has(key) else None

    def tag(self, tag: Tag) -> str:
        name = str(tag.tag).lower()
        raw = str(tag.contents or "")
        mark = _WIKI_MARKS.get(str(tag.wiki_markup or "")) or _INLINE_MARKS.get(name)
        if mark:
            return _wrap(self.block(tag.contents), mark)
        if name == "table":
            return self.table(tag)
        if name in _VERBATIM:
            return _VERBATIM[name](raw)
        inner = self.block(tag.contents) if tag.contents is not None else ""
        if name == "ref":
            return f"[[note]]{' '.join(inner.split())}[[/note]]" if inner.strip() else ""
        if name == "blockquote":
            return "\n\n" + "\n".join(f"> {line}".rstrip() for line in inner.strip().splitlines())
        if name in {"p", "div", "center"}:
            return f"\n\n{inner.strip()}\n\n"
        return inner  # span, small, sup, u, font…: their text, without the styling

    def table(self, table: Tag) -> str:
        """A table as a Markdown table, its first row the header."""
        rows: list[list[str]] = []
        loose: list[str] = []
        for node in table.contents.nodes if table.contents is not None else []:
            if isinstance(node, Tag) and str(node.tag) in {"td", "th"}:
                loose.append(self.cell(node))
            elif isinstance(node, Tag) and str(node.tag) == "tr":
                if loose:
                    rows.append(loose)
                    loose = []
                cells = [
                    self.cell(cell)
                    for cell in node.contents.nodes
                    if isinstance(cell, Tag) and str(cell.tag) in {"td", "th"}
                ]
                if cells:
                    rows.append(cells)
            elif isinstance(node, Tag) and str(node.tag) == "caption":
                loose_caption = self.inline(node.contents)
                if loose_caption:
                    rows.insert(0, [f"**{loose_caption}**"])
        if loose:
            rows.append(loose)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * width)
        return "\n\n" + "\n".join(lines) + "\n\n"

    def cell(self, cell: Tag) -> str:
        return self.inline(cell.contents).replace("|", "\\|")

    def count(self, name: str) -> None:
        if name in self.unknown or len(self.unknown) < MAX_TEMPLATE_NAMES:
            self.unknown[name] += 1
        else:
            self.unknown[OTHERS] += 1


def _list_marker(node: Node) -> str:
    """`*`, `#`, `;` or `:` for a list marker opening a line; "" for any other node."""
    if isinstance(node, Tag) and node.wiki_markup and str(node.tag) in _LIST_MARKERS:
        return str(node.wiki_markup)
    return ""


def _line_start(out: list[str]) -> str:
    """A newline unless the text written so far already ends a line."""
    written = "".join(out[-3:])
    return "" if not written or written.endswith("\n") else "\n"


def _list_prefix(markers: list[str]) -> str:
    """`*#` -> a numbered item under a bullet; `;` a term in bold, `:` an indented line."""
    depth = 0
    indent = ""
    for marker in markers[:-1]:
        if marker in "*#":
            indent += "  " if marker == "*" else "   "
            depth += 1
    last = markers[-1]
    if last == "*":
        return indent + "- "
    if last == "#":
        return indent + "1. "
    if last == ";":
        return indent + "**" if depth else "**"  # closed by _tidy at the end of the line
    return indent + "> " * (markers.count(":") if not depth else 1)


def _wrap(inner: str, mark: str) -> str:
    """`inner` emphasised, with its outer spaces outside the marks (CommonMark needs it)."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _escape(text: str) -> str:
    return _SPECIALS.sub(r"\\\1", text)


def _label(text: str) -> str:
    """A link's text as our links take it: one line, no brackets, pipes or backslashes
    (an escape would show as a backslash there)."""
    text = text.replace("\\", "")
    return " ".join(_LABEL_SPECIALS.sub(" ", text).split())


def _tidy(text: str) -> str:
    """One blank line between blocks at most, `;` terms closed, no space at line ends."""
    lines = []
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.lstrip().startswith("**") and stripped.count("**") % 2:
            stripped += "**"
        lines.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
