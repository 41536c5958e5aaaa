"""Which URLs an editor may link to or show as an image.

The URLs checked here have already been normalised by markdown-it: entities and backslash
escapes decoded, then spaces, control characters and other unsafe bytes percent-encoded.
"""

import re

SAFE_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow ugc noopener"

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_PATH_START = re.compile(r"[/?#]")


def scheme_of(url: str) -> str | None:
    """'https' for an absolute URL, '' for a relative one, None for one we refuse.

    Browsers drop tabs and newlines from a URL before reading its scheme, so a URL holding
    any whitespace or control character is refused outright. Before the first `/`, `?` or
    `#`, a colon ends the scheme: a clean scheme name is returned; anything else is a
    relative path to a browser (`foo):`), unless it holds percent-escapes there: markdown-it
    encodes what it decoded from entities and escapes (`java&#x09;script:` arrives as
    `java%09script:`), and that is only ever an attempt to hide a scheme.
    """
    if any(char <= " " or char in "\\\x7f" for char in url):
        return None
    head = _PATH_START.split(url, maxsplit=1)[0]
    if ":" not in head:
        return ""
    scheme = head.split(":", 1)[0]
    if _SCHEME_RE.fullmatch(scheme):
        return scheme.lower()
    return None if "%" in head else ""


def is_allowed(url: str) -> bool:
    """May this URL be a link target: http, https, mailto or relative."""
    scheme = scheme_of(url)
    return scheme == "" or scheme in SAFE_SCHEMES


def is_external(url: str) -> bool:
    """Does this URL leave the site: an absolute URL or a protocol-relative `//host/...`."""
    return scheme_of(url) != "" or url.startswith("//")


def is_same_site(url: str) -> bool:
    """May a reader's browser fetch this URL without contacting another host."""
    return is_allowed(url) and not is_external(url)
