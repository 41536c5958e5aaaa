"""The block half of the parser: a page's source as lines of known kinds (paragraphs,
headings, bullets, quotes, folders…), and those blocks as our Markdown.

A line ending in `\\\\` goes on on the next one, so a logical line may span several. Each
logical line is one block: the old site shows each line on its own, so paragraphs here are
separated by blank lines and every bullet, quote and heading knows its depth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .brackets import bracket_pairs, escape_spans
from .inline import LineParser
from .markdown import BREAK, Renderer
from .nodes import Break, Caption, Image, Marker, Node, PageImage, Redirect, Report, Text

MAX_BULLET_DEPTH = 3  # the old site's editor flattens deeper bullets to three
_RULE = re.compile(r"-{4,}\Z")
_HEADING = re.compile(r"(!{1,3})(.*)\Z", re.DOTALL)
_BULLET = re.compile(r"([*+#]+)[ \t]*(.*)\Z", re.DOTALL)
_QUOTE = re.compile(r"(-+)>(.*)\Z", re.DOTALL)
_ATTRIBUTION = re.compile(r"\s*(?:--+|—)\s*")
_LINE_START = re.compile(r"\A(?:[#>=+-]|\d{1,9}[.)])")
_CONTINUED = re.compile(r"\\\\[ \t]*\n")
_TABLE_OPTIONS = re.compile(r"\|\|(?:\s*[A-Za-z-]+=[A-Za-z0-9#%.-]+)+\s*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass
class Block:
    kind: str  # paragraph, heading, rule, bullet, quote, table_row, folder_open, folder_close
    nodes: list[Node] = field(default_factory=list)
    depth: int = 0  # a heading's level, a bullet's or a quote's depth
    ordered: bool = False  # a numbered bullet
    attribution: bool = False  # a quote's "-- Name" line
    cells: list[list[Node]] = field(default_factory=list)  # a table row's


def logical_lines(source: str) -> Iterator[str]:
    """The source's lines, a line ending in `\\\\` joined to the next (its break kept)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    yield from _CONTINUED.sub("\\\\\\\\\x00", text).replace("\x00", "").split("\n")


def parse(source: str, report: Report) -> list[Block]:
    blocks: list[Block] = []
    for written in logical_lines(source):
        line = _without_comment(written, report).strip()
        if not line:
            if not written.strip():  # a comment's line leaves nothing, not a gap
                blocks.append(Block("blank"))
            continue
        blocks.extend(_blocks_of(line, report))
    return blocks


def _without_comment(line: str, report: Report) -> str:
    """The line up to a `%%` (outside escapes): the rest is an editors' comment."""
    i = 0
    while True:
        comment, escape = line.find("%%", i), line.find("[=", i)
        if comment < 0:
            return line
        if 0 <= escape < comment:
            close = line.find("=]", escape + 2)
            if close < 0:
                return line[:comment] if comment >= 0 else line
            i = close + 2
            continue
        report.converted["comment"] += 1
        return line[:comment] if line[:comment].strip() else ""


def _blocks_of(line: str, report: Report) -> list[Block]:
    block = Block("paragraph")
    content = line
    if _RULE.match(line):
        report.converted["rule"] += 1
        return [Block("rule")]
    if line.startswith("||"):
        return _table_row(line, report)
    if match := _HEADING.match(line):
        block = Block("heading", depth=len(match.group(1)))
        content = match.group(2).strip()
        report.converted["heading"] += 1
    elif match := _BULLET.match(line):
        marks = match.group(1)
        block = Block("bullet", depth=min(len(marks), MAX_BULLET_DEPTH), ordered=marks[-1] == "#")
        content = match.group(2)
        report.converted["numbered item" if block.ordered else "bullet"] += 1
    elif match := _QUOTE.match(line):
        content = match.group(2)
        attribution = _ATTRIBUTION.match(content)
        block = Block("quote", depth=len(match.group(1)), attribution=bool(attribution))
        content = content[attribution.end() :] if attribution else content.strip()
        report.converted["quote"] += 1
    return _split_markers(block, LineParser(content, report).parse(), report)


