"""Restoring a dump into an empty database: its rows as they were, ids and dates included.

The files are checked against the manifest before anything is written, then read a batch at
a time into bulk inserts: no save() and no signal runs, so no revision, stamp or notice is
added, and dates the models would set to now are kept. What the dump leaves out because it
follows from the rest is derived again: rendered markup by each section's `derive` (the
models' prepare()), then the search index and the indexes' entries (the rebuilds). It all
happens in one transaction: a dump that fails half way leaves the database empty, ready for
another try.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction

from wiki.dumps import media
from wiki.dumps.format import FORMAT, MANIFEST, SECTION_NAME, VERSION
from wiki.dumps.sections import Handles, Section, rebuilds, registered

BATCH = 1_000
Progress = Callable[[str, int], object]


class DumpError(Exception):
    """A dump that cannot be restored here, said in a sentence for the operator."""


@dataclass(frozen=True)
class Part:
    section: Section
    path: Path
    rows: int
    sha256: str


def read_manifest(directory: Path) -> list[Part]:
    """The dump's parts, in the order they were written, after checking its format, that
    every section is one this wiki knows, and that every file is whole."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DumpError(f"{directory} holds no {MANIFEST}: it is not a Tropewise dump.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DumpError(f"{directory / MANIFEST} is not valid JSON: {error}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DumpError(f"{directory} is not a Tropewise dump.")
    if manifest.get("version") != VERSION:
        raise DumpError(
            f"The dump is of version {manifest.get('version')}; this Tropewise reads version "
            f"{VERSION}."
        )
    known = {section.name: section for section in registered()}
    parts = []
    for entry in manifest.get("sections", []):
        name = str(entry.get("name", ""))
        if not re.fullmatch(SECTION_NAME, name) or name not in known:
            raise DumpError(f"The dump has a section this Tropewise does not know: {name!r}.")
        part = Part(known[name], directory / f"{name}.jsonl", entry["rows"], entry["sha256"])
        if not part.path.is_file() or _sha256(part.path) != part.sha256:
            raise DumpError(f"{part.path.name} is missing or not the file the manifest names.")
        parts.append(part)
    archive = manifest.get("media")
    if archive is not None:
        path = directory / media.ARCHIVE
        if not path.is_file() or media.sha256(path) != archive.get("sha256"):
            raise DumpError(f"{media.ARCHIVE} is missing or not the file the manifest names.")
    return parts


def restore(directory: Path, progress: Progress | None = None) -> dict[str, int]:
    """Restore the dump in `directory`; return the rows restored in each section."""
    progress = progress or (lambda name, done: None)
    parts = read_manifest(directory)
    restored = {}
    with transaction.atomic():
        refuse_unless_empty()
        handles: Handles = {}
        for part in parts:
            restored[part.section.name] = _restore_part(part, handles, progress)
        _reset_sequences([part.section.get_model() for part in parts])
        for rebuild in rebuilds():
            rebuild()
    if (directory / media.ARCHIVE).is_file():
        restored["media"] = media.restore_archive(directory / media.ARCHIVE)
    if connection.vendor == "postgresql":
        # The planner learns the tables' new sizes now, not when autovacuum comes by.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return restored


def refuse_unless_empty() -> None:
    held = []
    for section in registered():
        model = section.get_model()
        if not section.replaces and (count := model._default_manager.count()):
            held.append(f"{model._meta.verbose_name_plural}: {count:,}")
    if held:
        raise DumpError(
            "import_wiki restores a dump into an empty database, and this one holds "
            f"{'; '.join(held[:3])}{' and more' if len(held) > 3 else ''}. Create a new "
            "database, run `manage.py migrate`, import the dump, then create the "
            "administrator's account."
        )


def _restore_part(part: Part, handles: Handles, progress: Progress) -> int:
    section, model = part.section, part.section.get_model()
    fields = {f.name: f for f in section.fields()}
    if section.replaces:
        model._default_manager.all().delete()
    count = 0
    for batch in _batches(_lines(part.path)):
        if section.write:
            section.write(batch, handles)  # its own rows, with the dates it chooses
        else:
            objects = [_build(section, model, fields, row, handles) for row in batch]
            with _dates_as_given(model):
                model._default_manager.bulk_create(objects)
        count += len(batch)
        progress(section.name, count)
    if count != part.rows:
        raise DumpError(f"{part.path.name} holds {count} rows; its manifest says {part.rows}.")
    return count


def _build(
    section: Section,
    model: type[models.Model],
    fields: dict[str, models.Field[Any, Any]],
    row: dict[str, Any],
    handles: Handles,
) -> models.Model:
    # A column added since the dump was made takes its default; one this Tropewise does not
    # have would be lost, so it is refused.
    if unknown := set(row) - set(fields):
        raise DumpError(f"{section.name} has columns this Tropewise does not: {sorted(unknown)}.")
    values = {}
    for name, value in row.items():
        field = fields[name]
        if name in section.people:
            values[field.attname] = None if value is None else handles.get(value)
        else:
            values[field.attname] = _decode(field, value)
    instance = model(**values)
    if section.derive:
        section.derive(instance)
    return instance


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return dt.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return dt.date.fromisoformat(value)
    return value


@contextmanager
def _dates_as_given(model: type[models.Model]) -> Iterator[None]:
    """The model's auto_now and auto_now_add turned off while its rows are written: a bulk
    insert sets them to the moment otherwise, and the dump's dates are the history."""
    dated = [
        (f, f.auto_now, f.auto_now_add)
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    for f, _, _ in dated:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in dated:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as lines:
        for number, text in enumerate(lines, 1):
            try:
                row = json.loads(text)
            except ValueError:
                raise DumpError(f"{path.name}, line {number}, is not JSON.") from None
            if not isinstance(row, dict):
                raise DumpError(f"{path.name}, line {number}, is not a row.")
            yield row


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _reset_sequences(restored: list[type[models.Model]]) -> None:
    """PostgreSQL's sequences past the ids restored: the next page made gets a new one.
    (SQLite's follow the largest id inserted by themselves.)"""
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
