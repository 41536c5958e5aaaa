"""Reading a MediaWiki XML export (schema 0.10 or 0.11, plain, bzip2 or gzip) as a stream.

The file is read by iterparse, element by element: each revision is handed on as soon as it
ends and then dropped from the tree, and each page is dropped when it ends, so memory holds
one revision at a time whatever the dump's size (tests/tropes/test_import_mediawiki_memory.py
holds it). Schema versions differ by their XML namespace and a few attributes this reader
does not need, so tags are read without their namespace.
"""

import bz2
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

SCHEMAS = ("0.10", "0.11")


@dataclass(frozen=True)
class PageHead:
    title: str  # as the wiki spells it, with its namespace prefix: "Film:Alien"
    namespace: int


@dataclass(frozen=True)
class Revision:
    timestamp: datetime
    author: str  # the user name, or the address of an anonymous editor; "" when hidden
    summary: str
    text: str | None  # None when the dump hides it (a deleted revision)


class Dump:
    """A dump opened for reading: its namespaces at once, then its pages in order."""

    def __init__(self, path: str | Path) -> None:
        self.file = _open(Path(path))
        self.events = iterparse(self.file, events=("start", "end"))
        self.root: Element | None = None
        self.schema = ""
        self.namespaces: dict[int, str] = {}
        self.aliases: dict[str, int] = {}
        self._pending: Element | None = None  # a page met before any siteinfo
        self._read_siteinfo()

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> "Dump":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pages(self) -> Iterator[tuple[PageHead, Iterator[Revision]]]:
        """Each page with an iterator of its revisions, which must be read before the next
        page is asked for (whatever is left of it is skipped)."""
        if self._pending is not None:
            element = self._pending
            self._pending = None
            yield from self._page_from(element)
        for event, element in self.events:
            if event == "start" and _tag(element) == "page":
                yield from self._page_from(element)

    def _page_from(self, page: Element) -> Iterator[tuple[PageHead, Iterator[Revision]]]:
        title, namespace = "", 0
        for event, element in self.events:
            tag = _tag(element)
            if event == "end" and element in page:
                if tag == "title":
                    title = element.text or ""
                elif tag == "ns":
                    namespace = int(element.text or 0)
            if event == "start" and tag == "revision":
                revisions = self._revisions(page, element)
                yield PageHead(title, namespace), revisions
                for _ in revisions:  # what the reader left of the page
                    pass
                break
            if event == "end" and element is page:  # a page without revisions
                yield PageHead(title, namespace), iter(())
                break
        self._drop(page)

    def _revisions(self, page: Element, first: Element) -> Iterator[Revision]:
        current: Element | None = first
        for event, element in self.events:
            tag = _tag(element)
            if event == "start" and tag == "revision" and current is None:
                current = element
            elif event == "end" and element is current:
                yield _revision(element)
                page.remove(element)  # nothing of a revision stays once it is read
                current = None
            elif event == "end" and element is page:
                return

    def _read_siteinfo(self) -> None:
        for event, element in self.events:
            tag = _tag(element)
            if self.root is None:
                self.root = element
                self.schema = element.get("version", "")
            if event == "end" and tag == "namespace":
                key = int(element.get("key", "0"))
                self.namespaces[key] = element.text or ""
            elif event == "end" and tag == "alias":  # 0.11: another name of a namespace
                self.aliases[element.text or ""] = int(element.get("key", "0"))
            elif event == "end" and tag == "siteinfo":
                self._drop(element)
                return
            elif event == "start" and tag == "page":  # a dump without siteinfo
                self._pending = element
                return

    def _drop(self, element: Element) -> None:
        if self.root is not None and element in self.root:
            self.root.remove(element)


def _open(path: Path) -> IO[bytes]:
    """The dump's bytes, decompressed as its first bytes say (not as its name does)."""
    with open(path, "rb") as probe:
        magic = probe.read(3)
    if magic == b"BZh":
        return bz2.open(path, "rb")
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _tag(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def _revision(element: Element) -> Revision:
    fields = {_tag(child): child for child in element}
    contributor = {_tag(child): child.text or "" for child in fields.get("contributor", [])}
    text = fields.get("text")
    hidden = text is not None and text.get("deleted") is not None
    return Revision(
        timestamp=_timestamp(fields["timestamp"].text or ""),
        author=(contributor.get("username") or contributor.get("ip") or "").strip(),
        summary=" ".join((fields["comment"].text or "").split()) if "comment" in fields else "",
        text=None if hidden else (text.text or "" if text is not None else ""),
    )


def _timestamp(text: str) -> datetime:
    """'2012-07-01T12:00:00Z' in UTC."""
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).astimezone(UTC)
