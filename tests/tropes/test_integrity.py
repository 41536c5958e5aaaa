"""`manage.py check_integrity` on what tropes keeps: examples' ratings against their votes,
and the links examples add to their pages."""

import pytest

from tests.factories import ExampleFactory, PageFactory, UserFactory
from tests.integrity_runs import check_integrity, found_and_repaired
from tropes import votes
from tropes.models import Example
from wiki.models import Link, Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(rouge, big_eater):
    return ExampleFactory(work=rouge, trope=big_eater, text="Naomi eats. See [[Main/Glutton]].")


@pytest.fixture
def voted(example):
    votes.cast_vote(UserFactory(), example, 5)
    votes.cast_vote(UserFactory(), example, 2)
    return example


def stamp(page):
    return Page.objects.values_list("shown_stamp", flat=True).get(pk=page.pk)


def rating(example):
    return Example.objects.values_list("rating_count", "rating_average").get(pk=example.pk)


def test_a_rating_that_does_not_match_its_votes_is_found_and_counted_again(client, voted):
    Example.objects.filter(pk=voted.pk).update(rating_count=7, rating_average=4.9)
    before = stamp(voted.work.page)
    found = found_and_repaired("ratings")
    assert f"example {voted.pk}: rated 4.90 by 7, its votes say 3.50 by 2" in found
    assert rating(voted) == (2, 3.5)
    assert stamp(voted.work.page) != before  # kept copies showed the wrong rating
    assert "3.5" in client.get("/Anime/MetallicRouge").content.decode()


def test_a_rating_left_after_its_votes_are_gone_is_found_and_cleared(voted):
    voted.votes.all().delete()
    found_and_repaired("ratings")
    assert rating(voted) == (0, 0)


def test_ratings_kept_by_votes_have_no_problems(voted):
    status, output = check_integrity("--check", "ratings")
    assert status == 0, output


def test_an_examples_lost_links_are_found_and_recorded_again(client, example):
    PageFactory(name="Glutton", title="Glutton")
    Link.objects.filter(origin=example.link_origin).delete()
    assert "Big Eater" not in client.get("/Main/Glutton/links").content.decode()
    found = found_and_repaired("example-links", problems=2)  # one on each of its pages
    assert (
        f"Anime/MetallicRouge: links to main/bigeater, main/glutton missing (example {example.pk})"
        in found
    )
    assert "Big Eater" in client.get("/Main/Glutton/links").content.decode()
    assert "Metallic Rouge" in client.get("/Main/Glutton/links").content.decode()


def test_links_of_an_example_that_is_gone_are_found_and_removed(client, rouge, big_eater):
    Link.objects.create(from_page=rouge.page, origin="example:999999", to_key="main/bigeater")
    assert "Metallic Rouge" in client.get("/Main/BigEater/links").content.decode()
    found = found_and_repaired("example-links")
    assert "links to main/bigeater not in its text (example 999999)" in found
    assert not Link.objects.filter(origin="example:999999").exists()
    assert "Metallic Rouge" not in client.get("/Main/BigEater/links").content.decode()
