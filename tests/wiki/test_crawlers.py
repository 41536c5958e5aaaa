"""Search engines are told what to read: robots.txt keeps them out of forms, diffs, searches,
feeds and accounts, and points at the sitemap, which lists every public page by namespace."""

import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PageFactory, TropeFactory, WorkFactory
from tests.helpers import edit
from wiki import cutting, kinds, sitemaps
from wiki.models import Page

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def robots_rules(text):
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Disallow:")]


def kept_out(path, rules):
    """Whether a crawler reading `rules` as the major engines do (prefixes, `*` for any
    characters) leaves `path` alone."""
    return any(re.match(".*".join(map(re.escape, rule.split("*"))), path) for rule in rules)


def entries(response, tag="url"):
    root = ElementTree.fromstring(response.content)
    return [
        (node.find("sm:loc", NS).text, node.find("sm:lastmod", NS).text)
        for node in root.findall(f"sm:{tag}", NS)
    ]


@pytest.fixture
def wiki():
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater").page
    work = WorkFactory(page__namespace="Anime", page__name="MetallicRouge").page
    alias = PageFactory(name="Glutton", redirect_to=trope)
    return {"trope": trope, "work": work, "alias": alias}


def test_robots_txt_keeps_crawlers_out_of_forms_diffs_searches_feeds_and_accounts(
    client, wiki, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]
    rules = robots_rules(response.content.decode())
    work = wiki["work"]
    revision = work.history.latest("history_id").history_id
    for url in [
        reverse("wiki:edit", args=["Anime", "MetallicRouge"]),
        reverse("wiki:compare", args=["Anime", "MetallicRouge"]) + "?from=1&to=2",
        reverse("wiki:revision", args=["Anime", "MetallicRouge", revision]),
        reverse("wiki:history_feed", args=["Anime", "MetallicRouge"]),
        reverse("wiki:revert", args=["Anime", "MetallicRouge", revision]),
        reverse("wiki:search") + "?q=eater",
        reverse("wiki:goto") + "?q=big",
        reverse("wiki:changes_feed"),
        reverse("wiki:following_feed", args=["secret"]),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("tropes:edit_example", args=[7]),
        reverse("tropes:example_revision", args=[7]),
        reverse("wiki:new_thread", args=["Anime", "MetallicRouge"]),
        reverse("wiki:edit_post", args=[7]),
        reverse("wiki:post_history", args=[7]),
        reverse("wiki:reply", args=["Anime", "MetallicRouge", 3]),
        reverse("wiki:cut", args=["Main", "BigEater"]),
        reverse("tropes:merge", args=["Main", "BigEater"]),
        reverse("tropes:label_wickcheck", args=["Main", "BigEater", 2]),
        reverse("tropes:new_repair_case"),
        reverse("tropes:decide_repair_case", args=[2]),
        reverse("tropes:new_draft"),
        reverse("tropes:launch_vote", args=["LoyalSidekick"]),
        reverse("tropes:propose_example", args=["LoyalSidekick"]),
        "/api/v1/pages/Main/BigEater",
        "/admin/",
    ]:
        assert kept_out(url, rules), url
    allowed = ["/", "/Main/BigEater", "/Anime/MetallicRouge", "/Anime/", "/sitemap.xml"]
    allowed += [
        reverse("wiki:discussion", args=["Anime", "MetallicRouge"]),
        reverse("wiki:thread", args=["Anime", "MetallicRouge", 3]),
        reverse("tropes:repair"),
        reverse("tropes:repair_case", args=[2]),
        reverse("tropes:wickcheck", args=["Main", "BigEater"]),
        reverse("tropes:launch_pad"),
    ]
    for url in allowed:
        assert not kept_out(url, rules), url


def test_robots_txt_points_at_the_sitemap_at_the_sites_own_address(client, settings):
    settings.SITE_URL = "https://tropewise.example"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://tropewise.example/sitemap.xml" in text.splitlines()


def test_the_sitemap_index_names_a_section_per_namespace_with_its_last_change(
    client, wiki, django_assert_num_queries
):
    Page.objects.filter(pk=wiki["trope"].pk).update(
        shown_changed=datetime(2026, 11, 30, 12, tzinfo=UTC)
    )
    with django_assert_num_queries(1):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    listed = dict(entries(response, "sitemap"))
    assert set(listed) == {
        "http://testserver/sitemap-Anime.xml",
        "http://testserver/sitemap-Main.xml",
    }
    # The trope's own change is older than the redirect's, which is not listed.
    assert listed["http://testserver/sitemap-Main.xml"] == "2026-11-30T12:00:00+00:00"


