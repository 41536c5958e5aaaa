"""Typed relations between tropes: stored once, shown on both tropes' pages in a "Related
tropes" box with each side's words, edited there by editors, each change a revision that goes
live or waits for review, and both pages fresh at once."""

import re

import pytest
from django.test import Client

from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import form_data, import_examples
from tropes.models import Trope, TropeRelation
from wiki import moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def food():
    return TropeFactory(page__name="FoodTropes", page__title="Food Tropes")


@pytest.fixture
def eater():
    return TropeFactory(page__name="BigEater", page__title="Big Eater")


@pytest.fixture
def picky():
    return TropeFactory(page__name="PickyEater", page__title="Picky Eater")


@pytest.fixture
def anonymous():
    """A reader who is not signed in, and is shown kept copies of pages."""
    return Client()


def box(client, name):
    """{heading: [titles]} of the trope's "Related tropes" box, as a reader sees it."""
    html = client.get(f"/Main/{name}").content.decode()
    if 'id="related-tropes"' not in html:
        return None
    section = html[
        html.index('id="related-tropes"') : html.index(
            "</section>", html.index('id="related-tropes"')
        )
    ]
    groups = {}
    for heading, items in re.findall(r"<h3>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", section, re.S):
        groups[heading] = re.findall(r'<li><a href="[^"]*">(.*?)</a>', items)
    return groups


def relate(client, user, trope, subject, wording, summary=""):
    client.force_login(user)
    data = {"wording": wording, "subject": subject, "summary": summary}
    return client.post(f"/Main/{trope}/relations", data)


def test_a_subtrope_is_listed_under_supertropes_and_subtropes_from_each_side(
    client, editor, anonymous, food, eater
):
    response = relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    assert response.status_code == 302
    assert response["Location"] == "/Main/BigEater#related-tropes"
    assert box(anonymous, "BigEater") == {"Supertropes": ["Food Tropes"]}
    assert box(anonymous, "FoodTropes") == {"Subtropes": ["Big Eater"]}


def test_a_relation_is_stored_once_whichever_side_it_is_written_from(
    client, editor, anonymous, food, eater
):
    relate(client, editor, "FoodTropes", "Big Eater", "supertrope_of")
    relation = TropeRelation.objects.get()
    assert (relation.trope, relation.other, relation.kind) == (eater, food, "subtrope")
    assert box(anonymous, "BigEater") == {"Supertropes": ["Food Tropes"]}
    assert box(anonymous, "FoodTropes") == {"Subtropes": ["Big Eater"]}


@pytest.mark.parametrize(
    "wording, here, there",
    [("related_to", "Related", "Related"), ("contrasts_with", "Contrast", "Contrast")],
)
def test_related_and_contrasting_tropes_read_the_same_from_both_sides(
    client, editor, anonymous, eater, picky, wording, here, there
):
    relate(client, editor, "BigEater", "PickyEater", wording)
    assert box(anonymous, "BigEater") == {here: ["Picky Eater"]}
    assert box(anonymous, "PickyEater") == {there: ["Big Eater"]}


def test_a_ymmv_version_reads_version_of_and_its_trope_lists_its_versions(
    client, editor, anonymous, eater
):
    TropeFactory(page__name="BigEaterYMMV", page__title="Gluttony Is Cute", kind=Trope.Kind.YMMV)
    relate(client, editor, "BigEater", "Gluttony Is Cute", "has_version")
    assert box(anonymous, "BigEaterYMMV") == {"Version of": ["Big Eater"]}
    assert box(anonymous, "BigEater") == {"YMMV/trivia versions": ["Gluttony Is Cute"]}


def test_only_a_ymmv_or_trivia_trope_can_be_a_version(client, editor, eater, picky):
    response = relate(client, editor, "BigEater", "Picky Eater", "version_of")
    assert response.status_code == 400
    assert "Only a YMMV or trivia trope is a version of another" in response.content.decode()
    assert not TropeRelation.objects.exists()


def test_the_box_lists_each_heading_in_order_and_tropes_by_title(
    client, editor, anonymous, food, eater, picky
):
    TropeFactory(page__name="Gourmand", page__title="Adorable Gourmand")
    relate(client, editor, "BigEater", "Picky Eater", "contrasts_with")
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    relate(client, editor, "BigEater", "Adorable Gourmand", "supertrope_of")
    relate(client, editor, "BigEater", "Food Tropes", "related_to")  # refused: already related
    TropeFactory(page__name="Feast", page__title="Feast")
    relate(client, editor, "BigEater", "Feast", "related_to")
    assert box(anonymous, "BigEater") == {
        "Supertropes": ["Food Tropes"],
        "Subtropes": ["Adorable Gourmand"],
        "Related": ["Feast"],
        "Contrast": ["Picky Eater"],
    }
    html = anonymous.get("/Main/BigEater").content.decode()
    headings = re.findall(r"<h3>(.*?)</h3>", html)
    assert headings == ["Supertropes", "Subtropes", "Related", "Contrast"]


