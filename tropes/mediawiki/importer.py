"""Importing a MediaWiki dump: its pages, with their history, as our pages.

Each page of a namespace the map keeps becomes a page of ours (a trope in Main, a work in a
medium's namespace, an index for a category, a plain page elsewhere) with every revision of
the dump as a revision of ours: its date, its summary and its author's name kept as an
imported name (`imported_author`), never an account. The page is written once, with its
latest text, by save() (which keeps its links, stamps and search entry, wiki.signals); its
revisions are written beside it as history records, a batch at a time, so a page with ten
thousand revisions holds a batch in memory, not its history.

What can only be settled once every page is in (redirects, and the pages each category
lists) is set aside in a small SQLite file on disk rather than in memory, and applied at the
end. A second import of the same dump changes nothing: a page only takes the revisions newer
than its latest, and a category's list only changes when its members do.
"""

import copy
import dataclasses
import itertools
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import reset_queries, transaction
from django.utils import timezone

from tropes.mediawiki.dump import Dump, PageHead, Revision
from tropes.mediawiki.namespaces import CATEGORY_KEY, NamespaceMap
from tropes.mediawiki.titles import page_name, page_title
from tropes.mediawiki.wikitext import MAX_TEMPLATE_NAMES, OTHERS, Conversion, Converter
from wiki import kinds
from wiki.models import Page, normalize_markup, page_key

BATCH = 200  # revisions written at once
PAGES_PER_TRANSACTION = 100
SUMMARY_LENGTH = 100  # what a revision's summary holds
FIRST_SUMMARY = "Imported"
LIST_HEADING = "## Pages in this category"
LIST_SUMMARY = "Listed the pages in this category"

Progress = Callable[[int], object]  # (pages read so far)


@dataclass
class ImportSummary:
    pages: Counter[str] = field(default_factory=Counter)  # created, updated, unchanged
    skipped: Counter[str] = field(default_factory=Counter)  # by reason
    revisions: int = 0
    redirects: Counter[str] = field(default_factory=Counter)  # set, unresolved
    categories: Counter[str] = field(default_factory=Counter)  # created, updated, unchanged
    unknown_templates: Counter[str] = field(default_factory=Counter)


