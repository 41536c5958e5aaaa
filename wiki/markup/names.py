"""Page names: turning what an editor writes into a canonical `Namespace/WikiWord` target."""

import re
import unicodedata
from dataclasses import dataclass

MAIN_NAMESPACE = "Main"

# The same shapes the page model accepts, so a link can always be followed by a page that
# someone is allowed to create (a name starting with a digit never could be).
NAMESPACE_RE = re.compile(r"[A-Z][A-Za-z]{0,39}")
NAME_RE = re.compile(r"[A-Z][A-Za-z0-9]{0,99}")

# What a written title may contain besides letters, digits and spaces: the punctuation real
# titles use ("What Measure Is a Non-Human?", "Law & Order", "Chekhov's Gun"). Anything else
# (markup, quotes, angle brackets, colons, slashes beyond the namespace one...) means the
# brackets were not meant as a link, and they are shown as written.
TITLE_PUNCTUATION = set(" '’-,.!?&()")

# Bracketed words that belong to other wiki syntax; `[[note]]` without its closing
# `[[/note]]` must stay text rather than quietly become a link to a page called Note.
RESERVED_TITLES = {"note"}

_APOSTROPHES = re.compile(r"['’]")
_WORD_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Target:
    """Where a wiki link points, and the text it shows when the author gave none."""

    namespace: str
    name: str
    text: str

    @property
    def path(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def href(self) -> str:
        return f"/{self.path}"


def fold_accents(text: str) -> str:
    """'Pokémon' -> 'Pokemon': accented letters keep their base letter."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def to_wikiword(title: str) -> str:
    """'Big Eater' -> 'BigEater'; "Chekhov's Gun" -> 'ChekhovsGun'.

    Apostrophes are dropped (so "Chekhov's" stays one word), any other character that is not
    an ASCII letter or digit separates words, and each word's first letter is upper-cased
    while the rest is kept as written ('AI Is a Crapshoot' -> 'AIIsACrapshoot').
    """
    words = _WORD_SEPARATORS.split(_APOSTROPHES.sub("", fold_accents(title)))
    return "".join(word[:1].upper() + word[1:] for word in words)


def split_wikiword(name: str) -> str:
    """'BigEater' -> 'Big Eater', 'AIIsACrapshoot' -> 'AI Is A Crapshoot'."""
    return _CAMEL_BOUNDARY.sub(" ", name)


def parse_target(written: str) -> Target | None:
    """The Target of `[[written]]`, or None when it cannot name a page."""
    written = written.strip()
    if ".." in written or written.count("/") > 1:
        return None
    namespace, _, title = written.rpartition("/")
    namespace, title = namespace.strip(), title.strip()
    if "/" in written:
        namespace = namespace[:1].upper() + namespace[1:]
        if not NAMESPACE_RE.fullmatch(namespace):
            return None
    else:
        namespace = MAIN_NAMESPACE
    if not _is_plain_title(title) or title.lower() in RESERVED_TITLES:
        return None
    name = to_wikiword(title)
    if not NAME_RE.fullmatch(name):
        return None
    # A title written as a title ("Big Eater", "Pokémon") shows as written; a WikiWord
    # ("BigEater") is split into words.
    text = split_wikiword(name) if title.isascii() and title.isalnum() else " ".join(title.split())
    return Target(namespace, name, text)


def wikiword_target(namespace: str | None, name: str) -> Target | None:
    """The Target of a bare WikiWord such as `BigEater` or `Anime/MetallicRouge`, if valid."""
    namespace = namespace or MAIN_NAMESPACE
    if not (NAMESPACE_RE.fullmatch(namespace) and NAME_RE.fullmatch(name)):
        return None
    return Target(namespace, name, split_wikiword(name))


def _is_plain_title(title: str) -> bool:
    folded = fold_accents(title)
    return bool(folded) and all(
        (char.isascii() and char.isalnum()) or char in TITLE_PUNCTUATION for char in folded
    )