def test_a_pair_is_related_once_whichever_way_it_is_written(client, editor, food, eater):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    response = relate(client, editor, "FoodTropes", "Big Eater", "related_to")
    assert response.status_code == 400
    assert "These tropes are already related (Big Eater is a subtrope of Food Tropes)" in (
        response.content.decode()
    )
    assert TropeRelation.objects.count() == 1


def test_a_trope_is_not_related_to_itself_nor_to_a_trope_that_does_not_exist(client, editor, eater):
    response = relate(client, editor, "BigEater", "Big Eater", "related_to")
    assert response.status_code == 400
    assert "A trope cannot be related to itself." in response.content.decode()
    response = relate(client, editor, "BigEater", "No Such Trope", "related_to")
    assert response.status_code == 400
    assert "No trope called “No Such Trope”." in response.content.decode()
    assert not TropeRelation.objects.exists()


def test_the_refused_form_keeps_what_the_editor_typed(client, editor, eater):
    html = relate(client, editor, "BigEater", "No Such Trope", "contrasts_with").content.decode()
    assert 'value="No Such Trope"' in html
    assert '<option value="contrasts_with" selected>contrasts with</option>' in html


def test_editors_get_the_form_with_the_trope_lookup_and_readers_do_not(
    client, anonymous, editor, eater
):
    assert box(anonymous, "BigEater") is None  # no relation: no box for readers
    client.force_login(editor)
    html = client.get("/Main/BigEater").content.decode()
    assert 'action="/Main/BigEater/relations"' in html
    assert 'hx-get="/examples/lookup?kind=trope"' in html
    assert "Relate another trope" in html


def test_removing_a_relation_takes_it_off_both_pages_at_once(
    client, editor, anonymous, food, eater
):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    assert box(anonymous, "BigEater") and box(anonymous, "FoodTropes")  # kept now
    relation = TropeRelation.objects.get()
    html = client.get("/Main/FoodTropes").content.decode()
    assert f'action="/Main/FoodTropes/relations/{relation.pk}/remove"' in html
    response = client.post(f"/Main/FoodTropes/relations/{relation.pk}/remove", {"summary": "No"})
    assert response.status_code == 302
    assert not TropeRelation.objects.exists()
    assert box(anonymous, "BigEater") is None
    assert box(anonymous, "FoodTropes") is None


def test_adding_a_relation_gives_both_kept_pages_the_news_at_once(
    client, editor, anonymous, food, eater
):
    assert box(anonymous, "BigEater") is None and box(anonymous, "FoodTropes") is None
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    assert box(anonymous, "BigEater") == {"Supertropes": ["Food Tropes"]}
    assert box(anonymous, "FoodTropes") == {"Subtropes": ["Big Eater"]}


def test_a_relation_is_removed_only_from_a_page_it_shows_on(client, editor, food, eater, picky):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    relation = TropeRelation.objects.get()
    assert client.post(f"/Main/PickyEater/relations/{relation.pk}/remove").status_code == 404
    assert client.get(f"/Main/BigEater/relations/{relation.pk}/remove").status_code == 405
    assert TropeRelation.objects.exists()


def test_each_change_is_a_revision_with_its_summary_in_both_histories(client, editor, food, eater):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of", summary="Obviously food")
    relation = TropeRelation.objects.get()
    client.post(f"/Main/BigEater/relations/{relation.pk}/remove", {"summary": "Second thoughts"})
    for name in ("BigEater", "FoodTropes"):
        html = client.get(f"/Main/{name}/history").content.decode()
        assert "Big Eater is a subtrope of Food Tropes" in html
        assert "Obviously food" in html and "Second thoughts" in html
    changes = client.get("/changes").content.decode()
    assert "Big Eater is a subtrope of Food Tropes" in changes
    records = TropeRelation.history.order_by("history_id")
    assert [(r.history_type, r.history_user) for r in records] == [("+", editor), ("-", editor)]


def test_a_relation_without_a_summary_says_what_it_did(client, editor, food, eater):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    record = TropeRelation.history.get()
    assert record.history_change_reason == "Added: Big Eater is a subtrope of Food Tropes"


