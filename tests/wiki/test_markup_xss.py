"""Nothing executable comes out of render(), whatever goes in.

The big corpus of known payloads lives beside the repository (`../shared/data/xss/`); its
tests are skipped without it. Our own hostile cases (tests/wiki/hostile_cases.py) always run.
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import python_calls
from tests.wiki.hostile_cases import HOSTILE_CASES, NESTING_BOMBS
from wiki.markup import render

PAYLOADS = Path(__file__).resolve().parents[2].parent / "shared/data/xss/payloads.jsonl"
needs_payloads = pytest.mark.skipif(not PAYLOADS.exists(), reason=f"{PAYLOADS} is not here")

FORBIDDEN_TAGS = (
    {"script", "style", "link", "meta", "base", "template"}
    | {"iframe", "frame", "frameset", "object", "embed", "svg", "math"}
    | {"form", "input", "button", "textarea", "select"}
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class OutputInspector(HTMLParser):
    """Collects what in a rendered fragment could run, and the text readers see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values come back entity-decoded
        self.found = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            cleaned = "".join(char for char in value or "" if char > " ").lower()
            if name.startswith("on") or name in {"style", "srcdoc"}:
                self.found.append(f"{tag}[{name}]")
            elif name in URL_ATTRIBUTES and cleaned.startswith(BAD_SCHEMES):
                self.found.append(f"{tag}[{name}={value!r}]")
            elif tag == "img" and name == "src" and (":" in cleaned or cleaned.startswith("//")):
                self.found.append(f"remote image {value!r}")  # readers never fetch elsewhere

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def inspect(html):
    inspector = OutputInspector()
    inspector.feed(html)
    inspector.close()
    return inspector.found, "".join(inspector.text)


def executable_parts(html):
    return inspect(html)[0]


def load_payloads():
    return [json.loads(line) for line in PAYLOADS.open(encoding="utf-8")]


def test_inspector_finds_what_it_looks_for():
    assert executable_parts('<p><a href=" JaVa&#x09;script:x">x</a></p>')
    assert executable_parts('<img src="x" onerror="alert(1)">')
    assert executable_parts("<svg><script>alert(1)</script></svg>")
    assert executable_parts('<img src="https://evil.example/x.png">')
    assert not executable_parts('<p><a href="/Main/BigEater" class="wikilink">x</a></p>')


@needs_payloads
def test_every_known_payload_renders_inert():
    failures = []
    for row in load_payloads():
        found = executable_parts(render(row["payload"]))
        if found:
            failures.append((row["source"], row["payload"][:120], found[:3]))
    assert not failures, f"{len(failures)} payloads left something executable: {failures[:20]}"


@needs_payloads
def test_payloads_inside_wiki_syntax_render_inert():
    """The same payloads hidden in a spoiler, a note and a link label."""
    failures = []
    for row in load_payloads():
        payload = row["payload"]
        source = f"[[spoiler:{payload}]] [[note]]{payload}[[/note]] [[Main/Foo|{payload}]]"
        found = executable_parts(render(source))
        if found:
            failures.append((payload[:120], found[:3]))
    assert not failures, f"{len(failures)} payloads left something executable: {failures[:20]}"


@needs_payloads
def test_payloads_that_a_trusted_sanitizer_cleans_render_inert_here_too():
    rows = [row for row in load_payloads() if row.get("dompurify_expected") is not None]
    assert rows, "the corpus should hold DOMPurify's fixtures"
    failures = []
    for row in rows:
        expected = row["dompurify_expected"]  # one output, or a list of acceptable ones
        for source in [row["payload"], *(expected if isinstance(expected, list) else [expected])]:
            found = executable_parts(render(source))
            if found:
                failures.append((source[:120], found[:3]))
    assert not failures, failures[:20]


@pytest.mark.parametrize(
    "source, shown", [case[1:] for case in HOSTILE_CASES], ids=[case[0] for case in HOSTILE_CASES]
)
def test_hostile_markup_renders_inert(source, shown):
    found, text = inspect(render(source))
    assert not found
    if shown is not None:
        assert shown in text


BOMBS = pytest.mark.parametrize(
    "source", [case[1] for case in NESTING_BOMBS], ids=[case[0] for case in NESTING_BOMBS]
)


@BOMBS
def test_deep_nesting_renders_inert(source):
    assert not executable_parts(render.__wrapped__(source))  # the real work, not the memo


@BOMBS
def test_deep_nesting_costs_work_in_proportion_to_its_size(source):
    # The work one more character adds, between a fortieth of the bomb and a twentieth: enough
    # to tell a linear renderer from one that rescans, at a fraction of profiling it whole.
    small, large = source[: len(source) // 40], source[: len(source) // 20]
    added = python_calls(render.__wrapped__, large) - python_calls(render.__wrapped__, small)
    # At most about 150 calls a character today; a quadratic renderer adds thousands.
    assert added < 250 * (len(large) - len(small)), f"{added:,} calls"
