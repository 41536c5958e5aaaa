"""The dumps on offer: the folders export_wiki wrote under DUMPS_DIR, newest first, each with
its files, their sizes and checksums as its manifest names them.

Only a whole dump is listed (one with its manifest; export_wiki renames a dump into place once
written), and only the files its manifest names are served: a name from a request never
reaches the file system unless it is one of them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wiki.dumps.format import FORMAT, LICENCE_FILE, MANIFEST
from wiki.dumps.media import ARCHIVE

DUMP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
LISTED = 10  # the latest dumps shown; older ones stay on disk until the operator prunes them


@dataclass(frozen=True)
class DumpFile:
    name: str
    size: int
    sha256: str = ""
    rows: int | None = None


@dataclass(frozen=True)
class Dump:
    name: str
    data_date: datetime | None  # when the data it holds was last changed
    written: datetime  # when it was written
    files: tuple[DumpFile, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def latest(directory: Path, limit: int = LISTED) -> list[Dump]:
    """The `limit` dumps written last in `directory`, newest first."""
    if not directory.is_dir():
        return []
    found = []
    for entry in directory.iterdir():
        manifest = entry / MANIFEST
        if DUMP_NAME.fullmatch(entry.name) and manifest.is_file():
            found.append((manifest.stat().st_mtime, entry))
    found.sort(reverse=True)
    dumps = (_read(entry, written) for written, entry in found)
    return [dump for dump in dumps if dump is not None][:limit]


def find(directory: Path, name: str) -> Dump | None:
    """The dump called `name` in `directory`, if it is a whole one."""
    if not DUMP_NAME.fullmatch(name):
        return None
    manifest = directory / name / MANIFEST
    return _read(directory / name, manifest.stat().st_mtime) if manifest.is_file() else None


def file_path(directory: Path, dump_name: str, file_name: str) -> Path | None:
    """Where one of a dump's files is, if the dump lists it."""
    dump = find(directory, dump_name)
    if dump is None or file_name not in {f.name for f in dump.files}:
        return None
    return directory / dump_name / file_name


def _read(folder: Path, written: float) -> Dump | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        files = [
            DumpFile(s["file"], (folder / s["file"]).stat().st_size, s["sha256"], s["rows"])
            for s in manifest["sections"]
        ]
        if archive := manifest.get("media"):
            files.append(DumpFile(ARCHIVE, (folder / ARCHIVE).stat().st_size, archive["sha256"]))
        for extra in (MANIFEST, LICENCE_FILE):
            files.append(DumpFile(extra, (folder / extra).stat().st_size))
        data_date = manifest.get("data_date")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # not a dump, or half removed while listing
    return Dump(
        name=folder.name,
        data_date=datetime.fromisoformat(data_date) if data_date else None,
        written=datetime.fromtimestamp(written, UTC),
        files=tuple(files),
    )
