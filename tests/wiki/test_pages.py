"""Finding pages: canonical names, redirects, missing pages, indexes and links."""

import pytest

from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from wiki import kinds
from wiki.models import Link, Page

pytestmark = pytest.mark.django_db


def test_page_names_are_case_insensitive_and_redirect_to_the_canonical_url(client):
    WorkFactory(page__namespace="Anime", page__name="MetallicRouge")
    response = client.get("/anime/metallicrouge?sort=rating")
    assert response.status_code == 301
    assert response["Location"] == "/Anime/MetallicRouge?sort=rating"


def test_two_pages_cannot_differ_only_by_case(db):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    PageFactory(namespace="Main", name="BigEater")
    duplicate = Page(namespace="main", name="BIGEATER", title="Shouting")
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_missing_page_says_it_does_not_exist_yet_with_404(client, db):
    response = client.get("/Main/NoSuchTrope")
    assert response.status_code == 404
    assert "does not exist yet" in response.content.decode()
    assert "<h1>No Such Trope</h1>" in response.content.decode()


def test_redirect_is_followed_and_says_where_it_came_from(client):
    target = PageFactory(namespace="Main", name="BigEater", title="Big Eater")
    PageFactory(namespace="Main", name="BigEaters", title="Big Eaters", redirect_to=target)
    response = client.get("/Main/BigEaters", follow=True)
    assert response.redirect_chain == [("/Main/BigEater?from=Main/BigEaters", 302)]
    assert "(Redirected from Main/BigEaters)" in response.content.decode()


def test_redirect_chain_is_resolved_to_the_final_page_and_reported(client):
    final = PageFactory(namespace="Main", name="Final")
    middle = PageFactory(namespace="Main", name="Middle", redirect_to=final)
    PageFactory(namespace="Main", name="First", redirect_to=middle)
    response = client.get("/Main/First", follow=True)
    assert response.redirect_chain == [("/Main/Final?from=Main/First&via=Main/Middle", 302)]
    assert "through Main/Middle, which is itself a redirect" in response.content.decode()


def test_redirect_loop_is_reported_instead_of_bouncing(client):
    one = PageFactory(namespace="Main", name="One")
    two = PageFactory(namespace="Main", name="Two", redirect_to=one)
    one.redirect_to = two
    one.save()
    response = client.get("/Main/One")
    assert response.status_code == 200
    assert "go round in a loop" in response.content.decode()


