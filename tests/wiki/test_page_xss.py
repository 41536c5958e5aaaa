"""Every known XSS payload, saved as page and example text, is served with nothing executable."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.factories import ExampleFactory, WorkFactory

PAYLOADS = Path(__file__).resolve().parents[2].parent / "shared/data/xss/payloads.jsonl"
CHUNK = 250
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "frame",
    "frameset",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not PAYLOADS.exists(), reason=f"{PAYLOADS} is not here"),
]


class ExecutableFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            cleaned = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            elif name in {"href", "src", "action", "formaction", "xlink:href"} and (
                cleaned.startswith(BAD_SCHEMES)
            ):
                self.found.append(f"{tag}[{name}={value!r}]")


def executable_parts(html):
    finder = ExecutableFinder()
    finder.feed(html)
    return finder.found


def article(html):
    """The part of the page that shows user markup: between <main> and </main>."""
    return html[html.index("<main") : html.index("</main>")]


def payload_chunks():
    payloads = [json.loads(line)["payload"] for line in PAYLOADS.open(encoding="utf-8")]
    return [payloads[i : i + CHUNK] for i in range(0, len(payloads), CHUNK)]


def test_payloads_in_page_bodies_and_examples_are_inert(client):
    failures = []
    for number, chunk in enumerate(payload_chunks()):
        text = "\n\n".join(chunk)
        work = WorkFactory(
            page__name=f"Hostile{number}",
            page__body=text,
            page__quote=chunk[0],
            page__title=chunk[1][:200],
        )
        ExampleFactory(work=work, text=text)
        response = client.get(work.page.get_absolute_url())
        assert response.status_code == 200
        found = executable_parts(article(response.content.decode()))
        if found:
            failures.append((number, found[:5]))
    assert not failures, failures
