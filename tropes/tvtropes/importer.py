"""Writing converted TV Tropes pages into the wiki: pages with their first revision naming
their source, works and tropes with their records, examples merged with those already here.

Everything goes through the models' own save paths (credited with `wiki.revisions.credit`),
so links, stamps and the search index follow as they do for an edit. A page already here
keeps its text unless it has none; an example already here for the same trope and work gets
the imported text added to its own, once.
"""

from __future__ import annotations

import urllib.request
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from tropes import placement
from tropes.models import Example, Trope, Work
from wiki import kinds, markup, uploads
from wiki.models import Page, page_key
from wiki.revisions import credit

from .namespaces import WORK_NAMESPACES
from .pages import REDIRECT, TROPE, WORK, ParsedExample, ParsedPage

SOURCE = "Imported from TV Tropes"
FETCH_TIMEOUT = 10  # seconds an image may take to come, when images are fetched
_RECORDS: dict[str, type[Work] | type[Trope]] = {WORK: Work, TROPE: Trope}


@dataclass
class ImportSummary:
    pages: Counter[str] = field(default_factory=Counter)  # created, filled, unchanged…
    examples: Counter[str] = field(default_factory=Counter)  # created, merged, unchanged…
    unknown: Counter[str] = field(default_factory=Counter)  # constructs kept as text
    links: set[str] = field(default_factory=set)  # keys of every page linked to
    missing: list[str] = field(default_factory=list)  # of those, the ones not in the wiki
    images: list[str] = field(default_factory=list)  # page images not found: to upload by hand
    problems: list[str] = field(default_factory=list)  # what could not be imported, and why


