"""Which of our namespaces a MediaWiki namespace's pages go to, and what kind of page they make.

A dump names its wiki's namespaces in its `<siteinfo>` (key 0, "", is the main one; 14 is
Category). The table maps each by name to one of ours, or to nothing ("-"), which leaves its
pages out. By default the main namespace becomes Main (tropes), Category becomes index pages,
a namespace spelled like one of our media holds works, and every other namespace (talk pages,
users, templates, files…) is left out. `--show-namespaces` prints the table in the very form
`--namespace-map FILE` reads back, so editing its output is how a wiki chooses another.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from tropes.media import MEDIA
from tropes.models import Trope, Work
from wiki import kinds
from wiki.markup.names import to_wikiword
from wiki.models import MAIN, validate_namespace

MAIN_KEY = 0
CATEGORY_KEY = 14
FILE_KEYS = (6, -2)  # File (Image in old wikis) and Media: images this import does not bring
SKIP = "-"
MAIN_LABEL = "Main"  # how the table names MediaWiki's main namespace, whose name is ""


class BadMap(ValueError):
    """A line of a namespace map that names no namespace of the dump, or none of ours."""


@dataclass(frozen=True)
class Destination:
    namespace: str  # ours
    kind: str  # the kind of page its pages become


class NamespaceMap:
    """The dump's namespaces (key -> name) and where each one's pages go."""

    def __init__(self, names: Mapping[int, str], chosen: Mapping[str, str] | None = None) -> None:
        self.names = dict(names)
        self.names.setdefault(MAIN_KEY, "")
        self.names.setdefault(CATEGORY_KEY, "Category")
        by_label = {self.label(key).lower(): key for key in self.names}
        self.by_name = {name.lower(): key for key, name in self.names.items() if name}
        self.targets = {key: _default(key, name) for key, name in self.names.items()}
        for source, target in (chosen or {}).items():
            key = by_label.get(source.strip().lower())
            if key is None and source.strip().lstrip("-").isdigit():
                key = int(source)
            if key is None or key not in self.names:
                raise BadMap(f"The dump has no namespace called “{source}”.")
            self.targets[key] = _checked(target.strip())

    def label(self, key: int) -> str:
        return self.names.get(key) or MAIN_LABEL

    def add_alias(self, alias: str, key: int) -> None:
        """Another name a namespace answers to in links (`Image:` for `File:`)."""
        self.by_name.setdefault(alias.lower(), key)

    def split(self, title: str) -> tuple[int, str]:
        """'Film:Alien' -> (key of Film, 'Alien'); a prefix naming no namespace stays title."""
        prefix, colon, rest = title.partition(":")
        key = self.by_name.get(prefix.strip().replace("_", " ").lower()) if colon else None
        if key is None:
            return MAIN_KEY, title.strip()
        return key, rest.strip()

    def destination(self, key: int) -> Destination | None:
        """Where the pages of the dump's namespace `key` go; None leaves them out."""
        target = self.targets.get(key, SKIP)
        if target == SKIP:
            return None
        if key == CATEGORY_KEY:
            return Destination(target, kinds.INDEX)
        if target == MAIN:
            return Destination(target, Trope.KIND)
        if target in MEDIA:
            return Destination(target, Work.KIND)
        return Destination(target, kinds.OTHER)

    def table(self) -> str:
        """The map as `--namespace-map` reads it, one namespace a line, with what it makes."""
        width = max(len(self.label(key)) for key in self.names)
        lines = [
            '# MediaWiki namespace = Tropewise namespace   ("-" leaves its pages out)',
        ]
        for key in sorted(self.names):
            destination = self.destination(key)
            made = kinds.get(destination.kind).label.lower() if destination else "left out"
            lines.append(
                f"{self.label(key):<{width}} = {self.targets.get(key, SKIP):<16} # {key}: {made}"
            )
        return "\n".join(lines)


def read_map(lines: Iterable[str]) -> dict[str, str]:
    """{source: target} from `Source = Target` lines; `#` starts a comment."""
    chosen = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        source, equals, target = line.partition("=")
        if not equals or not source.strip() or not target.strip():
            raise BadMap(f"Line {number}: write “Source = Target”, not “{raw.strip()}”.")
        chosen[source.strip()] = target.strip()
    return chosen


def _default(key: int, name: str) -> str:
    if key == MAIN_KEY:
        return MAIN
    if key == CATEGORY_KEY:
        return "Category"
    medium = {medium.lower(): medium for medium in MEDIA}.get(to_wikiword(name).lower())
    return medium or SKIP


def _checked(target: str) -> str:
    if target == SKIP:
        return target
    target = target[:1].upper() + target[1:]
    try:
        validate_namespace(target)
    except ValidationError:
        raise BadMap(
            f"“{target}” is no namespace of ours: one capitalised word of letters."
        ) from None
    if kinds.is_reserved(target):
        raise BadMap(f"“{target}” is reserved by the site.")
    return target
