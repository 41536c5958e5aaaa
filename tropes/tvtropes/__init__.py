"""TV Tropes markup, as editors of the old site type it, converted to our Markdown.

`convert(source)` reads a whole page: its Markdown is the page's text, and its report holds
what is not text (the page image and caption, the page quote, a redirect) and counts what it
met, above all what it did not know, which is kept visible. `tropes.tvtropes.pages` reads a
page's examples from the same blocks, and `tropes.tvtropes.importer` writes them.
"""

from .blocks import parse, take_page_quote, to_markdown
from .nodes import PageImage, Report

__all__ = ["PageImage", "Report", "convert"]

# Beyond this a source is not a page: refused as a whole, said so in the report.
MAX_SOURCE = 2_000_000


def convert(source: str) -> tuple[str, Report]:
    """The page's text as Markdown, and what the conversion met (see Report)."""
    report = Report()
    if len(source) > MAX_SOURCE:
        report.unknown["source too long"] += 1
        source = source[:MAX_SOURCE]
    blocks = take_page_quote(parse(source, report), report)
    return to_markdown(blocks, report), report
