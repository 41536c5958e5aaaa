"""The inline half of the parser: one logical line of TV Tropes markup into nodes.

A scanner walks the line once, left to right. Before it starts, one pass pairs every `[[`
with its `]]` (stepping over `[=…=]` escapes) so that nested constructs are found in linear
time whatever the input; each construct's content is then parsed by the same scanner within
its bounds. Nothing raises: whatever cannot be read as a construct is kept as text.
"""

from __future__ import annotations

import re

from wiki.markup import to_wikiword
from wiki.markup.names import NAME_RE, NAMESPACE_RE

from .brackets import bracket_pairs, escape_spans
from .gathered import Gathered
from .namespaces import KNOWN_NAMESPACES
from .nodes import (
    Break,
    Caps,
    Caption,
    Code,
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

MAIN = "Main"
URL_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
# Markers that stand for a block of their own, by what the brackets hold (lower-cased).
MARKERS = {
    "/folder": "folder_close",
    "foldercontrol": "folder_control",
    "index": "index_open",
    "/index": "index_close",
}
_NOTE_CLOSERS = {"note": "/note", "labelnote": "/labelnote"}
_WIDTH = re.compile(r"(\d{1,5}):")
_INDENT = re.compile(r"indent:\d{0,3}:", re.IGNORECASE)
_FREE_LINK_GLUE = re.compile(r"[A-Za-z]*")
_NAMESPACE_WORD = re.compile(r"[A-Z][A-Za-z]*")
_WORD = re.compile(r"[A-Za-z0-9]+")
_MAX_FREE_LINK = 200
_PLAIN = re.compile(r"[^\[{'\\@A-Za-z0-9]+")


def is_wikiword(word: str) -> bool:
    """The old site's WikiWord: a capital first, at least two capitals and a small letter."""
    return (
        word[:1].isupper()
        and word.isascii()
        and word.isalnum()
        and sum(char.isupper() for char in word) >= 2
        and any(char.islower() for char in word)
    )


def link_to(namespace: str, written: str, label: list[Node] | None = None) -> Link:
    """A link to the page `written` names (a WikiWord or free words) in `namespace`."""
    name = written if is_wikiword(written) else to_wikiword(written)
    namespace = namespace[:1].upper() + namespace[1:]
    return Link(namespace, name, label)


def is_valid(link: Link) -> bool:
    return bool(NAMESPACE_RE.fullmatch(link.namespace) and NAME_RE.fullmatch(link.name))


class LineParser:
    """Parses one logical line; `report` counts what it meets."""

    def __init__(self, line: str, report: Report) -> None:
        self.src = line
        self.report = report
        self.escapes = escape_spans(line)  # start of `[=` -> index after `=]`
        self.pairs = bracket_pairs(line, self.escapes)  # index of `[[` -> index of `]]`

    def parse(self) -> list[Node]:
        return self.parse_range(0, len(self.src))

    def parse_range(self, start: int, end: int) -> list[Node]:
        nodes = Gathered()
        readers = {
            "[": self.square,
            "{": self.brace,
            "'": self.apostrophes,
            "\\": self.backslashes,
            "@": self.monospace,
        }
        i = start
        while i < end:
            char = self.src[i]
            reader = readers.get(char)
            stop = reader(i, end, nodes) if reader else None
            if stop is None and char.isascii() and char.isalnum():
                stop = self.word(i, end, nodes)
            if stop is None:  # text up to the next character that may start something
                plain = _PLAIN.match(self.src, i + 1, end)
                stop = plain.end() if plain else i + 1
                nodes.text(self.src[i:stop])
            i = stop
        return nodes.done()

    # Each reader reads what starts at `i` into `nodes` and returns where it stopped, or
    # None when nothing of its kind starts there.

    def square(self, i: int, end: int, nodes: Gathered) -> int | None:
        src = self.src
        if i in self.escapes and self.escapes[i] <= end:
            close = self.escapes[i]
            nodes.add(Text(src[i + 2 : close - 2], literal=True))
            self.report.converted["escape"] += 1
            return close
        if src.startswith("[[", i) and self.pairs.get(i, end) + 2 <= end:
            node, stop = self.bracket(i, end)
            nodes.add(node)
            return stop
        if src.startswith("[-", i):
            close = self.find_outside("-]", i + 2, end)
            if close >= 0:
                nodes.add(Unstyled("small", self.parse_range(i + 2, close)))
                self.report.unstyled["[-small text-]"] += 1
                return close + 2
        return None

    def brace(self, i: int, end: int, nodes: Gathered) -> int | None:
        found = self.free_link(i, end, MAIN) if self.src.startswith("{{", i) else None
        if found is None:
            return None
        nodes.add(found[0])
        return found[1]

    def apostrophes(self, i: int, end: int, nodes: Gathered) -> int | None:
        run = i
        while run < end and self.src[run] == "'":
            run += 1
        if run - i < 2:
            return None
        nodes.apostrophes(run - i)
        self.report.converted["emphasis"] += 1
        return run

    def backslashes(self, i: int, end: int, nodes: Gathered) -> int | None:
        if not self.src.startswith("\\\\", i):
            return None
        nodes.add(Break())
        return i + 2

    def monospace(self, i: int, end: int, nodes: Gathered) -> int | None:
        close = self.src.find("@@", i + 2, end) if self.src.startswith("@@", i) else -1
        if close < 0:
            return None
        nodes.add(Code(self.plain(i + 2, close)))
        self.report.converted["monospace"] += 1
        return close + 2

    # Words and free links -------------------------------------------------------------

    def word(self, i: int, end: int, nodes: Gathered) -> int:
        src = self.src
        match = _WORD.match(src, i, end)
        assert match is not None
        word, after = match.group(), match.end()
        # A path goes on, or a word of other letters: not a new word.
        glued = i > 0 and (src[i - 1] == "/" or src[i - 1].isalnum())
        glued = glued or after < end and src[after].isalnum()
        if word.lower() in ("http", "https", "ftp", "mailto") and src.startswith(":", after):
            stop = after
            while stop < end and not src[stop].isspace() and not src.startswith("[[", stop):
                stop += 1
            nodes.add(Text(src[i:stop], literal=True))
            return stop
        if not glued and src.startswith("/", after) and _NAMESPACE_WORD.fullmatch(word):
            if src.startswith("{{", after + 1):
                found = self.free_link(after + 1, end, word)
                if found is not None:
                    node, stop = found
                    nodes.add(node)
                    return stop
            name = _WORD.match(src, after + 1, end)
            glued_after = name is not None and name.end() < end and src[name.end()].isalnum()
            if (
                name
                and not glued_after
                and (is_wikiword(name.group()) or _names_a_page(word, name.group()))
                and not _continues_path(src, name.end(), end)
            ):
                nodes.add(self.linked(Link(word, name.group())))
                return name.end()
        if not glued and is_wikiword(word) and not _continues_path(src, after, end):
            nodes.add(self.linked(Link(MAIN, word)))
            return after
        nodes.text(word)
        return after

    def free_link(self, i: int, end: int, namespace: str) -> tuple[Link, int] | None:
        """`{{free words}}`, `{{A|B}}` (shows A, links AB) and letters glued after it."""
        src = self.src
        close = src.find("}}", i + 2, min(end, i + 2 + _MAX_FREE_LINK))
        if close < 0:
            return None
        content = src[i + 2 : close]
        if not content.strip() or any(char in content for char in "{}[]\n"):
            return None
        shown, _, suffix = content.partition("|")
        glue = _FREE_LINK_GLUE.match(src, close + 2, end)
        glued = glue.group() if glue else ""
        link = link_to(namespace, shown + suffix, [Text(shown + glued)])
        self.report.converted["free link"] += 1
        return self.linked(link), close + 2 + len(glued)

    def linked(self, link: Link) -> Link:
        if is_valid(link):
            self.report.note_link(f"{link.namespace}/{link.name}")
        return link

    # Double brackets ------------------------------------------------------------------

    def bracket(self, i: int, end: int) -> tuple[Node, int]:
        """The construct opening at `[[` (its `]]` is known to be within `end`)."""
        close = self.pairs[i]
        inner = self.src[i + 2 : close]
        readers = (self.hidden, self.marker, self.styled, self.page_part, self.link)
        for read in readers:
            found = read(i, close, end, inner)
            if found is not None:
                return found
        return self.unknown(i, close, _construct_name(inner)), close + 2

    # Each construct reader gets the `[[`'s index, its `]]`'s, the end of the range and what
    # the brackets hold; it returns the node and where it stops, or None if it is not its.

    def hidden(self, i: int, close: int, end: int, inner: str) -> tuple[Node, int] | None:
        """Spoilers and notes."""
        lower = inner.lower()
        head, colon, _ = lower.partition(":")
        if head == "spoiler" and colon:
            self.report.converted["spoiler"] += 1
            return Spoiler(self.parse_range(i + 2 + len("spoiler:"), close)), close + 2
        if lower != "note" and not (head == "labelnote" and colon):
            return None
        kind = "note" if lower == "note" else "labelnote"
        stop = self.find_closer(close + 2, end, kind)
        if stop is None:
            return self.unknown(i, close, f"unclosed [[{kind}]]"), close + 2
        label = "note" if kind == "note" else inner[len("labelnote:") :].strip() or "note"
        self.report.converted[kind] += 1
        return Note(label, self.parse_range(close + 2, stop[0])), stop[1]

    def marker(self, i: int, close: int, end: int, inner: str) -> tuple[Node, int] | None:
        """Folders and index regions, which stand for lines of their own."""
        lower = inner.lower()
        head, colon, _ = lower.partition(":")
        if head == "folder" and (colon or lower == "folder"):
            self.report.converted["folder"] += 1
            title = self.parse_range(i + 2 + len("folder:"), close) if colon else []
            return Marker("folder_open", title), close + 2
        if lower in MARKERS:
            self.report.converted[MARKERS[lower]] += 1
            return Marker(MARKERS[lower]), close + 2
        return None

    def styled(self, i: int, close: int, end: int, inner: str) -> tuple[Node, int] | None:
        """Strikethrough, all caps, and the alignments our markup has no equivalent for."""
        head, colon, _ = inner.lower().partition(":")
        content = i + 2 + len(head) + 1
        if head == "strike" and colon:
            self.report.converted["strike"] += 1
            return Strike(self.parse_range(content, close)), close + 2
        if head == "ac" and colon:
            self.report.converted["AC"] += 1
            return Caps(self.parse_range(content, close)), close + 2
        if head in ("center", "rtl") and colon:
            self.report.unstyled[f"[[{head}:]]"] += 1
            return Unstyled(head, self.parse_range(content, close)), close + 2
        indent = _INDENT.match(inner)
        if indent:
            self.report.unstyled["[[indent:]]"] += 1
            return Unstyled("indent", self.parse_range(i + 2 + indent.end(), close)), close + 2
        return None

    def page_part(self, i: int, close: int, end: int, inner: str) -> tuple[Node, int] | None:
        """The page image, its caption, and a redirect."""
        head, colon, _ = inner.lower().partition(":")
        content = i + 2 + len(head) + 1
        if not colon:
            return None
        if head == "quoteright":
            image = self.image(content, close)
            if image is not None:
                self.report.converted["page image"] += 1
                return image, close + 2
        elif head.startswith("caption-width"):
            width = _WIDTH.match(self.src, content, close)
            self.report.converted["caption"] += 1
            start = width.end() if width else content
            return Caption(self.parse_range(start, close)), close + 2
        elif head == "redirect":
            target = self.target(content, close)
            if target is not None and target[1] == close:
                self.report.converted["redirect"] += 1
                return Redirect(target[0]), close + 2
        return None

    def link(self, i: int, close: int, end: int, inner: str) -> tuple[Node, int] | None:
        """A link to another site, or a pothole: `[[Target text]]`."""
        if inner.lower().startswith(URL_SCHEMES):
            url_end = _space_or(inner, len(inner))
            label_start = i + 2 + url_end + 1
            shown = self.parse_range(label_start, close) if label_start < close else None
            self.report.converted["external link"] += 1
            return ExternalLink(inner[:url_end], shown), close + 2
        target = self.target(i + 2, close)
        if target is None:
            return None
        link, label_start = target
        if label_start < close:
            link.label = self.parse_range(label_start + 1, close)
        self.report.converted["pothole" if link.label else "link"] += 1
        return link, close + 2

    def target(self, start: int, close: int) -> tuple[Link, int] | None:
        """The page a pothole names first (`WikiWord`, `Ns/Name`, `{{free link}}`), and where
        its name ends: at the space before the text, or at `close`."""
        src = self.src
        if src.startswith("{{", start):
            found = self.free_link(start, close, MAIN)
            if found is None:
                return None
            link, stop = found
            link.label = None
            self.report.converted["free link"] -= 1
        else:
            stop = _space_or(src, close, start)
            written = src[start:stop]
            namespace, slash, name = written.rpartition("/")
            if slash and src.startswith("{{", start + len(namespace) + 1):
                found = self.free_link(start + len(namespace) + 1, close, namespace)
                if found is None:
                    return None
                link, stop = found
                link.label = None
                self.report.converted["free link"] -= 1
            elif slash and _NAMESPACE_WORD.fullmatch(namespace) and _WORD.fullmatch(name or "-"):
                link = self.linked(link_to(namespace, name))
            elif not slash and is_wikiword(written):
                link = self.linked(Link(MAIN, written))
            else:
                return None
        if stop < close and not src[stop].isspace():
            return None
        return link, stop

    def image(self, start: int, close: int) -> Image | None:
        src = self.src
        width_match = _WIDTH.match(src, start, close)
        width = int(width_match.group(1)) if width_match else None
        start = width_match.end() if width_match else start
        if src.startswith("[[", start) and self.pairs.get(start) == close - 2:
            target = self.target(start + 2, close - 2)
            if target is not None:
                link, stop = target
                url = src[stop : close - 2].strip()
                if url.lower().startswith(URL_SCHEMES):
                    return Image(url, width, link)
            return None
        url = src[start:close].strip()
        if url.lower().startswith(URL_SCHEMES) and " " not in url:
            return Image(url, width)
        return None

    def unknown(self, i: int, close: int, name: str) -> Unknown:
        self.report.unknown[name] += 1
        return Unknown("[[", self.parse_range(i + 2, close), "]]")

    # Scanning helpers -----------------------------------------------------------------

    def find_closer(self, start: int, end: int, kind: str) -> tuple[int, int] | None:
        """Where the `[[/note]]` (or `[[/labelnote]]`) closing a note opened before `start`
        starts and ends, notes of the same kind nesting; brackets in between are skipped."""
        src, depth, i = self.src, 1, start
        closer = _NOTE_CLOSERS[kind]
        while i < end:
            if src[i] == "[" and i in self.escapes:
                i = self.escapes[i]
            elif src[i] == "[" and i in self.pairs and self.pairs[i] + 2 <= end:
                inner = src[i + 2 : self.pairs[i]].lower()
                if inner == closer:
                    depth -= 1
                    if depth == 0:
                        return i, self.pairs[i] + 2
                elif inner == kind or inner.startswith(f"{kind}:"):
                    depth += 1
                i = self.pairs[i] + 2
            else:
                i += 1
        return None

    def find_outside(self, needle: str, start: int, end: int) -> int:
        """The first `needle` from `start`, outside escapes and double brackets, or -1."""
        src, i = self.src, start
        while i < end:
            if src.startswith(needle, i) and i + len(needle) <= end:
                return i
            if src[i] == "[" and i in self.escapes:
                i = self.escapes[i]
            elif src[i] == "[" and i in self.pairs:
                i = self.pairs[i] + 2
            else:
                i += 1
        return -1

    def plain(self, start: int, end: int) -> str:
        """The text between, escapes opened: what `@@…@@` shows."""
        parts, i, src = [], start, self.src
        while i < end:
            if src[i] == "[" and i in self.escapes and self.escapes[i] <= end:
                parts.append(src[i + 2 : self.escapes[i] - 2])
                i = self.escapes[i]
            else:
                parts.append(src[i])
                i += 1
        return "".join(parts)


def _space_or(text: str, default: int, start: int = 0) -> int:
    for index in range(start, default):
        if text[index].isspace():
            return index
    return default


def _continues_path(src: str, index: int, end: int) -> bool:
    """True where a word goes on as a path or address (`Foo/bar`, `FooBar.com`)."""
    return index < end and src[index] in "/@" or src.startswith(".com", index)


def _names_a_page(namespace: str, name: str) -> bool:
    """`Film/Jaws`: in a namespace the old site has, one capitalised word is a page."""
    return namespace in KNOWN_NAMESPACES and name[:1].isupper()


def _construct_name(inner: str) -> str:
    head = inner.split(":", 1)[0].split(" ", 1)[0].strip()[:30]
    return f"[[{head}]]" if ":" not in inner else f"[[{head}:]]"
