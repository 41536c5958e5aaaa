"""A converted page read as our wiki holds it: a work or a trope with its examples, a
redirect, or a plain page.

A work page lists its tropes as top-level bullets (`* TropeName: text`), perhaps inside
folders; a trope page lists works the same way, usually in one folder per medium. Each such
bullet, with its sub-bullets and quotes, is one example; whatever else the page holds stays
in its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tropes.models import PlayedAs
from tropes.played import from_text as played_from_text
from wiki.markup import split_wikiword

from .blocks import Block, parse, take_page_quote, to_markdown
from .inline import MAIN
from .namespaces import WORK_NAMESPACES
from .nodes import Emphasis, Link, Node, Report, Text

WORK, TROPE, OTHER, REDIRECT = "work", "trope", "other", "redirect"


@dataclass
class ParsedExample:
    other: str  # "Namespace/Name" of the page on the other side: the trope or the work
    text: str  # Markdown
    played: str = PlayedAs.STRAIGHT


@dataclass
class ParsedPage:
    namespace: str
    name: str
    kind: str
    body: str
    report: Report
    examples: list[ParsedExample] = field(default_factory=list)

    @property
    def title(self) -> str:
        return split_wikiword(self.name)


def kind_for(namespace: str) -> str:
    if namespace == MAIN:
        return TROPE
    return WORK if namespace in WORK_NAMESPACES else OTHER


def read_page(namespace: str, name: str, source: str, kind: str | None = None) -> ParsedPage:
    """The page `namespace/name` whose source is `source`, read as a page of `kind` (by
    default, what its namespace holds)."""
    report = Report()
    blocks = take_page_quote(parse(source, report), report)
    kind = REDIRECT if report.redirect else kind or kind_for(namespace)
    examples: list[ParsedExample] = []
    if kind in (WORK, TROPE):
        blocks, examples = _take_examples(blocks, kind, report)
    body = to_markdown(_tidied(blocks), report)
    return ParsedPage(namespace, name, kind, body, report, examples)


def _take_examples(
    blocks: list[Block], kind: str, report: Report
) -> tuple[list[Block], list[ParsedExample]]:
    kept: list[Block] = []
    examples: list[ParsedExample] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = _example_head(block, kind) if block.kind == "bullet" and block.depth == 1 else None
        if found is None:
            kept.append(block)
            index += 1
            continue
        other, nodes = found
        index += 1
        below = []
        while index < len(blocks) and _is_below(blocks[index]):
            below.append(blocks[index])
            index += 1
        head = Block("paragraph", nodes)
        shifted = [_shifted(sub) for sub in below]
        text = to_markdown([head, *shifted], report).strip()
        played, text = played_from_text(text)
        examples.append(ParsedExample(other, text, played))
    return kept, examples


def _example_head(block: Block, kind: str) -> tuple[str, list[Node]] | None:
    """The page a top-level bullet is an example of and its text without that name, or None
    for a bullet that is not an example."""
    nodes = _without_blank_start(block.nodes)
    if not nodes:
        return None
    first = nodes[0]
    # `''Film/Oldboy'': …` as well as `Film/Oldboy: …`
    if isinstance(first, Emphasis) and len(first.children) == 1:
        first = first.children[0]
    if isinstance(first, Link) and _fits(first, kind):
        return f"{first.namespace}/{first.name}", _after_colon(nodes[1:])
    if kind == TROPE:  # `In ''Film/Oldboy'', …`: the first work named, the text whole
        for node in _walk(nodes):
            if isinstance(node, Link) and _fits(node, kind):
                return f"{node.namespace}/{node.name}", nodes
    return None


def _fits(link: Link, kind: str) -> bool:
    """A link to a page that a bullet of a page of `kind` is an example of."""
    if kind == WORK:
        return link.namespace == MAIN
    return link.namespace in WORK_NAMESPACES


def _after_colon(nodes: list[Node]) -> list[Node]:
    rest = _without_blank_start(nodes)
    if rest and isinstance(rest[0], Text) and rest[0].text.lstrip().startswith(":"):
        text = rest[0].text.lstrip()[1:].lstrip()
        return ([Text(text, rest[0].literal)] if text else []) + rest[1:]
    return rest


def _without_blank_start(nodes: list[Node]) -> list[Node]:
    start = 0
    while start < len(nodes) and _blank(nodes[start]):
        start += 1
    return nodes[start:]


def _blank(node: Node) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, list) and not isinstance(node, Link):
            yield from _walk(children)


def _is_below(block: Block) -> bool:
    return block.kind in ("bullet", "quote") and block.depth >= 2


def _shifted(block: Block) -> Block:
    return Block(block.kind, block.nodes, block.depth - 1, block.ordered, block.attribution)


def _tidied(blocks: list[Block]) -> list[Block]:
    """Without what taking the examples out left empty: folders with nothing in them,
    headings over nothing, rules at the end."""
    changed = True
    while changed:
        changed = False
        content = [i for i, block in enumerate(blocks) if block.kind != "blank"]
        for position, i in enumerate(content):
            following = blocks[content[position + 1]] if position + 1 < len(content) else None
            block = blocks[i]
            empty = (
                block.kind == "folder_open"
                and following is not None
                and following.kind == "folder_close"
            )
            if empty:
                del blocks[content[position + 1]]
                del blocks[i]
                changed = True
                break
            over_nothing = block.kind == "heading" and (
                following is None
                or following.kind in ("rule", "folder_close")
                or following.kind == "heading"
                and following.depth <= block.depth
            )
            if over_nothing or block.kind == "rule" and following is None:
                del blocks[i]
                changed = True
                break
    return blocks
