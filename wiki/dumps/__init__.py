"""Dumps of everything public, and restoring one exactly: `manage.py export_wiki DIR` and
`manage.py import_wiki DIR`, and the list of dumps at /dumps.

A dump is a folder: a file of JSON lines for each section (`wiki.dumps.sections`, which the
apps add theirs to), a manifest naming each with its count of rows and its checksum, and the
licence notice. Exporting the same data twice gives the same bytes."""

from wiki.dumps.reading import DumpError, read_manifest, refuse_unless_empty, restore
from wiki.dumps.sections import Section, register, register_rebuild, registered, revisions
from wiki.dumps.writing import export

__all__ = [
    "DumpError",
    "Section",
    "export",
    "read_manifest",
    "refuse_unless_empty",
    "register",
    "register_rebuild",
    "registered",
    "restore",
    "revisions",
]
