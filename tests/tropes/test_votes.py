"""Rating an example: "How well does it match the trope?"."""

import pytest

from tests.factories import ExampleFactory, UserFactory
from tropes import votes
from tropes.models import ExampleVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    return ExampleFactory(trope__page__name="BigEater", work__page__name="MetallicRouge")


def test_a_vote_updates_the_average_and_count(example):
    votes.cast_vote(UserFactory(), example, 5)
    votes.cast_vote(UserFactory(), example, 4)
    example.refresh_from_db()
    assert (example.rating_average, example.rating_count) == (4.5, 2)


def test_changing_a_vote_keeps_one_vote_per_user(example, reader):
    votes.cast_vote(reader, example, 1)
    votes.cast_vote(reader, example, 5)
    example.refresh_from_db()
    assert (example.rating_average, example.rating_count) == (5, 1)
    assert ExampleVote.objects.filter(user=reader).count() == 1


def test_votes_do_not_add_revisions(example, reader):
    revisions = example.history.count()
    votes.cast_vote(reader, example, 4)
    assert example.history.count() == revisions


def test_vote_outside_one_to_five_is_refused_by_the_database(example, reader):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ExampleVote.objects.create(example=example, user=reader, value=6)


def test_htmx_vote_answers_with_the_updated_widget(client, reader, example):
    client.force_login(reader)
    response = client.post(
        f"/examples/{example.pk}/vote", {"value": "4"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="vote" id="vote-{example.pk}">')
    assert '<span class="score">4</span> (1 vote)' in html
    assert "Vote saved." in html
    assert 'value="4"\n                  aria-pressed="true"' in html


def test_plain_form_vote_redirects_back(client, reader, example):
    client.force_login(reader)
    response = client.post(
        f"/examples/{example.pk}/vote", {"value": "3", "next": "/Anime/MetallicRouge"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/Anime/MetallicRouge"
    example.refresh_from_db()
    assert example.rating_count == 1


def test_vote_next_url_cannot_point_elsewhere(client, reader, example):
    client.force_login(reader)
    response = client.post(
        f"/examples/{example.pk}/vote", {"value": "3", "next": "https://evil.example/"}
    )
    assert response["Location"] == example.get_absolute_url()


@pytest.mark.parametrize("value", ["0", "6", "abc", ""])
def test_bad_vote_is_a_400_with_a_message(client, reader, example, value):
    client.force_login(reader)
    response = client.post(f"/examples/{example.pk}/vote", {"value": value})
    assert response.status_code == 400
    assert "number from 1 to 5" in response.content.decode()
    assert not ExampleVote.objects.exists()


def test_anonymous_voter_is_sent_to_sign_in(client, example):
    response = client.post(f"/examples/{example.pk}/vote", {"value": "5"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login?next=")
    assert not ExampleVote.objects.exists()


def test_anonymous_reader_is_invited_to_sign_in(client, example):
    html = client.get(f"/examples/{example.pk}").content.decode()
    assert "Sign in to vote" in html


def test_vote_on_missing_example_is_a_404(client, reader):
    client.force_login(reader)
    assert client.post("/examples/424242/vote", {"value": "5"}).status_code == 404


def test_votes_are_rate_limited(client, reader, example, settings):
    settings.VOTE_RATE_LIMIT = 3
    client.force_login(reader)
    codes = [
        client.post(f"/examples/{example.pk}/vote", {"value": "4"}).status_code for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert (
        "Too many votes"
        in client.post(f"/examples/{example.pk}/vote", {"value": "4"}).content.decode()
    )


def test_vote_widget_loads_inline_for_htmx_and_redirects_otherwise(client, example):
    url = f"/examples/{example.pk}/vote"
    assert client.get(url)["Location"] == f"/examples/{example.pk}"
    widget = client.get(url, headers={"HX-Request": "true"})
    assert "How well does it match the trope?" in widget.content.decode()


def test_vote_url_refuses_other_methods(client, example):
    assert client.put(f"/examples/{example.pk}/vote").status_code == 405


def test_a_vote_costs_a_few_queries_and_reads_none_of_the_pages(
    client, reader, example, django_assert_max_num_queries
):
    client.force_login(reader)
    url = f"/examples/{example.pk}/vote"
    client.post(url, {"value": "2"}, headers={"HX-Request": "true"})  # the vote exists
    with django_assert_max_num_queries(9) as captured:
        response = client.post(url, {"value": "4"}, headers={"HX-Request": "true"})
    assert "Vote saved." in response.content.decode()
    reads = [
        query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")
    ]
    assert not any('"wiki_page"' in sql for sql in reads)
