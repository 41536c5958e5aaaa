"""What names a dump and its parts: the format and its version, the manifest, the notice."""

FORMAT = "tropewise-dump"
# Raised when a reader of an older version could no longer read a dump right.
VERSION = 1
MANIFEST = "manifest.json"
LICENCE_FILE = "LICENCE.txt"
# A section's name is its file's: letters, digits and underscores only.
SECTION_NAME = r"[a-z][a-z0-9_]{0,39}"


def licence_notice() -> str:
    return (
        "Tropewise dump: every public page, work, trope, example and revision of the wiki.\n"
        "\n"
        "The text is written by the wiki's readers and shared under the Creative Commons\n"
        "Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0):\n"
        "https://creativecommons.org/licenses/by-sa/4.0/\n"
        "\n"
        "Its authors are credited by the handles on the revisions (the *_revisions files):\n"
        "reusing the text means crediting them and sharing what you make under the same\n"
        "licence. The dump holds no email addresses, no IP addresses and nothing else members\n"
        "keep private: votes on examples are counted by value, never by member.\n"
        "\n"
        "manifest.json names each file with its number of rows and its SHA-256; each line of a\n"
        "file is one row as JSON. `manage.py import_wiki DIR` restores a dump into an empty\n"
        "Tropewise database.\n"
    )