def _table_row(line: str, report: Report) -> list[Block]:
    """`|| a || b ||`, a row of a table; `||align=center …`, the table's options, which our
    tables do not take (their text is dropped and counted)."""
    if _TABLE_OPTIONS.fullmatch(line):
        report.unstyled["|| table options"] += 1
        return []
    if len(line) < 4 or not line.endswith("||"):
        report.unknown["|| unfinished table row"] += 1
        return [Block("paragraph", [Text(line)])]
    report.converted["table row"] += 1
    cells = [LineParser(cell, report).parse() for cell in _cells(line[2:-2])]
    return [Block("table_row", cells=cells)]


def _cells(row: str) -> list[str]:
    """The row split at each `||` outside double brackets and escapes."""
    escapes, pairs = escape_spans(row), {}
    pairs = bracket_pairs(row, escapes)
    cells, start, i = [], 0, 0
    while i < len(row):
        if row[i] == "[" and i in escapes:
            i = escapes[i]
        elif row[i] == "[" and i in pairs:
            i = pairs[i] + 2
        elif row.startswith("||", i):
            cells.append(row[start:i])
            start = i = i + 2
        else:
            i += 1
    return [*cells, row[start:]]


def _split_markers(block: Block, nodes: list[Node], report: Report) -> list[Block]:
    """The block, with the markers on its line made blocks of their own and the page's
    image, caption and redirect taken into the report."""
    blocks: list[Block] = []
    current: list[Node] = []
    for node in nodes:
        if isinstance(node, Marker):
            if _meaningful(current):
                blocks.append(
                    Block(block.kind, current, block.depth, block.ordered, block.attribution)
                )
                block = Block("paragraph")
            current = []
            if node.kind in ("folder_open", "folder_close"):
                blocks.append(Block(node.kind, node.title))
        elif isinstance(node, Image) and report.image is None:
            link = f"{node.link.namespace}/{node.link.name}" if node.link else ""
            report.image = PageImage(node.url, node.width, link)
        elif isinstance(node, Caption) and not report.caption:
            report.caption = Renderer(report).render(_trimmed(node.children))
        elif isinstance(node, Redirect) and not report.redirect:
            report.redirect = f"{node.link.namespace}/{node.link.name}"
            current.append(node)
        else:
            current.append(node)
    if _meaningful(current) or block.kind in ("bullet", "heading") and not blocks:
        blocks.append(Block(block.kind, current, block.depth, block.ordered, block.attribution))
    return blocks


def _meaningful(nodes: list[Node]) -> bool:
    return any(
        not isinstance(node, Text | Break) or isinstance(node, Text) and node.text.strip()
        for node in nodes
    )


def _trimmed(nodes: list[Node]) -> list[Node]:
    """Without breaks at either end: a break ending a paragraph would show as a backslash."""
    start, end = 0, len(nodes)
    while start < end and (isinstance(nodes[start], Break) or _blank(nodes[start])):
        start += 1
    while end > start and (isinstance(nodes[end - 1], Break) or _blank(nodes[end - 1])):
        end -= 1
    return nodes[start:end]


def _blank(node: Node) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def take_page_quote(blocks: list[Block], report: Report) -> list[Block]:
    """The blocks without the page quote that opens the page (`->…`, `-->-- Name`), which
    goes into the report."""
    start = 0
    while start < len(blocks) and blocks[start].kind == "blank":
        start += 1
    end = start
    while end < len(blocks) and blocks[end].kind == "quote":
        end += 1
    if end == start:
        return blocks
    renderer = Renderer(report)
    lines = [renderer.render(_trimmed(b.nodes)) for b in blocks[start:end] if not b.attribution]
    names = [renderer.render(_trimmed(b.nodes)) for b in blocks[start:end] if b.attribution]
    report.quote = "\n\n".join(_indented(_escaped_starts(line), "") for line in lines)
    report.quote_attribution = " ".join(name.replace(BREAK, " ") for name in names)
    return blocks[:start] + blocks[end:]


def to_markdown(blocks: list[Block], report: Report) -> str:
    """The blocks as Markdown: lists nested by indentation, everything else apart."""
    writer = _Writer(Renderer(report), report)
    for block in blocks:
        writer.write(block)
    return writer.done()


