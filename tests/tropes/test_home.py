import pytest

from tests.factories import ExampleFactory, TropeFactory, UserFactory
from tropes import votes

pytestmark = pytest.mark.django_db


def test_home_shows_counts_recent_pages_random_trope_and_best_examples(client):
    trope = TropeFactory(page__title="Big Eater", laconic="Eats a lot.")
    example = ExampleFactory(trope=trope, work__page__title="Metallic Rouge")
    for value in (5, 5):
        votes.cast_vote(UserFactory(), example, value)
    html = client.get("/").content.decode()
    assert "<strong>1</strong> tropes" in html and "<strong>1</strong> examples" in html
    assert "A random trope" in html and "Eats a lot." in html
    assert "Recently changed" in html and "Metallic Rouge" in html
    assert '<span class="score">5</span> (2 votes)' in html


def test_home_works_on_an_empty_wiki(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No example has votes yet." in response.content.decode()