class TvTropesImporter:
    """Imports pages one by one; `images` is a directory holding the old site's page images
    by file name, and with `fetch_images` those not there are downloaded from their URL."""

    def __init__(
        self, images: Path | None = None, fetch_images: bool = False, dry_run: bool = False
    ) -> None:
        self.summary = ImportSummary()
        self.images = images
        self.fetch_images = fetch_images
        self.dry_run = dry_run  # the database is rolled back; files are never written

    def import_page(self, parsed: ParsedPage, origin: str) -> None:
        """Import one page; `origin` names its source (a file) in the revisions written."""
        reason = f"{SOURCE}: {parsed.namespace}/{parsed.name} ({origin})"
        summary, report = self.summary, parsed.report
        summary.unknown.update(report.unknown)
        summary.links.update(path.lower() for path in report.links)
        before = replace(summary, pages=Counter(summary.pages), examples=Counter(summary.examples))
        try:
            with transaction.atomic():
                page = self._page(parsed, reason)
                if page is not None and parsed.kind in (WORK, TROPE):
                    for example in parsed.examples:
                        self._example(page, parsed.kind, example, reason)
        except ValidationError as error:
            # Nothing of the page was written: neither is it counted.
            summary.pages, summary.examples = before.pages, before.examples
            summary.pages["refused"] += 1
            summary.problems.append(f"{parsed.namespace}/{parsed.name}: {_said(error)}")

    def finish(self) -> ImportSummary:
        """The summary, with the links to pages the wiki still lacks."""
        existing = set(
            Page.objects.filter(key__in=self.summary.links).values_list("key", flat=True)
        )
        self.summary.missing = sorted(self.summary.links - existing)
        return self.summary

    # Pages ----------------------------------------------------------------------------

    def _page(self, parsed: ParsedPage, reason: str) -> Page | None:
        kind = {WORK: Work.KIND, TROPE: Trope.KIND}.get(parsed.kind, kinds.OTHER)
        page: Page | None = Page.objects.filter(key=page_key(parsed.namespace, parsed.name)).first()
        if parsed.kind == REDIRECT:
            return self._redirect(parsed, page, reason)
        if page is None:
            page = Page(namespace=parsed.namespace, name=parsed.name, title=parsed.title, kind=kind)
            self._fill(page, parsed)
            page.full_clean()
            credit(page, None, reason).save()
            self._record(page, reason)
            self.summary.pages["created"] += 1
            return page
        if page.kind != kind:
            self.summary.pages["kept: another kind"] += 1
            self.summary.problems.append(
                f"{page}: already here as a page of kind {page.kind!r}; examples not imported"
            )
            return None
        if page.body.strip() or page.quote.strip():
            self.summary.pages["kept: has a text"] += 1
            return page
        self._fill(page, parsed)
        if page.body.strip() or page.quote.strip():
            page.full_clean()
            credit(page, None, reason).save()
            self.summary.pages["filled"] += 1
        else:
            self.summary.pages["unchanged"] += 1
        return page

    def _fill(self, page: Page, parsed: ParsedPage) -> None:
        report = parsed.report
        page.body = parsed.body
        page.quote = report.quote
        page.quote_attribution = _plain(report.quote_attribution, 200)
        page.image_caption = _plain(report.caption, 300)
        if report.image and not page.image:
            self._attach_image(page, report.image.url)

    def _attach_image(self, page: Page, url: str) -> None:
        """Give the page the image at `url`, found in the images directory or fetched,
        checked and re-encoded as an upload is; or list it to be uploaded by hand."""
        try:
            data = self._image_bytes(url)
            if data is not None:
                extension, cleaned = uploads.cleaned_image(data)
                if not self.dry_run:
                    page.image.save(f"{page.name}.{extension}", ContentFile(cleaned), save=False)
                self.summary.pages["with their image"] += 1
                return
        except (OSError, uploads.Refused) as error:
            self.summary.problems.append(f"{page}: the image {url}: {error}")
        self.summary.images.append(f"{page}: {url}")

    def _image_bytes(self, url: str) -> bytes | None:
        file_name = PurePosixPath(unquote(urlsplit(url).path)).name
        if self.images is not None and file_name:
            path = self.images / file_name
            if path.is_file():
                return path.read_bytes()
        if self.fetch_images and urlsplit(url).scheme in ("http", "https"):
            limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:
                data: bytes = answer.read(limit + 1)  # one byte over says it is too big
            return data
        return None

    def _record(self, page: Page, reason: str) -> None:
        make = kinds.get(page.kind).on_create
        if make is not None:
            credit(make(page), None, reason).save()

    def _redirect(self, parsed: ParsedPage, page: Page | None, reason: str) -> Page | None:
        namespace, _, name = parsed.report.redirect.partition("/")
        target: Page | None = Page.objects.filter(key=page_key(namespace, name)).first()
        if page is not None:
            self.summary.pages["kept: already here"] += 1
            return None
        page = Page(
            namespace=parsed.namespace,
            name=parsed.name,
            title=parsed.title,
            kind=kinds.OTHER,
            body=parsed.body,
            redirect_to=target,
        )
        page.full_clean()
        credit(page, None, reason).save()
        self.summary.pages[
            "created: redirect" if target else "created: redirect to a missing page"
        ] += 1
        return None

    # Examples -------------------------------------------------------------------------

    def _example(self, page: Page, kind: str, parsed: ParsedExample, reason: str) -> None:
        wanted = WORK if kind == TROPE else TROPE
        other = self._other_page(parsed.other, wanted, reason)
        if other is None:
            return
        trope_page, work_page = (page, other) if kind == TROPE else (other, page)
        trope: Trope = Trope.objects.get(page=trope_page)
        work: Work = Work.objects.get(page=work_page)
        text = parsed.text or f"{work_page.title} uses this trope."
        example: Example | None = Example.objects.filter(
            trope=trope, work=work, character=None, installment=None
        ).first()
        if example is not None:
            merged = merged_text(example.text, text)
            if merged == example.text:
                self.summary.examples["unchanged"] += 1
                return
            example.text = merged
            example.full_clean()
            credit(example, None, reason).save()
            self.summary.examples["merged"] += 1
            return
        example = Example(trope=trope, work=work, text=text, played=parsed.played)
        try:
            example.full_clean()
        except ValidationError as error:
            self.summary.examples["refused"] += 1
            self.summary.problems.append(f"{trope_page} in {work_page}: {_said(error)}")
            return
        credit(example, None, reason).save()
        placement.place(example, None)  # type: ignore[arg-type]  # a YMMV trope's: its subpage
        self.summary.examples["created"] += 1

    def _other_page(self, path: str, wanted: str, reason: str) -> Page | None:
        """The page of the work (on a trope page) or trope (on a work page) an example names,
        made as an empty page if the wiki has none."""
        namespace, _, name = path.partition("/")
        kind = _RECORDS[wanted].KIND
        page: Page | None = Page.objects.filter(key=page_key(namespace, name)).first()
        if page is None:
            if wanted == WORK and namespace not in WORK_NAMESPACES:
                return None
            page = Page(
                namespace=namespace, name=name, title=markup.split_wikiword(name), kind=kind
            )
            page.full_clean()
            credit(page, None, reason).save()
            self._record(page, reason)
            self.summary.pages[f"created: {wanted} named by an example"] += 1
        if page.kind != kind:
            self.summary.examples["refused"] += 1
            self.summary.problems.append(f"{page}: not a {wanted}, so no example of it")
            return None
        return page


def merged_text(existing: str, imported: str) -> str:
    """The existing example's text with the imported one added, unless it already says it."""
    if _normalised(imported) in _normalised(existing):
        return existing
    if _normalised(existing) in _normalised(imported):
        return imported
    return f"{existing.rstrip()}\n\n{imported.strip()}"


def _normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def _plain(markdown: str, limit: int) -> str:
    return markup.plain_text(markdown, limit, spoiler_mark="[spoiler]") if markdown else ""


def _said(error: ValidationError) -> str:
    return "; ".join(error.messages)
