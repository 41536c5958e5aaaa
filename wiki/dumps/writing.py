"""Writing a dump: each section's rows to a file of JSON lines, then a manifest and a notice.

Rows are read a batch at a time by primary key, so memory stays the same whatever the size of
the wiki, and all of them in one transaction (a repeatable read on PostgreSQL), so the files
agree with each other while the wiki goes on changing. A dump is written beside its folder
and renamed into place once whole: a listing never shows half of one. The same data makes
the same bytes: rows in key order, columns in the model's order, and the manifest dated by
the data (its latest revision), not by the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.db.models import Case, Max, When

from wiki.dumps import media
from wiki.dumps.format import FORMAT, LICENCE_FILE, MANIFEST, VERSION, licence_notice
from wiki.dumps.sections import Section, registered

BATCH = 2_000
Progress = Callable[[str, int], object]


@dataclass
class Exported:
    written: list[Written]
    media: int  # files in the archive
    missing: list[str]  # files rows name that storage does not have


@dataclass
class Written:
    section: Section
    rows: int
    sha256: str
    latest: dt.datetime | None


def encode(value: Any) -> Any:
    """A column's value as JSON holds it: instants in UTC, days and files by name."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def line(row: dict[str, Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def rows(section: Section) -> Iterator[dict[str, Any]]:
    """The section's rows in key order, a batch at a time; members named by handle."""
    if section.read:
        yield from section.read()
        return
    fields = section.fields()
    pk = section.get_model()._meta.pk
    assert pk is not None
    columns = [f"{f.name}__username" if f.name in section.people else f.attname for f in fields]
    names = [f.name for f in fields]
    # Whether each column left blank is to be left blank in the row, read with it.
    blanks = {
        f"blank_{name}": Case(When(where, then=True), default=False)
        for name, where in section.blank
    }
    queryset = section.queryset().annotate(**blanks).order_by(pk.attname)
    last = None
    while True:
        batch = queryset if last is None else queryset.filter(pk__gt=last)
        values = list(batch.values_list(*columns, *blanks)[:BATCH])
        for value_row in values:
            row = {name: encode(value) for name, value in zip(names, value_row, strict=False)}
            for (name, _), blank in zip(section.blank, value_row[len(names) :], strict=True):
                if blank:
                    row[name] = ""
            yield row
        if len(values) < BATCH:
            return
        last = values[-1][0]


def write_section(
    section: Section, out: BinaryIO, progress: Progress, collector: media.Collector
) -> Written:
    digest, count = hashlib.sha256(), 0
    fields = section.fields()
    for row in rows(section):
        collector.add(fields, row)
        data = line(row)
        digest.update(data)
        out.write(data)
        count += 1
        if count % BATCH == 0:
            progress(section.name, count)
    progress(section.name, count)
    latest = None
    if section.dated_by:
        latest = section.queryset().aggregate(latest=Max(section.dated_by))["latest"]
    return Written(section, count, digest.hexdigest(), latest)


def export(directory: Path, progress: Progress | None = None) -> Exported:
    """Write a dump of everything public into `directory` (new, or empty)."""
    progress = progress or (lambda name, done: None)
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty: a dump goes into a new folder.")
    partial = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        collector = media.Collector()
        with transaction.atomic():
            _one_snapshot()
            written = []
            for section in registered():
                with open(partial / f"{section.name}.jsonl", "wb") as out:
                    written.append(write_section(section, out, progress, collector))
        # Uploaded files never change under their names: read after the snapshot, they are
        # the ones it names.
        files, missing, checksum = media.write_archive(collector.names, partial / media.ARCHIVE)
        progress("media", files)
        (partial / LICENCE_FILE).write_text(licence_notice(), encoding="utf-8")
        (partial / MANIFEST).write_bytes(manifest(written, files, checksum))
        if directory.exists():
            directory.rmdir()
        partial.rename(directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Exported(written, files, missing)


def manifest(written: list[Written], media_files: int, media_sha256: str) -> bytes:
    dates = [w.latest for w in written if w.latest is not None]
    return (
        json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                # The data's date: exporting the same wiki again gives the same bytes.
                "data_date": encode(max(dates)) if dates else None,
                "licence": LICENCE_FILE,
                "sections": [
                    {
                        "name": w.section.name,
                        "model": w.section.model,
                        "file": f"{w.section.name}.jsonl",
                        "rows": w.rows,
                        "sha256": w.sha256,
                    }
                    for w in written
                ],
                "media": {"file": media.ARCHIVE, "files": media_files, "sha256": media_sha256},
            },
            ensure_ascii=False,
            indent=2,
        ).encode()
        + b"\n"
    )


def _one_snapshot() -> None:
    """Read every section from the same moment of the database, where it can be chosen: the
    first statement of the transaction (a test's or caller's own transaction is kept as is)."""
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
