"""A trope with thousands of examples stays readable: each medium folds to its first few."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tropes import presenters, votes

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_trope(monkeypatch):
    # The same rules as at full size (400 on the page, 20 a medium, 100 a page), scaled down.
    monkeypatch.setattr(presenters, "EXAMPLES_ON_PAGE", 5)
    monkeypatch.setattr(presenters, "MEDIUM_PREVIEW", 2)
    monkeypatch.setattr(presenters, "MEDIUM_PAGE", 3)
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    for n in range(5):
        ExampleFactory(
            trope=trope, work=WorkFactory(page__namespace="Anime", page__title=f"Anime Show {n}")
        )
    for n in range(3):
        ExampleFactory(
            trope=trope, work=WorkFactory(page__namespace="Film", page__title=f"Film {n}")
        )
    return trope


def examples_section(client, **params):
    html = client.get("/Main/BigEater", params).content.decode()
    return html[html.index('<section class="examples-section"') : html.index("</section>")]


def test_each_medium_shows_its_first_examples_and_its_full_count(client, big_trope):
    html = examples_section(client)
    assert "Examples <small>(8)</small>" in html
    assert "<summary>Anime <small>(5)</small></summary>" in html
    assert "Anime Show 1" in html and "Anime Show 2" not in html
    assert "Film 1" in html and "Film 2" not in html
    assert 'href="/Main/BigEater/examples/Anime">All 5 examples in Anime</a>' in html


def test_a_medium_lists_all_its_examples_a_page_at_a_time(client, big_trope):
    first = client.get("/Main/BigEater/examples/Anime").content.decode()
    assert "Anime Show 0" in first and "Anime Show 2" in first and "Anime Show 3" not in first
    second = client.get("/Main/BigEater/examples/Anime", {"page": 2}).content.decode()
    assert "Anime Show 3" in second and "Anime Show 4" in second and "Film 0" not in second
    assert client.get("/Main/BigEater/examples/Music").status_code == 404


def test_the_rating_sort_chooses_which_examples_show(client, big_trope):
    best = big_trope.examples.get(work__page__title="Anime Show 4")
    votes.cast_vote(UserFactory(), best, 5)
    html = examples_section(client, sort="rating")
    assert "Anime Show 4" in html and "Anime Show 1" not in html
    assert "/Main/BigEater/examples/Anime?sort=rating" in html


def test_a_folded_trope_costs_a_fixed_number_of_queries(
    client, big_trope, django_assert_max_num_queries
):
    # The stamp, then the page, a first look at the examples, the medium counts, the first
    # of each medium, red links, backlinks and tabs.
    with django_assert_max_num_queries(9):
        assert client.get("/Main/BigEater").status_code == 200


def test_example_action_links_are_the_routed_urls(big_trope):
    from django.urls import reverse

    example = big_trope.examples.first()
    for name, suffix in (
        ("vote", "/vote"),
        ("edit_example", "/edit"),
        ("report_example", "/report"),
    ):
        assert reverse(f"tropes:{name}", args=[example.pk]) == example.url + suffix
