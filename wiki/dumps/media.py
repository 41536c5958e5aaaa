"""The images a dump carries: every file a row names (a page's or character's image, in any
revision) or links to under MEDIA_URL (an upload in a text), in one tar file.

The archive is made the same way every time (names in order, no dates, owners or modes of
the machine), so a dump's bytes still follow from its data alone. On import each file is
stored where it was, unless a file of that name is already there: storage is not part of the
database's transaction, and an image already in place is the same upload."""

from __future__ import annotations

import hashlib
import re
import tarfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

ARCHIVE = "media.tar"
# A stored file's name as the wiki makes them: "pages/x.png", "uploads/2026/ab12.webp".
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,250}")


def _references() -> re.Pattern[str]:
    return re.compile(re.escape(settings.MEDIA_URL) + r"(" + NAME.pattern + r")")


class Collector:
    """The media files the rows written so far name."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.references = _references()

    def add(self, fields: list[models.Field[Any, Any]], row: dict[str, Any]) -> None:
        for f in fields:
            value = row.get(f.name)
            if not value or not isinstance(value, str):
                continue
            if isinstance(f, models.FileField):
                self._add(value)
            elif isinstance(f, models.TextField):
                for found in self.references.finditer(value):
                    self._add(found[1].rstrip("."))

    def _add(self, name: str) -> None:
        if NAME.fullmatch(name) and ".." not in name:
            self.names.add(name)


def write_archive(names: Iterable[str], path: Path) -> tuple[int, list[str], str]:
    """Put the files called `names` in a tar at `path`; return how many, those missing from
    storage, and the archive's SHA-256."""
    count, missing = 0, []
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(names):
            try:
                size = default_storage.size(name)
                stored = default_storage.open(name, "rb")
            except (OSError, ValueError):
                missing.append(name)
                continue
            with stored:
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = size, 0o644, 0
                archive.addfile(info, stored)
            count += 1
    return count, missing, sha256(path)


def restore_archive(path: Path) -> int:
    """Store each file of the archive under its name, where no file of that name is."""
    stored = 0
    with tarfile.open(path, "r") as archive:
        for member in archive:
            if not member.isfile() or not NAME.fullmatch(member.name) or ".." in member.name:
                continue  # a dump names only files of its own, under media's own names
            if default_storage.exists(member.name):
                continue
            data = archive.extractfile(member)
            if data is not None:
                default_storage.save(member.name, File(data, name=member.name))
                stored += 1
    return stored


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        _copy(data, digest)
    return digest.hexdigest()


def _copy(data: IO[bytes], digest: Any) -> None:
    while chunk := data.read(1 << 20):
        digest.update(chunk)
