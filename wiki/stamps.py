"""The stamp a page carries for what readers see of it (see wiki.freshness)."""

import secrets


def new_stamp() -> int:
    # Random rather than counted: two concurrent changes can never end on the same stamp.
    return secrets.randbits(62)
