"""A MediaWiki title as one of our page names: a WikiWord of at most 100 characters.

Titles keep their own spelling as the page's title; only the name is made. One function
names both the page and every link to it, so links always find their page.
"""

import re

from wiki.markup.names import NAME_RE, to_wikiword

_DIGITS = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
_LEADING_DIGITS = re.compile(r"\A[0-9]+")
MAX_NAME = 100


def page_name(title: str) -> str:
    """'Big Eater' -> 'BigEater'; '24 (TV series)' -> 'TwoFourTVSeries' (a name may not start
    with a digit); '' when the title has no letter or digit our names can hold."""
    name = to_wikiword(title.replace("_", " "))
    name = _LEADING_DIGITS.sub(lambda digits: "".join(_DIGITS[int(d)] for d in digits[0]), name)
    name = name[:MAX_NAME]
    return name if NAME_RE.fullmatch(name) else ""


def page_title(title: str) -> str:
    """The title readers see: as written there, spaces for underscores, at most 200 chars."""
    return " ".join(title.replace("_", " ").split())[:200]