def test_forged_redirected_from_is_not_echoed(client):
    PageFactory(namespace="Main", name="BigEater", body="All about eating.")
    response = client.get("/Main/BigEater?from=<script>x</script>&via=<b>y</b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "All about eating." in html
    assert "Redirected from" not in html
    assert "<script>x" not in html and "&lt;script&gt;x" not in html


def test_a_forged_via_is_left_out_and_the_origin_kept(client):
    PageFactory(namespace="Main", name="BigEater")
    response = client.get("/Main/BigEater?from=Main/BigEaters&via=<b>y</b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "(Redirected from Main/BigEaters)" in html
    assert "<b>y" not in html and "which is itself a redirect" not in html


def test_namespace_index_is_alphabetical_and_paginated(client):
    for n in range(105):
        PageFactory(namespace="Film", name=f"Movie{n:03}", title=f"Movie {n:03}")
    first = client.get("/Film/").content.decode()
    assert "105 pages" in first
    assert first.index("Movie 000") < first.index("Movie 099")
    assert "Movie 100" not in first
    assert "Movie 104" in client.get("/Film/?page=2").content.decode()


def test_namespace_index_redirects_to_canonical_case_and_404s_when_empty(client, db):
    PageFactory(namespace="Film", name="Heat")
    assert client.get("/film/")["Location"] == "/Film/"
    assert client.get("/Nothing/").status_code == 404


def test_namespace_index_reads_its_count_and_its_page_by_the_namespace_as_spelled(
    client, db, django_assert_num_queries
):
    for n in range(3):
        PageFactory(namespace="Film", name=f"Movie{n}")
    with django_assert_num_queries(2):
        assert client.get("/Film/?page=1").status_code == 200
    with django_assert_num_queries(3):  # none as spelled, then the namespace in any case
        assert client.get("/film/?page=1")["Location"] == "/Film/?page=1"


def test_browse_lists_media_with_counts(client):
    WorkFactory(page__namespace="VideoGame", page__name="Portal")
    TropeFactory()
    html = client.get("/browse").content.decode()
    assert 'href="/VideoGame/">Video Games</a> <small>(1)</small>' in html
    assert "All tropes</a> (1)" in html


def test_links_to_missing_pages_are_red_until_the_page_is_created(client):
    PageFactory(namespace="Main", name="Home", body="See [[Main/NotYet]] and BigEater.")
    PageFactory(namespace="Main", name="BigEater", title="Big Eater")
    html = client.get("/Main/Home").content.decode()
    assert 'class="wikilink redlink"' in html and 'href="/Main/NotYet"' in html
    assert html.count("redlink") == 1  # BigEater exists, so it is blue
    PageFactory(namespace="Main", name="NotYet")
    assert "redlink" not in client.get("/Main/Home").content.decode()


def test_red_links_are_read_only_for_a_page_showing_a_wiki_link(
    client, db, django_assert_num_queries
):
    PageFactory(namespace="Main", name="Plain", body="No link here.")
    PageFactory(namespace="Main", name="Linking", body="See [[Main/NotYet]].")
    # The stamp, the page, its backlinks and its tabs; and its red links where it has links.
    with django_assert_num_queries(4):
        assert "NotYet" not in client.get("/Main/Plain").content.decode()
    with django_assert_num_queries(5):
        assert 'class="wikilink redlink"' in client.get("/Main/Linking").content.decode()


def test_pages_that_link_here_are_listed_with_their_count(client):
    target = PageFactory(namespace="Main", name="BigEater", title="Big Eater")
    PageFactory(namespace="Main", name="Alpha", title="Alpha", body="Mentions BigEater.")
    PageFactory(namespace="Main", name="Beta", title="Beta", body="[[Big Eater]] twice BigEater")
    html = client.get(target.get_absolute_url()).content.decode()
    assert "Pages that link here (2)" in html
    full = client.get("/Main/BigEater/links").content.decode()
    assert ">Alpha</a>" in full and ">Beta</a>" in full


def test_pages_that_link_here_link_to_them_with_indexes_first(client):
    PageFactory(namespace="Main", name="BigEater", title="Big Eater")
    PageFactory(namespace="Main", name="Alpha", title="Alpha", body="Mentions BigEater.")
    PageFactory(
        namespace="Main", name="FoodTropes", title="Food Tropes", kind=kinds.INDEX, body="BigEater"
    )
    html = client.get("/Main/BigEater").content.decode()
    listed = html[html.index('class="backlinks"') :]
    assert listed.index('href="/Main/FoodTropes">Food Tropes</a>') < listed.index(
        'href="/Main/Alpha">Alpha</a>'
    )
    assert 'Indexes:\n        <a href="/Main/FoodTropes">Food Tropes</a>' in html


def test_link_table_follows_examples_on_both_pages(db):
    example = ExampleFactory(text="Like [[Main/OtherTrope]].")
    work_page, trope_page = example.work.page, example.trope.page
    assert set(Link.objects.filter(from_page=work_page).values_list("to_key", flat=True)) == {
        trope_page.key,
        "main/othertrope",
    }
    assert set(Link.objects.filter(from_page=trope_page).values_list("to_key", flat=True)) == {
        work_page.key,
        "main/othertrope",
    }
    example.delete()
    assert not Link.objects.filter(from_page__in=[work_page, trope_page]).exists()


def test_editing_a_body_replaces_its_links(db):
    page = PageFactory(body="[[Main/Old]]")
    page.body = "[[Main/New]]"
    page.save()
    assert list(page.outgoing_links.values_list("to_key", flat=True)) == ["main/new"]


def test_markup_help_renders_every_sample_live(client, db):
    html = client.get("/help/markup").content.decode()
    assert 'class="spoiler"' in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert 'class="wikilink redlink"' not in html  # samples are not checked against pages


def test_no_page_asks_for_anything_from_another_host(client):
    WorkFactory(
        page__name="Show",
        page__body="[external](https://example.org) ![img](https://example.org/x.png)",
    )
    html = client.get("/Anime/Show").content.decode()
    for attribute in ('src="http', "src='http", 'href="//'):
        assert attribute not in html
    assert '<link rel="stylesheet" href="/static/' in html
