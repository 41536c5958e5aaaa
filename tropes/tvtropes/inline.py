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
        self.escapes = _escape_spans(line)  # start of `[=` -> index after `=]`
        self.pairs = _bracket_pairs(line, self.escapes)  # index of `[[` -> index of `]]`

    def parse(self) -> list[Node]:
        return self.parse_range(0, len(self.src))

    def parse_range(self, start: int, end: int) -> list[Node]:
        src = self.src
        # Emphasis nests as it opens: the innermost open one takes what is read.
        stack: list[tuple[bool | None, list[Node]]] = [(None, [])]
        buffer: list[str] = []

        def add(node: Node) -> None:
            if buffer:
                stack[-1][1].append(Text("".join(buffer)))
                buffer.clear()
            stack[-1][1].append(node)

        def toggle(strong: bool) -> None:
            if buffer:
                stack[-1][1].append(Text("".join(buffer)))
                buffer.clear()
            if not any(kind == strong for kind, _ in stack[1:]):
                stack.append((strong, []))
                return
            reopen = []
            while True:  # close down to it, then reopen what was closed above it
                kind, children = stack.pop()
                stack[-1][1].append(Emphasis(bool(kind), children))
                if kind == strong:
                    break
                reopen.append(kind)
            for kind in reversed(reopen):
                stack.append((kind, []))

        i = start
        while i < end:
            char = src[i]
            if char == "[" and i in self.escapes and self.escapes[i] <= end:
                close = self.escapes[i]
                add(Text(src[i + 2 : close - 2], literal=True))
                self.report.converted["escape"] += 1
                i = close
            elif char == "[" and src.startswith("[[", i) and self.pairs.get(i, end) + 2 <= end:
                node, i = self.bracket(i, end)
                add(node)
            elif char == "{" and src.startswith("{{", i):
                found = self.free_link(i, end, MAIN)
                if found is None:
                    buffer.append("{{")
                    i += 2
                else:
                    node, i = found
                    add(node)
            elif char == "'" and src.startswith("''", i):
                run = i
                while run < end and src[run] == "'":
                    run += 1
                count = run - i
                if count in (2, 3):
                    toggle(count == 3)
                else:
                    extra = count - 5 if count >= 5 else count - 3
                    buffer.append("'" * extra)
                    if count >= 5:
                        open_kinds = [kind for kind, _ in stack[1:]]
                        first = open_kinds[-1] if open_kinds else True
                        toggle(bool(first))
                        toggle(not first)
                    else:
                        toggle(True)
                self.report.converted["emphasis"] += 1
                i = run
            elif char == "\\" and src.startswith("\\\\", i):
                add(Break())
                i += 2
            elif char == "@" and src.startswith("@@", i):
                close = src.find("@@", i + 2, end)
                if close < 0:
                    buffer.append("@@")
                    i += 2
                else:
                    add(Code(self.plain(i + 2, close)))
                    self.report.converted["monospace"] += 1
                    i = close + 2
            elif char == "[" and src.startswith("[-", i):
                close = self.find_outside("-]", i + 2, end)
                if close < 0:
                    buffer.append("[-")
                    i += 2
                else:
                    add(Unstyled("small", self.parse_range(i + 2, close)))
                    self.report.unstyled["[-small text-]"] += 1
                    i = close + 2
            elif char.isascii() and char.isalnum():
                i = self.word(i, end, add, buffer)
            else:
                buffer.append(char)
                i += 1
        if buffer:
            stack[-1][1].append(Text("".join(buffer)))
        while len(stack) > 1:  # emphasis left open ends with the line
            kind, children = stack.pop()
            stack[-1][1].append(Emphasis(bool(kind), children))
        return stack[0][1]

    # Words and free links -------------------------------------------------------------

    def word(self, i: int, end: int, add, buffer: list[str]) -> int:
        src = self.src
        match = _WORD.match(src, i, end)
        assert match is not None
        word, after = match.group(), match.end()
        glued = i > 0 and src[i - 1] == "/"  # a path goes on, not a new word
        if word.lower() in ("http", "https", "ftp", "mailto") and src.startswith(":", after):
            stop = after
            while stop < end and not src[stop].isspace() and not src.startswith("[[", stop):
                stop += 1
            add(Text(src[i:stop], literal=True))
            return stop
        if not glued and src.startswith("/", after) and _NAMESPACE_WORD.fullmatch(word):
            if src.startswith("{{", after + 1):
                found = self.free_link(after + 1, end, word)
                if found is not None:
                    node, stop = found
                    add(node)
                    return stop
            name = _WORD.match(src, after + 1, end)
            if name and is_wikiword(name.group()) and not _continues_path(src, name.end(), end):
                add(self.linked(Link(word, name.group())))
                return name.end()
        if not glued and is_wikiword(word) and not _continues_path(src, after, end):
            add(self.linked(Link(MAIN, word)))
            return after
        buffer.append(word)
        return after

    def free_link(self, i: int, end: int, namespace: str) -> tuple[Node, int] | None:
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
        inner_start, after = i + 2, close + 2
        inner = self.src[inner_start:close]
        lower = inner.lower()
        head, colon, _ = lower.partition(":")
        report = self.report

        if lower in _NOTE_CLOSERS or head == "labelnote" and colon:
            kind = "note" if lower == "note" else "labelnote"
            stop = self.find_closer(after, end, kind)
            if stop is None:
                return self.unknown(i, close, f"unclosed [[{kind}]]"), after
            closer_start, closer_end = stop
            label = "note" if kind == "note" else inner[len("labelnote:") :].strip() or "note"
            report.converted[kind] += 1
            return Note(label, self.parse_range(after, closer_start)), closer_end
        if head == "folder" and (colon or lower == "folder"):
            report.converted["folder"] += 1
            title = self.parse_range(inner_start + 7, close) if colon else []
            return Marker("folder_open", title), after
        if lower in MARKERS:
            report.converted[MARKERS[lower]] += 1
            return Marker(MARKERS[lower]), after
        if head == "spoiler" and colon:
            report.converted["spoiler"] += 1
            return Spoiler(self.parse_range(inner_start + 8, close)), after
        if head == "strike" and colon:
            report.converted["strike"] += 1
            return Strike(self.parse_range(inner_start + 7, close)), after
        if head == "ac" and colon:
            report.converted["AC"] += 1
            return Caps(self.parse_range(inner_start + 3, close)), after
        if head in ("center", "rtl") and colon:
            report.unstyled[f"[[{head}:]]"] += 1
            return Unstyled(head, self.parse_range(inner_start + len(head) + 1, close)), after
        indent = _INDENT.match(inner)
        if indent:
            report.unstyled["[[indent:]]"] += 1
            return Unstyled("indent", self.parse_range(inner_start + indent.end(), close)), after
        if head == "quoteright" and colon:
            image = self.image(inner_start + len("quoteright:"), close)
            if image is not None:
                report.converted["page image"] += 1
                return image, after
        if head.startswith("caption-width") and colon:
            width = _WIDTH.match(inner, len(head) + 1)
            start = inner_start + (width.end() if width else len(head) + 1)
            report.converted["caption"] += 1
            return Caption(self.parse_range(start, close)), after
        if head == "redirect" and colon:
            target = self.target(inner_start + len("redirect:"), close)
            if target is not None and target[1] == close:
                report.converted["redirect"] += 1
                return Redirect(target[0]), after
        if lower.startswith(URL_SCHEMES):
            url_end = _space_or(inner, len(inner))
            label_start = inner_start + url_end + 1
            label = self.parse_range(label_start, close) if label_start < close else None
            report.converted["external link"] += 1
            return ExternalLink(inner[:url_end], label), after
        target = self.target(inner_start, close)
        if target is not None:
            link, label_start = target
            if label_start < close:
                link.label = self.parse_range(label_start + 1, close)
            report.converted["pothole" if link.label else "link"] += 1
            return link, after
        return self.unknown(i, close, _construct_name(inner)), after

    def target(self, start: int, close: int) -> tuple[Link, int] | None:
        """The page a pothole names first (`WikiWord`, `Ns/Name`, `{{free link}}`), and where
        its name ends: at the space before the text, or at `close`."""
        src = self.src
        if src.startswith("{{", start):
            found = self.free_link(start, close, MAIN)
            if found is None or not isinstance(found[0], Link):
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
                if found is None or not isinstance(found[0], Link):
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
                url = src[stop:close - 2].strip()
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


