"""The rows of example lists on work and trope pages, and in a medium's folder."""

import re

import pytest
from django.urls import reverse

from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tropes import votes
from tropes.presenters import EXAMPLES_ON_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    return ExampleFactory(
        trope=TropeFactory(page__name="TomAndJerry", page__title="Tom & <Jerry>"),
        work=WorkFactory(page__namespace="Film", page__name="Heat", page__title="Heat"),
        text="A chase through [[Main/NoSuchTrope]] and back.",
    )


def row(html, example):
    return re.search(rf'<li class="example" id="example-{example.pk}">.*?</li>', html, re.S)[0]


def test_every_link_of_a_row_leads_where_the_site_answers(client, reader, example):
    client.force_login(reader)
    html = row(client.get("/Film/Heat").content.decode(), example)
    for link in re.findall(r'href="([^"#?]+)"', html):
        if "NoSuchTrope" not in link:
            assert client.get(link).status_code == 200, link
    assert f'href="{reverse("wiki:page", args=["Main", "TomAndJerry"])}"' in html
    assert f'href="{reverse("tropes:example", args=[example.pk])}"' in html
    assert f'hx-get="{reverse("tropes:vote", args=[example.pk])}"' in html


def test_a_row_escapes_its_title_and_marks_red_links(client, example):
    html = row(client.get("/Film/Heat").content.decode(), example)
    assert "Tom &amp; &lt;Jerry&gt;</a>:</strong>" in html
    assert 'class="wikilink redlink"' in html


def test_a_rated_row_shows_score_and_votes_and_an_unrated_one_asks_for_them(client, example):
    assert "Rate this example" in row(client.get("/Film/Heat").content.decode(), example)
    votes.cast_vote(UserFactory(), example, 5)
    votes.cast_vote(UserFactory(), example, 4)
    html = row(client.get("/Main/TomAndJerry").content.decode(), example)
    assert '★ <span class="score">4.5</span> (2 votes)' in html
    assert "Rate this example" not in html


def test_a_members_row_shows_their_vote_and_an_edit_link_back_to_the_page(client, reader, example):
    votes.cast_vote(reader, example, 3)
    client.force_login(reader)
    html = row(client.get("/Film/Heat").content.decode(), example)
    assert " · you: 3" in html
    assert f'href="/examples/{example.pk}/edit?next=/Film/Heat">edit</a>' in html
    anonymous = row(client.__class__().get("/Film/Heat").content.decode(), example)
    assert "you:" not in anonymous and "/edit" not in anonymous


def test_the_best_rated_example_is_featured_on_its_work_page(client, example):
    votes.cast_vote(UserFactory(), example, 5)
    html = client.get("/Film/Heat").content.decode()
    featured = re.search(r'<aside class="featured-example".*?</aside>', html, re.S)[0]
    assert 'Top example: <a href="/Main/TomAndJerry">Tom &amp; &lt;Jerry&gt;</a>' in featured
    assert "A chase through" in featured and "Heat</a> (Film)" in featured


def test_a_medium_folder_lists_its_examples_as_the_trope_page_does(client):
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    for _n in range(EXAMPLES_ON_PAGE + 1):
        ExampleFactory(trope=trope, work=WorkFactory(page__namespace="Anime"))
    folder = client.get("/Main/BigEater/examples/Anime").content.decode()
    first = trope.examples.order_by("work__page__title").first()
    assert row(folder, first) in client.get("/Main/BigEater").content.decode()
    assert folder.count('<li class="example"') == 100
