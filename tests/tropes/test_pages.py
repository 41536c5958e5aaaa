"""What readers see on work and trope pages."""

import pytest

from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory, WorkFactory
from tests.helpers import import_examples
from tropes import votes
from tropes.models import Example, Work
from wiki import kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def rouge():
    work = WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android hunts her own kind on Mars.",
        page__quote="The curtain rises.",
        page__quote_attribution="Opening narration",
        page__image_caption="Rouge in battle form",
        year=2024,
    )
    big_eater = TropeFactory(
        page__name="BigEater", page__title="Big Eater", laconic="Eats far more than seems possible."
    )
    fist = TropeFactory(page__name="MyFistForgivesYou", page__title="My Fist Forgives You")
    ExampleFactory(trope=big_eater, work=work, text="Naomi never skips a meal.")
    ExampleFactory(trope=fist, work=work, text="One punch settles it [[spoiler:after the finale]].")
    return work


def test_work_page_shows_title_medium_year_quote_and_description(client, rouge):
    response = client.get("/Anime/MetallicRouge")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Metallic Rouge <small>Anime, 2024</small></h1>" in html
    assert "The curtain rises." in html and "Opening narration" in html
    assert "An android hunts her own kind on Mars." in html


def test_work_page_lists_its_tropes_alphabetically_with_links(client, rouge):
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert "Metallic Rouge provides examples of:" in html
    big_eater = html.index('href="/Main/BigEater">Big Eater</a>:</strong>')
    fist = html.index('href="/Main/MyFistForgivesYou">My Fist Forgives You</a>:</strong>')
    assert big_eater < fist
    assert "Naomi never skips a meal." in html


def test_example_appears_on_both_pages_from_one_record(client, rouge):
    example = rouge.examples.get(trope__page__name="BigEater")
    example.text = "Naomi eats for three."
    example.save()
    assert "Naomi eats for three." in client.get("/Anime/MetallicRouge").content.decode()
    assert "Naomi eats for three." in client.get("/Main/BigEater").content.decode()


def test_trope_page_groups_examples_by_medium_in_folders(client):
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater", laconic="Eats a lot.")
    ExampleFactory(trope=trope, work=WorkFactory(page__namespace="Film", page__title="Zeta Film"))
    ExampleFactory(trope=trope, work=WorkFactory(page__namespace="Anime", page__title="Alpha Show"))
    ExampleFactory(trope=trope, work=WorkFactory(page__namespace="Anime", page__title="Beta Show"))
    html = client.get("/Main/BigEater").content.decode()
    assert '<p class="laconic">Eats a lot.</p>' in html
    assert "<summary>Anime <small>(2)</small></summary>" in html
    assert "<summary>Film <small>(1)</small></summary>" in html
    assert html.index("Alpha Show") < html.index("Beta Show") < html.index("Zeta Film")


def test_trope_page_sorts_by_rating_within_each_medium(client):
    trope = TropeFactory(page__name="BigEater")
    low = ExampleFactory(trope=trope, work=WorkFactory(page__title="Alpha Show"))
    high = ExampleFactory(trope=trope, work=WorkFactory(page__title="Beta Show"))
    votes.cast_vote(UserFactory(), low, 2)
    votes.cast_vote(UserFactory(), high, 5)
    by_title = client.get("/Main/BigEater").content.decode()
    by_rating = client.get("/Main/BigEater?sort=rating").content.decode()
    assert by_title.index("Alpha Show") < by_title.index("Beta Show")
    assert by_rating.index("Beta Show") < by_rating.index("Alpha Show")


def test_each_example_shows_its_rating(client, rouge):
    example = rouge.examples.get(trope__page__name="BigEater")
    for value in (5, 4, 5):
        votes.cast_vote(UserFactory(), example, value)
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert '<span class="score">4.7</span> (3 votes)' in html


def test_work_page_features_its_best_rated_example(client, rouge):
    fist = rouge.examples.get(trope__page__name="MyFistForgivesYou")
    for _ in range(5):
        votes.cast_vote(UserFactory(), fist, 5)
    html = client.get("/Anime/MetallicRouge").content.decode()
    featured = html[html.index('class="featured-example"') :]
    assert "Top example:" in featured and "My Fist Forgives You" in featured
    assert "How well does it match the trope?" in featured
    assert '<span class="score">5</span> (5 votes)' in featured
    assert "Main / MyFistForgivesYou" in featured


# Rendering an anonymous reader's page the first time, after finding its cache stamp.
ANONYMOUS_QUERIES = 7