class Importer:
    def __init__(
        self,
        dump: Dump,
        namespaces: NamespaceMap,
        latest_only: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.dump = dump
        self.namespaces = namespaces
        self.converter = Converter(namespaces)
        self.latest_only = latest_only
        self.dry_run = dry_run
        self.progress = progress or (lambda pages: None)
        self.summary = ImportSummary()
        self.now = timezone.now()

    def run(self) -> ImportSummary:
        with tempfile.TemporaryDirectory() as directory:
            self.later = _SetAside(Path(directory) / "later.sqlite3")
            try:
                pages = enumerate(self.dump.pages(), 1)
                while self.import_pages(itertools.islice(pages, PAGES_PER_TRANSACTION)):
                    pass
                if not self.dry_run:
                    self.set_redirects()
                    self.list_categories()
            finally:
                self.later.close()
        return self.summary

    # Pages -------------------------------------------------------------------------------

    def import_pages(
        self, pages: Iterable[tuple[int, tuple[PageHead, Iterator[Revision]]]]
    ) -> bool:
        """Import `pages` in one transaction (each page in a savepoint of its own): a commit
        for each page would cost more than the page. Whether there were any."""
        found = False
        with transaction.atomic():
            for number, (head, revisions) in pages:
                found = True
                self.import_page(head, revisions)
                self.progress(number)
                # With DEBUG on, Django keeps the last 9,000 queries' SQL, revisions' texts
                # included: forgotten, so memory stays the same there too.
                reset_queries()
        return found

    def import_page(self, head: PageHead, revisions: Iterator[Revision]) -> None:
        destination = self.namespaces.destination(head.namespace)
        if destination is None:
            self.summary.skipped["namespace left out"] += 1
            return
        _, rest = self.namespaces.split(head.title) if head.namespace else (0, head.title)
        name = page_name(rest)
        if not name:
            self.summary.skipped["no name our pages can take"] += 1
            return
        key = page_key(destination.namespace, name)
        if not self.later.claim(key, head.title):
            self.summary.skipped["same name as another page of the dump"] += 1
            return
        kind = destination.kind
        with transaction.atomic():
            page = Page.objects.select_for_update().filter(key=key).first()
            since = _latest_date(page) if page is not None else None
            writer = _PageWriter(self, page, destination.namespace, name, page_title(rest), kind)
            latest: tuple[Revision, str] | None = None
            for revision in revisions:
                latest = _later_one(latest, revision)
                if self.latest_only or (since is not None and revision.timestamp <= since):
                    continue
                writer.add(revision, self.convert(revision))
            if latest is None:
                self.summary.skipped["no revisions"] += 1
                return
            last = self.converter.convert(latest[1])
            if self.latest_only and (since is None or latest[0].timestamp > since):
                # The current text: a hidden latest text leaves the one before it.
                current = dataclasses.replace(latest[0], text=latest[1])
                writer.add(current, self.convert(current, last))
            writer.finish(last)
        outcome = writer.outcome if writer.written else "unchanged"
        self.summary.pages[outcome] += 1
        self.summary.revisions += writer.written
        for category in last.categories:
            self.later.member(category, key, f"{destination.namespace}/{name}", page_title(rest))
        if last.redirect:
            self.later.redirect(key, last.redirect)

    def convert(self, revision: Revision, known: Conversion | None = None) -> Conversion:
        conversion = known or self.converter.convert(revision.text or "")
        counted = self.summary.unknown_templates
        for name, count in conversion.unknown_templates.items():
            # A bounded tally, as each page's is: a wiki has a few thousand templates at most.
            counted[name if name in counted or len(counted) < MAX_TEMPLATE_NAMES else OTHERS] += (
                count
            )
        return conversion

    # After every page --------------------------------------------------------------------

    def set_redirects(self) -> None:
        """Each redirect leads to the page at the end of its chain, if it is one of ours."""
        for source_key, target in self.later.redirects():
            final = self.final_key(target)
            page = Page.objects.filter(key=source_key).first()
            target_page = (
                Page.objects.filter(key=final, redirect_to=None).first() if final else None
            )
            if page is None or target_page is None or target_page.pk == page.pk:
                self.summary.redirects["unresolved"] += 1
                continue
            if page.redirect_to_id == target_page.pk:
                self.summary.redirects["unchanged"] += 1
                continue
            with transaction.atomic():
                page.redirect_to = target_page
                # The redirect is the latest revision, written with the others.
                page.skip_history_when_saving = True
                page.save()
            self.summary.redirects["set"] += 1

    def final_key(self, title: str) -> str | None:
        """The key of the page a redirect to `title` ends at, through other redirects."""
        seen: set[str] = set()
        key = self.key_of(title)
        while key is not None and key not in seen and len(seen) < 10:
            seen.add(key)
            further = self.later.redirect_of(key)
            if further is None:
                return key
            key = self.key_of(further)
        return None

    def key_of(self, title: str) -> str | None:
        namespace, rest = self.namespaces.split(title.lstrip(":"))
        destination = self.namespaces.destination(namespace)
        name = page_name(rest)
        return page_key(destination.namespace, name) if destination and name else None

    def list_categories(self) -> None:
        """Each category's index page lists its pages, after the category's own text."""
        destination = self.namespaces.destination(CATEGORY_KEY)
        if destination is None:
            return
        for category, members in self.later.categories():
            name = page_name(category)
            if not name:
                continue
            listing = "\n".join(f"- [[{path}|{title}]]" for path, title in members)
            with transaction.atomic():
                key = page_key(destination.namespace, name)
                page = Page.objects.select_for_update().filter(key=key).first()
                if page is not None and page.redirect_to_id:
                    continue
                own = page.body.split(LIST_HEADING, 1)[0].rstrip() if page else ""
                body = normalize_markup(f"{own}\n\n{LIST_HEADING}\n\n{listing}".lstrip())
                if page is not None and page.body == body:
                    self.summary.categories["unchanged"] += 1
                    continue
                outcome = "updated" if page else "created"
                writer = _PageWriter(
                    self, page, destination.namespace, name, page_title(category), kinds.INDEX
                )
                writer.add_own(body, LIST_SUMMARY if page else FIRST_SUMMARY, self.now)
                writer.finish(None)
            self.summary.categories[outcome] += 1


class _PageWriter:
    """Writes one page and its revisions: the page when its first batch is written, the
    revisions a batch at a time, and the page's latest text at the end."""

    def __init__(
        self,
        importer: Importer,
        page: Page | None,
        namespace: str,
        name: str,
        title: str,
        kind: str,
    ) -> None:
        self.importer = importer
        self.page = page
        self.existed = page is not None
        self.kind = kind
        self.fields = {"namespace": namespace, "name": name, "title": title}
        self.batch: list[Page] = []
        self.written = 0
        self.last_body = ""
        self.first_date: datetime | None = None

    @property
    def outcome(self) -> str:
        return "updated" if self.existed else "created"

    def add(self, revision: Revision, conversion: Conversion) -> None:
        text = conversion.markdown if revision.text is not None else self._latest_body()
        summary = revision.summary or ("" if self.written or self.existed else FIRST_SUMMARY)
        self.add_own(text, summary, revision.timestamp, revision.author)

    def add_own(self, body: str, summary: str, date: datetime, author: str = "") -> None:
        state = Page(**self.fields, kind=self.kind, body=normalize_markup(body))
        state._history_date = date  # type: ignore[attr-defined]
        state._change_reason = _shortened(summary)  # type: ignore[attr-defined]
        state.imported_author = author  # type: ignore[attr-defined]
        self.batch.append(state)
        self.first_date = self.first_date or date
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        self.last_body = self.batch[-1].body
        if not self.importer.dry_run:
            self._write(self.batch)
        self.written += len(self.batch)
        self.batch = []

    def _write(self, batch: list[Page]) -> None:
        latest = batch[-1]
        if self.page is None:
            self.page = self._create(latest)
        model: Any = Page.history.model
        # The page's other fields (its quote, image…) as they are: the dump has no such thing.
        kept = {f.attname: getattr(self.page, f.attname) for f in model.tracked_fields}
        rows: list[Any] = []
        for state in batch:
            first = not self.existed and self.written == 0 and not rows
            rows.append(
                model(
                    **(kept | {name: getattr(state, name) for name in (*self.fields, "body")}),
                    history_date=state._history_date,  # type: ignore[attr-defined]
                    history_change_reason=state._change_reason,  # type: ignore[attr-defined]
                    history_type="+" if first else "~",
                    history_user=None,
                    imported_author=state.imported_author,  # type: ignore[attr-defined]
                )
            )
        model.objects.bulk_create(rows)

    def finish(self, last: Conversion | None) -> None:
        """Write what is left, and the page's latest text if it changed."""
        if not self.batch and not self.written:
            self.page = None  # nothing new: the page stays as it was
            return
        if last is not None and last.redirect and self.page is None:
            self.kind = kinds.OTHER  # a redirect, as the engine's aliases are: no record
        self.flush()
        if self.importer.dry_run:
            return
        page = self.page
        assert page is not None
        stays_redirect = last is None or bool(last.redirect)
        title = self.fields["title"]
        if page.body != self.last_body or page.title != title:
            page.body, page.title = self.last_body, title
            if not stays_redirect:
                page.redirect_to = None  # a redirect the wiki turned back into a page
            page.skip_history_when_saving = True  # type: ignore[attr-defined] # written above
            page.save()

    def _create(self, state: Page) -> Page:
        page = copy.copy(state)
        page.pk, page.kind = None, self.kind
        page.skip_history_when_saving = True  # type: ignore[attr-defined]
        page.save()
        hooks = kinds.get(self.kind)
        if hooks.on_create:
            record = hooks.on_create(page)
            record._history_date = self.first_date  # type: ignore[attr-defined]
            record._change_reason = FIRST_SUMMARY  # type: ignore[attr-defined]
            record.save()
        return page

    def _latest_body(self) -> str:
        """The text a revision whose own text is hidden leaves the page with."""
        if self.batch:
            return str(self.batch[-1].body)
        if self.written:
            return self.last_body
        return self.page.body if self.page is not None else ""


class _SetAside:
    """What waits for the end of the import, in SQLite on disk: the names claimed, the
    redirects and the categories' members."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(
            """
            CREATE TABLE claimed (key TEXT PRIMARY KEY, title TEXT);
            CREATE TABLE redirects (key TEXT PRIMARY KEY, target TEXT);
            CREATE TABLE members (category TEXT, key TEXT, path TEXT, title TEXT,
                                  PRIMARY KEY (category, key));
            """
        )

    def close(self) -> None:
        self.db.close()

    def claim(self, key: str, title: str) -> bool:
        """Whether `key` is free for `title`: two titles of the dump may make one name."""
        row = self.db.execute("SELECT title FROM claimed WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return bool(row[0] == title)
        self.db.execute("INSERT INTO claimed VALUES (?, ?)", (key, title))
        return True

    def redirect(self, key: str, target: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO redirects VALUES (?, ?)", (key, target))

    def redirect_of(self, key: str) -> str | None:
        row = self.db.execute("SELECT target FROM redirects WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def redirects(self) -> Iterator[tuple[str, str]]:
        yield from self.db.execute("SELECT key, target FROM redirects ORDER BY key")

    def member(self, category: str, key: str, path: str, title: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO members VALUES (?, ?, ?, ?)",
            (" ".join(category.split()), key, path, title),
        )

    def categories(self) -> Iterator[tuple[str, list[tuple[str, str]]]]:
        """Each category with its members' paths and titles, in order of titles."""
        current, members = None, []
        rows = self.db.execute(
            "SELECT category, path, title FROM members ORDER BY category, lower(title), path"
        )
        for category, path, title in rows:
            if category != current and current is not None:
                yield current, members
                members = []
            current = category
            members.append((path, title))
        if current is not None:
            yield current, members


def _latest_date(page: Page) -> datetime | None:
    date: datetime | None = (
        page.history.order_by("-history_date").values_list("history_date", flat=True).first()
    )
    return date


def _later_one(
    latest: tuple[Revision, str] | None, revision: Revision
) -> tuple[Revision, str] | None:
    """The newest revision seen so far, with the last text the page had at it."""
    if latest is not None and revision.timestamp < latest[0].timestamp:
        return latest
    text = revision.text if revision.text is not None else (latest[1] if latest else "")
    return revision, text


def _shortened(summary: str) -> str:
    return summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"
