"""The last step of rendering: an allowlist of exactly the HTML our markup produces.

The renderer already escapes raw HTML and refuses bad URLs; this is the second lock, so a
bug there still cannot let a script, an event handler or a `javascript:` URL through.
"""

import re

import nh3

from .render_rules import ALIGN_CLASSES
from .urls import EXTERNAL_REL, SAFE_SCHEMES

TAGS = (
    {"p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
    | {"em", "strong", "del", "s", "a", "img", "span"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
    | {"details", "summary"}
)

ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
    "details": {"class"},
    "th": {"class"},
    "td": {"class"},
}

# Attributes that only ever have one value in our output.
FIXED_VALUES = {
    "a": {"rel": {EXTERNAL_REL}},
    "span": {
        "tabindex": {"0"},
        "role": {"button"},
        "aria-pressed": {"false"},
        "aria-expanded": {"false"},
        "title": {"Spoiler: select to reveal"},
    },
}

CLASSES = {
    "a": {"wikilink"},
    "span": {"spoiler", "sr-only", "note", "note-label", "note-body"},
    "details": {"folder"},
    "th": set(ALIGN_CLASSES.values()),
    "td": set(ALIGN_CLASSES.values()),
}
# Fenced code keeps its language (```python) as `language-python`, for a highlighter.
_LANGUAGE_CLASS = re.compile(r"language-\S{1,60}")
_LIST_START = re.compile(r"\d{1,9}")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        return _allowed_classes(tag, value)
    if name == "start":
        return value if _LIST_START.fullmatch(value) else None
    return value


def _allowed_classes(tag: str, value: str) -> str | None:
    if tag == "code":
        return value if _LANGUAGE_CLASS.fullmatch(value) else None
    kept = [name for name in value.split() if name in CLASSES.get(tag, ())]
    return " ".join(kept) or None


_cleaner = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_filter_attribute,
    tag_attribute_values=FIXED_VALUES,
    url_schemes=SAFE_SCHEMES,
    # We set rel ourselves, on external links only: wiki links stay plain.
    link_rel=None,
    strip_comments=True,
)


def clean(html: str) -> str:
    return _cleaner.clean(html)
