"""Bulk import of tropes, works and examples from JSON lines.

The format (one JSON object a line):
- `tropes.jsonl`: `id` (a WikiWord), `name`, `description` (text or null);
- `works.jsonl`: `id` ("Medium/WikiWord"), `name`, `media`;
- `examples.jsonl`: `trope`, `work`, `text` (a leading "Subverted:", "Averted." or the like
  says how it plays its trope, and is shown as such rather than as text);
- `work_trope_links.jsonl` (optional): `work`, `trope`, with no text.

Pages, their work or trope records and examples are written in batches with
`bulk_create_with_history`, so every object gets its first revision without a
save() per row. Each is prepared as save() would (Page.prepare, Example.prepare) and its
links are the ones record_links would write. What already exists is skipped, which makes a
second run a no-op.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from tropes.media import MEDIA
from tropes.models import Example, PlayedAs, Trope, Work
from tropes.played import from_text as played_from_text
from wiki import freshness, markup, search
from wiki.models import MAIN, Link, Page, page_key

BATCH = 1000
SUMMARY = "Imported"
_NOT_WIKIWORD = re.compile(r"[^A-Za-z0-9]")

Row = dict[str, Any]  # one line of a JSON lines file
Progress = Callable[[str, int, int], object]  # (what, how many done, of how many)


@dataclass
class ImportSummary:
    """How many rows of each kind an import created, and how many it skipped."""

    created: dict[str, int] = field(
        default_factory=lambda: {"tropes": 0, "works": 0, "examples": 0}
    )
    skipped: dict[str, int] = field(
        default_factory=lambda: {"tropes": 0, "works": 0, "examples": 0}
    )

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def read_jsonl(path: Path) -> Iterator[Row]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def wikiword(raw: str) -> str:
    """'Kick-Ass2' -> 'KickAss2': the old site's ids with what our names refuse removed."""
    name = _NOT_WIKIWORD.sub("", raw)
    return name[:1].upper() + name[1:]