class _Writer:
    def __init__(self, renderer: Renderer, report: Report) -> None:
        self.renderer = renderer
        self.report = report
        self.out: list[str] = []
        self.items: list[int] = []  # the content column of each open list item, outermost first
        self.folders = 0
        self.columns = 0  # of the table being written
        self.previous = "blank"

    def write(self, block: Block) -> None:
        kind = block.kind
        if kind == "blank":
            if self.previous != "blank":
                self.separate()
        elif kind == "bullet":
            self.bullet(block)
        elif kind == "table_row":
            self.table_row(block)
        elif kind == "quote" and self.items and block.depth >= 2 and self.in_list:
            self.quote_in_item(block)
        else:
            self.items = []
            if kind == "quote" and self.previous == "quote":
                self.out.append(">")
            else:
                self.separate()
            self.out.extend(self.apart(block))
        self.previous = kind

    @property
    def in_list(self) -> bool:
        return self.previous in ("bullet", "quote")

    def separate(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def text(self, block: Block) -> str:
        return self.renderer.render(_trimmed(block.nodes))

    def bullet(self, block: Block) -> None:
        depth = min(block.depth, len(self.items) + 1)
        if not self.items or not self.in_list:
            self.separate()
        self.items = self.items[: depth - 1]
        indent = self.items[-1] if self.items else 0
        marker = "1. " if block.ordered else "- "
        self.items.append(indent + len(marker))
        text = _indented(_escaped_starts(self.text(block)), " " * self.items[-1])
        self.out.append(" " * indent + marker + text)

    def table_row(self, block: Block) -> None:
        """A row of a table: the first row of one is its header (our tables need one)."""
        cells = [self.cell(nodes) for nodes in block.cells]
        if self.previous != "table_row":
            self.items = []
            self.separate()
            self.columns = len(cells)
            self.out.append(_row(cells, self.columns))
            self.out.append(_row(["---"] * self.columns, self.columns))
        else:
            self.out.append(_row(cells, self.columns))

    def cell(self, nodes: list[Node]) -> str:
        text = self.renderer.render(_trimmed(nodes)).replace(BREAK, " ").replace("\n", " ")
        # A table splits its cells at every "|" not escaped, a wiki link's too.
        return _UNESCAPED_PIPE.sub(r"\\|", text.strip())

    def quote_in_item(self, block: Block) -> None:
        """`-->` under a bullet: a quote inside that bullet's item."""
        self.items = self.items[: min(block.depth - 1, len(self.items))]
        prefix = " " * self.items[-1] + "> "
        self.out.append(prefix + _indented(self.quoted(block), prefix))

    def quoted(self, block: Block) -> str:
        text = self.text(block)
        return f"— {text}" if block.attribution else _escaped_starts(text)

    def apart(self, block: Block) -> list[str]:
        """The lines of a block that stands apart from lists."""
        kind = block.kind
        if kind == "quote":
            return ["> " + _indented(self.quoted(block), "> ")]
        if kind == "heading":
            return ["#" * block.depth + " " + self.text(block).replace(BREAK, " ")]
        if kind == "rule":
            return ["---"]
        if kind == "folder_open":
            self.folders += 1
            title = self.text(block).replace(BREAK, " ").strip() or "Folder"
            return [f"[[folder:{title}]]"]
        if kind == "folder_close":
            if self.folders:
                self.folders -= 1
                return ["[[/folder]]"]
            self.report.unknown["[[/folder]] with no folder open"] += 1
            return []
        return [_indented(_escaped_starts(self.text(block)), "")]

    def done(self) -> str:
        if self.folders:  # a folder left open ends with the page
            self.separate()
            self.out.extend(["[[/folder]]"] * self.folders)
        return "\n".join(self.out).strip("\n") + "\n" if self.out else ""


def _row(cells: list[str], columns: int) -> str:
    """A Markdown table row of `columns` cells: what is beyond them joins the last one."""
    if len(cells) > columns:
        cells = [*cells[: columns - 1], " ".join(cells[columns - 1 :])]
    cells = cells + [""] * (columns - len(cells))
    return "| " + " | ".join(cells) + " |"


def _escaped_starts(text: str) -> str:
    """Each line with what would start a Markdown block at its start escaped."""
    lines = text.split("\n")
    return "\n".join(_LINE_START.sub(_escape_start, line.lstrip()) for line in lines)


def _escape_start(match: re.Match[str]) -> str:
    written = match.group()
    return written[:-1] + "\\" + written[-1] if written[-1] in ".)" else "\\" + written


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)
