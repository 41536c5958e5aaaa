"""Kinds of trope and where their examples go: a YMMV or trivia trope is marked as such
wherever it is listed, and its examples for a work are on the work's YMMV or Trivia subpage,
never on the work's main page."""

import pytest

from tests.factories import ExampleFactory, TropeFactory
from tropes import votes
from tropes.models import Character, Trope

pytestmark = pytest.mark.django_db


@pytest.fixture
def narm(db):
    return TropeFactory(page__name="Narm", page__title="Narm", kind=Trope.Kind.YMMV)


@pytest.fixture
def dueling_works(db):
    return TropeFactory(
        page__name="DuelingWorks", page__title="Dueling Works", kind=Trope.Kind.TRIVIA
    )


def main_page(client, work):
    """The work page's examples, featured one included (pages linking to it aside)."""
    html = client.get(work.page.get_absolute_url()).content.decode()
    return html[html.index('<section class="examples-section"') : html.index('class="backlinks')]


def test_a_ymmv_or_trivia_example_never_shows_on_the_work_page(
    client, rouge, big_eater, narm, dueling_works, reader
):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    ymmv = ExampleFactory(trope=narm, work=rouge, text="The dub's screaming.")
    trivia = ExampleFactory(trope=dueling_works, work=rouge, text="Another robot show.")
    for example in (ymmv, trivia):  # not even as the best rated
        votes.cast_vote(reader, example, 5)
    html = main_page(client, rouge)
    assert "Naomi eats." in html
    assert "screaming" not in html and "Another robot show" not in html
    assert "/Main/Narm" not in html and "/Main/DuelingWorks" not in html
    assert "Top example" not in html


def test_examples_about_a_character_are_not_the_works_own(client, rouge, big_eater):
    rouge_red = Character.objects.create(work=rouge, folder="Heroes", name="Rouge Redstar")
    ExampleFactory(trope=big_eater, work=rouge, character=rouge_red, text="Rouge eats.")
    assert "Rouge eats." not in main_page(client, rouge)