def test_a_new_editors_relation_waits_for_review(client, new_editor, moderator, food, eater):
    response = relate(client, new_editor, "BigEater", "Food Tropes", "subtrope_of")
    assert response.status_code == 302
    assert not TropeRelation.objects.exists()
    change = PendingChange.objects.get()
    assert change.description == "New relation: Big Eater is a subtrope of Food Tropes"
    assert moderation.review_texts(change)[1] == "Big Eater is a subtrope of Food Tropes"
    moderation.approve(change, moderator)
    relation = TropeRelation.objects.get()
    assert (relation.trope, relation.other) == (eater, food)
    assert TropeRelation.history.get().history_user == new_editor


def test_a_new_editors_removal_waits_for_review(client, editor, new_editor, moderator, food, eater):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    relation = TropeRelation.objects.get()
    client.force_login(new_editor)
    client.post(f"/Main/BigEater/relations/{relation.pk}/remove", {"summary": "Not food"})
    assert TropeRelation.objects.exists()
    change = PendingChange.objects.get()
    moderation.approve(change, moderator)
    assert not TropeRelation.objects.exists()


def test_a_locked_trope_takes_relations_from_moderators_alone(
    client, editor, moderator, food, eater
):
    Page.objects.filter(pk=food.pk).update(protection=Page.Protection.LOCKED)
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    assert not TropeRelation.objects.exists() and PendingChange.objects.count() == 1
    relate(client, moderator, "BigEater", "Food Tropes", "subtrope_of")
    assert TropeRelation.objects.count() == 1


def test_who_may_relate_tropes(client, anonymous, banned_user, editor, food, eater):
    response = anonymous.post("/Main/BigEater/relations", {"wording": "related_to"})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert relate(client, banned_user, "BigEater", "Food Tropes", "related_to").status_code == 403
    client.force_login(editor)
    assert client.get("/Main/NoSuchTrope/relations").status_code == 404
    page = client.get("/Main/BigEater/relations")  # the form on a page of its own
    assert page.status_code == 200 and "Related tropes of Big Eater" in page.content.decode()
    assert not TropeRelation.objects.exists()


def test_retitling_a_related_trope_shows_its_new_title_on_the_other_at_once(
    client, editor, anonymous, food, eater
):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    assert box(anonymous, "BigEater") == {"Supertropes": ["Food Tropes"]}
    food.page.refresh_from_db()
    client.post("/Main/FoodTropes/edit", form_data(food.page, title="Tropes of Food"))
    assert box(anonymous, "BigEater") == {"Supertropes": ["Tropes of Food"]}


def test_moving_a_related_trope_links_its_new_name_from_the_other(
    client, editor, anonymous, food, eater
):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    box(anonymous, "BigEater")
    data = {"namespace": "Main", "name": "Foods", "title": "Foods"}
    assert client.post("/Main/FoodTropes/move", data).status_code == 302
    html = anonymous.get("/Main/BigEater").content.decode()
    assert '<a href="/Main/Foods">Foods</a>' in html


def test_a_deleted_trope_leaves_no_relation_behind(client, editor, anonymous, food, eater):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    box(anonymous, "BigEater")
    food.page.delete()
    assert not TropeRelation.objects.exists()
    assert box(anonymous, "BigEater") is None


def test_a_related_trope_counts_among_the_pages_that_link_here(
    client, editor, anonymous, food, eater
):
    relate(client, editor, "BigEater", "Food Tropes", "subtrope_of")
    html = anonymous.get("/Main/FoodTropes").content.decode()
    assert "Pages that link here (1)" in html


@pytest.mark.parametrize("count", [5, 200])
def test_a_trope_page_with_relations_costs_the_same_queries_whatever_its_size(
    client, editor, anonymous, count, django_assert_max_num_queries
):
    import_examples(
        [("CommonTrope", f"Anime/Show{n}") for n in range(count)],
        text="Shown with [[Main/NoSuchPage]], a red link, and enough words around it.",
    )
    common = Trope.objects.get(page__name="CommonTrope")
    for n in range(6):
        other = TropeFactory(page__name=f"Kin{n}")
        relate(client, editor, "CommonTrope", other.page.title, "related_to")
    ExampleFactory(trope=common)
    # Its page with its trope, examples, red links, backlinks with their count and bars,
    # namespace tabs and relations: tests/tropes/test_pages.py's seven.
    with django_assert_max_num_queries(7):
        html = anonymous.get("/Main/CommonTrope").content.decode()
    assert len(box(anonymous, "CommonTrope")["Related"]) == 6
    assert "redlink" in html
