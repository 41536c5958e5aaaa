"""Advice for example writers, shown beside the form; never blocking.

The two hints that say an example needs work, zero context and natter, are also stored with
the example (`Example.hints`, by `Example.prepare`), so the cleanup queue (/cleanup) finds
the examples they mark without reading every text.
"""

import re

from wiki import markup

# An example is itself a bullet; its text may add two levels of sub-bullets.
MAX_EXAMPLE_LIST_DEPTH = 2
MIN_WORDS = 6

ZERO_CONTEXT = "zero-context"
NATTER = "natter"
LABELS = {ZERO_CONTEXT: "Zero context", NATTER: "Natter"}
ADVICE = {
    ZERO_CONTEXT: (
        "Zero-context example: say who does what, and how it fits the trope, so the "
        "example makes sense to someone who has not seen the work."
    ),
    NATTER: (
        "Natter: an example says how the work uses the trope. Replies, corrections and "
        "asides (“Actually…”, “This troper…”) belong on the discussion page."
    ),
}

# A conversation about the example rather than the example: a writer speaking of themselves,
# or a sub-bullet answering the line above it.
_NATTER = re.compile(
    r"\bthis troper\b|\bIMO\b|\bIMHO\b|\bin my opinion\b"
    r"|^[ \t]*[*+-][ \t]+(?:actually\b|to be fair\b|not really\b|well,|no,|yes,|jossed\b"
    r"|except that\b|although\b|um+\b|uh+\b)",
    re.IGNORECASE | re.MULTILINE,
)


def text_hints(text, trope_title=""):
    """The hints that mark `text` as needing work ([ZERO_CONTEXT, NATTER], or fewer). Without
    `trope_title`, an example that only repeats it is zero-context only if it is short."""
    found = []
    words = markup.plain_text(text or "").split()
    bare = trope_title and " ".join(words).strip(" .!").lower() == trope_title.lower()
    if words and (bare or len(words) < MIN_WORDS):
        found.append(ZERO_CONTEXT)
    if _NATTER.search(text or ""):
        found.append(NATTER)
    return found


def example_hints(text, trope_title=""):
    hints = [ADVICE[hint] for hint in text_hints(text, trope_title)]
    if markup.list_depth(text or "") > MAX_EXAMPLE_LIST_DEPTH:
        hints.append("Sub-bullets can go at most three levels deep, counting the example.")
    return hints


def stored_hints(text):
    """What `Example.hints` holds for `text`: the hints' names, space-separated."""
    return " ".join(text_hints(text))


def hint_labels(stored):
    """["Zero context", …] for what `Example.hints` holds."""
    return [LABELS[name] for name in stored.split() if name in LABELS]
