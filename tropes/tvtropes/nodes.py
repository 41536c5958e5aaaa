"""What the TV Tropes markup parser reads a line into: a small tree of inline nodes.

The tree is rendered to our Markdown by `tropes.tvtropes.markdown`; nothing here knows
either syntax beyond the names of the constructs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Text:
    text: str
    literal: bool = False  # from a `[=…=]` escape or a bare web address: never a link


@dataclass
class Break:
    """`\\\\`: a line break inside a paragraph or a bullet."""


@dataclass
class Emphasis:
    strong: bool
    children: list[Node] = field(default_factory=list)


@dataclass
class Link:
    namespace: str
    name: str
    label: list[Node] | None = None  # None: the page's name, split into words


@dataclass
class ExternalLink:
    url: str
    label: list[Node] | None = None


@dataclass
class Spoiler:
    children: list[Node]


@dataclass
class Note:
    label: str  # "note" or a labelnote's label
    children: list[Node]


@dataclass
class Strike:
    children: list[Node]


@dataclass
class Caps:
    """`[[AC:…]]`, shown in capitals."""

    children: list[Node]


@dataclass
class Code:
    """`@@…@@`, shown in a monospace font."""

    text: str


@dataclass
class Unstyled:
    """A construct whose styling our markup has no equivalent for (centring, small text):
    its content is kept, the styling dropped."""

    name: str
    children: list[Node]


@dataclass
class Unknown:
    """A construct the converter does not know, shown exactly as written around its
    converted content."""

    opening: str
    children: list[Node]
    closing: str


@dataclass
class Marker:
    """A marker that only means something on a line of its own: folders and index regions."""

    kind: str  # folder_open, folder_close, foldercontrol, index_open, index_close
    title: list[Node] = field(default_factory=list)


@dataclass
class Image:
    """`[[quoteright:350:URL]]`, perhaps with the image a link: the page image."""

    url: str
    width: int | None
    link: Link | None = None


@dataclass
class Caption:
    """`[[caption-width-right:350:…]]`: the page image's caption."""

    children: list[Node]


@dataclass
class Redirect:
    """`[[redirect:Ns/Target]]`: the whole page is another page's other name."""

    link: Link


Node = (
    Text
    | Break
    | Emphasis
    | Link
    | ExternalLink
    | Spoiler
    | Note
    | Strike
    | Caps
    | Code
    | Unstyled
    | Unknown
    | Marker
    | Image
    | Caption
    | Redirect
)


@dataclass
class PageImage:
    url: str
    width: int | None
    link: str = ""  # "Namespace/Name" the old site's image linked to


@dataclass
class Report:
    """What a conversion met: counts of each construct, what it could not convert, and the
    parts of a page that are not its text (image, caption, page quote, redirect)."""

    converted: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)  # kept as visible text
    unstyled: Counter[str] = field(default_factory=Counter)  # text kept, styling dropped
    links: list[str] = field(default_factory=list)  # "Namespace/Name", in order, once each
    unlinkable: int = 0  # links to names our wiki cannot have, kept as their text
    image: PageImage | None = None
    caption: str = ""
    quote: str = ""
    quote_attribution: str = ""
    redirect: str = ""

    @property
    def unknown_total(self) -> int:
        return sum(self.unknown.values())

    def note_link(self, path: str) -> None:
        if path not in self._seen:
            self._seen.add(path)
            self.links.append(path)

    def __post_init__(self) -> None:
        self._seen: set[str] = set(self.links)