@pytest.mark.parametrize("count", [5, 200])
def test_work_page_costs_the_same_queries_whatever_its_size(
    client, django_assert_max_num_queries, count
):
    import_examples([(f"Trope{n}", "Anime/BigShow") for n in range(count)])
    # The page with its work, examples, red links, backlinks and indexes (and their count when
    # there are more than shown), namespace tabs.
    with django_assert_max_num_queries(ANONYMOUS_QUERIES):
        assert client.get("/Anime/BigShow").status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_trope_page_costs_the_same_queries_whatever_its_size(
    client, django_assert_max_num_queries, count
):
    import_examples([("CommonTrope", f"Anime/Show{n}") for n in range(count)])
    with django_assert_max_num_queries(ANONYMOUS_QUERIES):
        assert client.get("/Main/CommonTrope").status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_signed_in_work_page_costs_a_fixed_number_of_queries(
    client, reader, count, django_assert_max_num_queries
):
    import_examples([(f"Trope{n}", "Anime/BigShow") for n in range(count)])
    for example in Example.objects.all():
        votes.cast_vote(reader, example, 4)
    client.force_login(reader)
    # No cache stamp, but session, user, role, own votes, own held changes, notices, and
    # whether they follow it.
    with django_assert_max_num_queries(ANONYMOUS_QUERIES + 6):
        assert client.get("/Anime/BigShow").status_code == 200


def test_trope_page_shows_the_readers_own_votes(client, reader):
    example = ExampleFactory(trope=TropeFactory(page__name="BigEater"))
    votes.cast_vote(reader, example, 3)
    client.force_login(reader)
    assert "you: 3" in client.get("/Main/BigEater").content.decode()


def test_page_image_has_caption_and_alt_text(client, rouge, settings):
    from django.core.files.base import ContentFile

    page = rouge.page
    page.image_alt = "Rouge, red armour, rain"
    page.image.save("rouge.png", ContentFile(b"\x89PNG fake"), save=True)
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert 'alt="Rouge, red armour, rain"' in html
    assert "<figcaption>Rouge in battle form</figcaption>" in html


def test_spoilers_never_reach_title_or_meta_tags(client):
    trope = TropeFactory(page__name="TheMole", page__title="The Mole")
    work = WorkFactory(
        page__name="SpyShow",
        page__title="Spy Show",
        page__body="A spy drama. [[spoiler:The captain is the traitor.]] Watch it.",
    )
    ExampleFactory(trope=trope, work=work, text="[[spoiler:The captain]] sells secrets.")
    html = client.get("/Anime/SpyShow").content.decode()
    head = html[: html.index("</head>")]
    assert "traitor" not in head and "captain" not in head
    assert '<meta name="description" content="A spy drama. Watch it.">' in head
    assert "traitor" in html  # still on the page, inside a hidden spoiler
    assert 'class="spoiler"' in html


def test_example_page_shows_the_vote_box_and_what_it_is_an_example_of(client, rouge):
    example = rouge.examples.get(trope__page__name="BigEater")
    html = client.get(f"/examples/{example.pk}").content.decode()
    assert "How well does it match the trope?" in html
    assert "Main / BigEater" in html
    assert "Sign in to vote" in html


def test_missing_example_is_a_404(client, db):
    assert client.get("/examples/999999").status_code == 404


def test_index_pages_have_no_examples_section(client):
    PageFactory(namespace="Main", name="SciFiTropes", title="Sci-Fi Tropes", kind=kinds.INDEX)
    response = client.get("/Main/SciFiTropes")
    assert response.status_code == 200
    assert "provides examples of" not in response.content.decode()


def test_page_marked_as_work_without_a_work_record_still_renders(client):
    PageFactory(namespace="Film", name="Orphan", kind=Work.KIND, body="Just a page.")
    response = client.get("/Film/Orphan")
    assert response.status_code == 200
    assert "Just a page." in response.content.decode()


def test_top_example_weighs_many_good_votes_above_one_perfect_vote(client):
    work = WorkFactory(page__name="Show")
    lone = ExampleFactory(work=work, trope__page__title="Lone Five")
    crowd = ExampleFactory(work=work, trope__page__title="Crowd Favourite")
    votes.cast_vote(UserFactory(), lone, 5)
    for value in (5, 5, 4, 5, 5):
        votes.cast_vote(UserFactory(), crowd, value)
    html = client.get("/Anime/Show").content.decode()
    featured = html[html.index('class="featured-example"') : html.index("</aside>")]
    assert "Crowd Favourite" in featured and "Lone Five" not in featured
