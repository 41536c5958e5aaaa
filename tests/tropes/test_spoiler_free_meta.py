"""What search engines and link previews show of a page (its description, `og:` tags and
canonical address) never holds a spoiler, whoever the page was rendered for."""

import re
from html import unescape

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory

pytestmark = pytest.mark.django_db

SECRET = "Rouge was built to kill her own maker"


def meta(html):
    """{name or property: content} of the page's meta tags, and its canonical address."""
    found = {
        name: unescape(content)
        for name, content in re.findall(
            r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html
        )
    }
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    found["canonical"] = canonical.group(1) if canonical else None
    return found


def head(html):
    return html[: html.index("</head>")]


@pytest.fixture
def rouge():
    return WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body=f"[[spoiler:{SECRET}.]] An android hunts the nine rogue androids of Mars.",
    ).page


def test_a_page_opening_on_a_spoiler_describes_itself_without_it(client, rouge):
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert SECRET in html  # in the body, hidden until revealed
    tags = meta(html)
    assert tags["description"] == "An android hunts the nine rogue androids of Mars."
    assert tags["og:description"] == tags["description"]
    assert tags["og:title"] == "Metallic Rouge"
    assert tags["canonical"] == "http://testserver/Anime/MetallicRouge"
    assert SECRET not in head(html)


def test_a_reader_who_shows_spoilers_gets_the_same_spoiler_free_tags(client, rouge, reader):
    client.force_login(reader)
    client.post("/accounts/preferences/spoilers", {"show": "1"})
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert SECRET in html
    assert SECRET not in head(html)


def test_the_kept_copy_keeps_its_tags_spoiler_free(client, rouge):
    client.get("/Anime/MetallicRouge")
    assert SECRET not in head(client.get("/Anime/MetallicRouge").content.decode())


def test_a_page_that_is_all_spoiler_is_described_by_its_title(client):
    TropeFactory(page__name="TheMole", page__title="The Mole", page__body=f"[[spoiler:{SECRET}]]")
    tags = meta(client.get("/Main/TheMole").content.decode())
    assert tags["description"] == tags["og:description"] == "The Mole"


def test_notes_and_spoilers_further_on_stay_out_of_the_description(client):
    TropeFactory(
        page__name="TheMole",
        page__title="The Mole",
        page__body=(
            f"A spy in the team.[[note]]{SECRET}[[/note]] In *Metallic Rouge*, "
            f"[[spoiler:{SECRET}]]."
        ),
    )
    html = client.get("/Main/TheMole").content.decode()
    assert meta(html)["description"] == "A spy in the team. In Metallic Rouge, ."
    assert SECRET not in head(html)


def test_a_laconic_written_with_a_spoiler_keeps_it_out_of_the_tags(client, rouge):
    trope = TropeFactory(
        page__name="TheMole", page__title="The Mole", laconic=f"Spy. [[spoiler:{SECRET}]]"
    )
    example = ExampleFactory(trope=trope, work=rouge.work, text="Someone on the team.")
    for url in ["/Laconic/TheMole", example.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert SECRET not in head(html), url
    tags = meta(client.get("/Laconic/themole", follow=True).content.decode())
    assert tags["canonical"] == "http://testserver/Laconic/TheMole"