def _escape_spans(line: str) -> dict[int, int]:
    spans, i = {}, line.find("[=")
    while i >= 0:
        close = line.find("=]", i + 2)
        if close < 0:
            break
        spans[i] = close + 2
        i = line.find("[=", close + 2)
    return spans


def _bracket_pairs(line: str, escapes: dict[int, int]) -> dict[int, int]:
    """Each `[[` that has a `]]`, mapped to it; escapes hold no brackets, and the `-]`
    closing small text (`[-…-]`) is not half of a `]]`."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    small, i, size = 0, 0, len(line)
    while i < size:
        if line[i] == "[" and i in escapes:
            i = escapes[i]
        elif line.startswith("[[", i):
            opened.append(i)
            i += 2
        elif line.startswith("[-", i):
            small += 1
            i += 2
        elif small and line.startswith("-]", i):
            small -= 1
            i += 2
        elif line.startswith("]]", i) and opened:
            pairs[opened.pop()] = i
            i += 2
        else:
            i += 1
    return pairs


def _space_or(text: str, default: int, start: int = 0) -> int:
    for index in range(start, default):
        if text[index].isspace():
            return index
    return default


def _continues_path(src: str, index: int, end: int) -> bool:
    """True where a word goes on as a path or address (`Foo/bar`, `FooBar.com`)."""
    return index < end and src[index] in "/@" or src.startswith(".com", index)


def _construct_name(inner: str) -> str:
    head = inner.split(":", 1)[0].split(" ", 1)[0].strip()[:30]
    return f"[[{head}]]" if ":" not in inner else f"[[{head}:]]"