class Importer:
    def __init__(self, directory: str | Path, progress: Progress | None = None) -> None:
        self.directory = Path(directory)
        self.progress = progress or (lambda label, done, total: None)
        self.summary = ImportSummary()
        # Every page's key and pk; None for a key claimed by a page not yet created.
        self.keys: dict[str, int | None] = dict(Page.objects.values_list("key", "id"))
        self.namespaces = {ns.lower(): ns for ns in (MAIN, *MEDIA)}

    def run(self, link_examples: bool = False) -> ImportSummary:
        self.import_tropes()
        self.import_works()
        self.import_examples(self.directory / "examples.jsonl", with_text=True)
        links = self.directory / "work_trope_links.jsonl"
        if link_examples and links.exists():
            self.import_examples(links, with_text=False)
        if self.summary.changed:
            total = Page.objects.articles().count()
            search.rebuild(progress=lambda done: self.progress("search index", done, total))
            _analyze()
        return self.summary

    # Pages -----------------------------------------------------------------------------

    def import_tropes(self) -> None:
        rows = list(read_jsonl(self.directory / "tropes.jsonl"))

        def page(row: Row) -> Page:
            name = wikiword(row["id"])
            title = row["name"] if row["name"] != row["id"] else markup.split_wikiword(name)
            return Page(
                namespace=MAIN,
                name=name,
                title=title,
                kind=Trope.KIND,
                body=row.get("description") or "",
            )

        self._import_pages("tropes", rows, page, Trope)

    def import_works(self) -> None:
        rows = list(read_jsonl(self.directory / "works.jsonl"))

        def page(row: Row) -> Page:
            medium, _, raw_name = row["id"].partition("/")
            namespace = self.namespaces.setdefault(medium.lower(), wikiword(medium))
            name = wikiword(raw_name)
            title = row.get("name") or markup.split_wikiword(name)
            return Page(namespace=namespace, name=name, title=title, kind=Work.KIND)

        self._import_pages("works", rows, page, Work)

    def _import_pages(
        self,
        what: str,
        rows: list[Row],
        make_page: Callable[[Row], Page],
        record_model: type[Trope] | type[Work],
    ) -> None:
        self.progress(what, 0, len(rows))
        for start in range(0, len(rows), BATCH):
            pages = []
            for row in rows[start : start + BATCH]:
                page = make_page(row)
                key = page_key(page.namespace, page.name)
                if not page.name or key in self.keys:
                    self.summary.skipped[what] += 1
                    continue
                self.keys[key] = None  # claimed: a later duplicate row is skipped
                page.prepare()
                pages.append(page)
            with transaction.atomic():
                created = bulk_create_with_history(pages, Page, default_change_reason=SUMMARY)
                bulk_create_with_history(
                    [record_model(page=p) for p in created],
                    record_model,
                    default_change_reason=SUMMARY,
                )
                Link.objects.bulk_create(
                    Link(from_page=p, origin="", to_key=key)
                    for p in created
                    for key in p.own_link_keys()
                )
                freshness.touch_linking_to(p.key for p in created)
            for p in created:
                self.keys[p.key] = p.pk
            self.summary.created[what] += len(created)
            self.progress(what, min(start + BATCH, len(rows)), len(rows))

    # Examples --------------------------------------------------------------------------

    def import_examples(self, path: Path, with_text: bool) -> None:
        tropes = dict(Trope.objects.values_list("page__key", "pk"))
        works = dict(Work.objects.values_list("page__key", "pk"))
        titles = dict(Page.objects.filter(kind=Trope.KIND).values_list("pk", "title"))
        work_titles = dict(Page.objects.filter(kind=Work.KIND).values_list("pk", "title"))
        existing = set(Example.objects.values_list("trope_id", "work_id"))
        page_keys = {pk: key for key, pk in self.keys.items() if pk}
        rows = list(read_jsonl(path))
        self.progress("examples", 0, len(rows))
        for start in range(0, len(rows), BATCH):
            examples = []
            for row in rows[start : start + BATCH]:
                trope_id = tropes.get(page_key(MAIN, wikiword(row["trope"])))
                medium, _, name = row["work"].partition("/")
                work_id = works.get(page_key(medium, wikiword(name)))
                if trope_id is None or work_id is None or (trope_id, work_id) in existing:
                    self.summary.skipped["examples"] += 1
                    continue
                existing.add((trope_id, work_id))
                played: str = PlayedAs.STRAIGHT
                if with_text:
                    text = _without_trope_prefix(row["text"], titles[trope_id])
                    # "Subverted: …": the site says so itself, in italics before the text.
                    played, text = played_from_text(text)
                else:
                    text = f"{work_titles[work_id]} uses this trope."
                example = Example(trope_id=trope_id, work_id=work_id, text=text, played=played)
                example.prepare()
                examples.append(example)
            with transaction.atomic():
                created = bulk_create_with_history(examples, Example, default_change_reason=SUMMARY)
                Link.objects.bulk_create(_example_links(created, page_keys))
                freshness.touch({page for example in created for page in example.page_ids})
            self.summary.created["examples"] += len(created)
            self.progress("examples", min(start + BATCH, len(rows)), len(rows))


def _analyze() -> None:
    """Tell PostgreSQL's planner how big the tables have grown: with the row counts of an
    empty wiki it plans page views over 300,000 examples as sequential scans."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _example_links(examples: Iterable[Example], page_keys: dict[int, str]) -> Iterator[Link]:
    """What Example.record_links writes, for many examples at once."""
    for example in examples:
        by_page = example.link_keys(page_keys[example.work_id], page_keys[example.trope_id])
        for page_id, keys in by_page.items():
            for key in keys:
                yield Link(from_page_id=page_id, origin=example.link_origin, to_key=key)


def _without_trope_prefix(text: str, trope_title: str) -> str:
    """'Big Eater: Naomi eats.' -> 'Naomi eats.': the site shows the trope's name itself."""
    head, sep, rest = text.partition(":")
    if sep and _NOT_WIKIWORD.sub("", head).lower() == _NOT_WIKIWORD.sub("", trope_title).lower():
        return rest.strip()
    return text