def test_a_section_lists_its_namespaces_pages_with_their_last_change(client, wiki):
    response = client.get("/sitemap-Main.xml")
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    trope = Page.objects.get(pk=wiki["trope"].pk)
    assert entries(response) == [
        ("http://testserver/Main/BigEater", trope.shown_changed.date().isoformat())
    ]
    assert [loc for loc, _ in entries(client.get("/sitemap-Anime.xml"))] == [
        "http://testserver/Anime/MetallicRouge"
    ]


def test_an_edit_moves_a_pages_last_change_once_the_sitemap_is_made_again(client, wiki, editor):
    before = entries(client.get("/sitemap-Main.xml"))
    Page.objects.filter(pk=wiki["trope"].pk).update(shown_changed=datetime(2025, 1, 1, tzinfo=UTC))
    assert entries(client.get("/sitemap-Main.xml")) == before  # kept a while
    cache.clear()
    assert entries(client.get("/sitemap-Main.xml"))[0][1] == "2025-01-01"
    edit(Page.objects.get(pk=wiki["trope"].pk), editor, body="Rewritten.")
    cache.clear()
    assert entries(client.get("/sitemap-Main.xml"))[0][1] != "2025-01-01"


def test_redirects_and_pages_kept_from_crawlers_are_left_out(client, wiki, monkeypatch):
    monkeypatch.setitem(kinds._kinds, "draft", kinds.KindHooks(label="Draft", crawled=False))
    PageFactory(namespace="Anime", name="DraftOfAPage", kind="draft")
    locations = [loc for loc, _ in entries(client.get("/sitemap-Main.xml"))]
    assert "http://testserver/Main/Glutton" not in locations
    anime = [loc for loc, _ in entries(client.get("/sitemap-Anime.xml"))]
    assert anime == ["http://testserver/Anime/MetallicRouge"]


def test_cut_pages_are_left_out_and_come_back_when_restored(client, wiki, moderator):
    page = cutting.cut_page(wiki["trope"], moderator, "Misused beyond repair.")
    assert client.get("/sitemap-Main.xml").status_code == 404  # nothing left to list
    index = [loc for loc, _ in entries(client.get("/sitemap.xml"), "sitemap")]
    assert index == ["http://testserver/sitemap-Anime.xml"]
    cutting.restore_page(page, moderator)
    cache.clear()
    assert [loc for loc, _ in entries(client.get("/sitemap-Main.xml"))] == [
        "http://testserver/Main/BigEater"
    ]


def test_big_namespaces_are_paged_and_the_index_names_every_page(client, wiki, monkeypatch):
    monkeypatch.setattr(sitemaps.NamespaceSitemap, "limit", 2)
    for number in range(4):
        PageFactory(name=f"Page{number}")
    index = [loc for loc, _ in entries(client.get("/sitemap.xml"), "sitemap")]
    assert index == [
        "http://testserver/sitemap-Anime.xml",
        "http://testserver/sitemap-Main.xml",
        "http://testserver/sitemap-Main.xml?p=2",
        "http://testserver/sitemap-Main.xml?p=3",
    ]
    pages = [
        [loc.rsplit("/", 1)[1] for loc, _ in entries(client.get(f"/sitemap-Main.xml?p={p}"))]
        for p in (1, 2, 3)
    ]
    assert pages == [["BigEater", "Page0"], ["Page1", "Page2"], ["Page3"]]


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-Main.xml?p=4",
        "/sitemap-Main.xml?p=x",
        "/sitemap-Main.xml?p=99999999999",
        "/sitemap-Nowhere.xml",
    ],
)
def test_pages_past_the_end_and_unknown_sections_are_not_found(client, wiki, url):
    assert client.get(url).status_code == 404


def test_a_section_page_costs_two_queries_whatever_its_size(
    client, wiki, django_assert_num_queries
):
    for number in range(40):
        PageFactory(name=f"Page{number}")
    with django_assert_num_queries(2):  # its count, and its addresses
        assert len(entries(client.get("/sitemap-Main.xml"))) == 41
    with django_assert_num_queries(0):  # kept
        client.get("/sitemap-Main.xml")


def test_addresses_are_the_sites_own_whatever_host_asked(client, wiki, settings):
    settings.SITE_URL = "https://tropewise.example"
    index = [loc for loc, _ in entries(client.get("/sitemap.xml"), "sitemap")]
    assert index[0] == "https://tropewise.example/sitemap-Anime.xml"
    pages = [loc for loc, _ in entries(client.get("/sitemap-Anime.xml"))]
    assert pages == ["https://tropewise.example/Anime/MetallicRouge"]


@pytest.mark.parametrize("url", ["/robots.txt", "/sitemap.xml", "/sitemap-Main.xml"])
def test_they_meet_the_request_rules_even_once_kept(client, wiki, url):
    assert client.get(url).status_code == 200
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize("url", ["/robots.txt", "/sitemap.xml", "/sitemap-Main.xml"])
def test_they_answer_reads_only(client, wiki, url):
    assert client.post(url).status_code == 405
