"""MediaWiki XML dumps made in tests: a few pages written the way MediaWiki exports them."""

import bz2
import gzip
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACES = {0: "", 1: "Talk", 2: "User", 6: "File", 10: "Template", 14: "Category", 100: "Film"}


@dataclass
class Rev:
    text: str
    when: str = "2012-07-01T12:00:00Z"
    author: str = "Alice"
    summary: str = ""
    ip: bool = False


@dataclass
class DumpPage:
    title: str
    revisions: list[Rev] = field(default_factory=list)
    ns: int = 0


def siteinfo(schema="0.11", namespaces=NAMESPACES):
    rows = "".join(
        f'      <namespace key="{key}" case="first-letter">{escape(name)}</namespace>\n'
        if name
        else f'      <namespace key="{key}" case="first-letter" />\n'
        for key, name in namespaces.items()
    )
    return (
        f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-{schema}/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="{schema}" xml:lang="en">\n'
        "  <siteinfo>\n    <sitename>All The Tropes</sitename>\n    <dbname>att</dbname>\n"
        "    <base>https://allthetropes.org/wiki/Main_Page</base>\n"
        "    <generator>MediaWiki 1.39.3</generator>\n    <case>first-letter</case>\n"
        f"    <namespaces>\n{rows}    </namespaces>\n  </siteinfo>\n"
    )


def page_xml(page, page_id, first_revision_id, schema="0.11"):
    parts = [
        f"  <page>\n    <title>{escape(page.title)}</title>\n    <ns>{page.ns}</ns>\n"
        f"    <id>{page_id}</id>\n"
    ]
    redirect = page.revisions and page.revisions[-1].text.lower().startswith("#redirect")
    if redirect:
        parts.append('    <redirect title="x" />\n')
    for number, rev in enumerate(page.revisions):
        who = (
            f"<ip>{escape(rev.author)}</ip>"
            if rev.ip
            else f"<username>{escape(rev.author)}</username><id>{number + 7}</id>"
        )
        comment = f"<comment>{escape(rev.summary)}</comment>" if rev.summary else ""
        size = len(rev.text.encode())
        text_attrs = (
            f'bytes="{size}" sha1="x" xml:space="preserve"'
            if schema == "0.11"
            else f'xml:space="preserve" bytes="{size}"'
        )
        parts.append(
            f"    <revision>\n      <id>{first_revision_id + number}</id>\n"
            f"      <timestamp>{rev.when}</timestamp>\n      <contributor>{who}</contributor>\n"
            f"      {comment}\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f"      <text {text_attrs}>{escape(rev.text)}</text>\n"
            f"      <sha1>x</sha1>\n    </revision>\n"
        )
    parts.append("  </page>\n")
    return "".join(parts)


def write_dump(path: Path, pages, schema="0.11", compression=None):
    """Write `pages` (an iterable, read once: a large dump is written as it is made)."""
    opener = {None: open, "bz2": bz2.open, "gz": gzip.open}[compression]
    with opener(path, "wt", encoding="utf-8") as out:
        out.write(siteinfo(schema))
        revision_id = 1
        for page_id, page in enumerate(pages, 1):
            out.write(page_xml(page, page_id, revision_id, schema))
            revision_id += len(page.revisions)
        out.write("</mediawiki>\n")
    return path
