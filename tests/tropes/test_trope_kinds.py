"""Kinds of trope and where their examples go: a YMMV or trivia trope is marked as such
wherever it is listed, and its examples for a work are on the work's YMMV or Trivia subpage,
never on the work's main page."""

import re

import pytest

from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory
from tests.helpers import form_data
from tropes import votes
from tropes.models import Character, Example, Subpage, Trope
from wiki import kinds
from wiki.models import Page, PendingChange
from wiki.moderation import review

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


def test_a_trope_made_ymmv_leaves_the_work_page_at_once(client, moderator, rouge, big_eater):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert "Naomi eats." in main_page(client, rouge)  # and now kept
    big_eater.kind = Trope.Kind.YMMV
    big_eater.save()
    assert "Naomi eats." not in main_page(client, rouge)


def test_a_trope_made_ymmv_in_its_edit_form_leaves_the_work_page_at_once(
    client, editor, rouge, big_eater
):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert "Naomi eats." in main_page(client, rouge)  # and now kept
    client.force_login(editor)
    answer = client.post("/Main/BigEater/edit", form_data(big_eater.page, kind="ymmv"))
    assert answer.status_code == 302
    big_eater.refresh_from_db()
    assert big_eater.kind == Trope.Kind.YMMV
    assert big_eater.history.latest().kind == "ymmv"  # a revision of the trope
    assert "Naomi eats." not in main_page(client.__class__(), rouge)


def test_the_tropes_history_lists_a_change_of_kind(client, editor, big_eater):
    client.force_login(editor)
    client.post("/Main/BigEater/edit", form_data(big_eater.page, kind="ymmv", summary="Opinion"))
    html = client.get("/Main/BigEater/history").content.decode()
    assert "laconic, kind (YMMV trope) or examples rule" in html and "Opinion" in html


def test_a_trope_made_ymmv_by_any_code_leaves_the_work_page_at_once(client, rouge, big_eater):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert "Naomi eats." in main_page(client, rouge)
    big_eater.kind = Trope.Kind.YMMV
    big_eater.save()
    assert "Naomi eats." not in main_page(client, rouge)


def test_a_laconic_edit_leaves_the_works_pages_alone(client, editor, rouge, big_eater):
    ExampleFactory(trope=big_eater, work=rouge)
    stamp = Page.objects.get(pk=rouge.pk).shown_stamp
    client.force_login(editor)
    client.post("/Main/BigEater/edit", form_data(big_eater.page, laconic="Eats a lot."))
    assert Page.objects.get(pk=rouge.pk).shown_stamp == stamp


def test_a_new_editor_sees_the_kind_but_cannot_change_it(client, new_editor, big_eater):
    client.force_login(new_editor)
    form = client.get("/Main/BigEater/edit").content.decode()
    assert re.search(r'<select name="kind"[^>]* disabled', form)
    client.post("/Main/BigEater/edit", form_data(big_eater.page, kind="ymmv", body="More."))
    change = PendingChange.objects.get()  # their edit waits for review, without the kind
    review.approve(change, UserFactory(is_superuser=True))
    big_eater.refresh_from_db()
    assert big_eater.page.body == "More." and big_eater.kind == Trope.Kind.TROPE


def test_only_moderators_set_a_tropes_example_rule(client, editor, moderator, big_eater):
    client.force_login(editor)
    assert re.search(
        r'<select name="example_rule"[^>]* disabled',
        client.get("/Main/BigEater/edit").content.decode(),
    )
    client.post("/Main/BigEater/edit", form_data(big_eater.page, example_rule="none"))
    big_eater.refresh_from_db()
    assert big_eater.example_rule == Trope.ExampleRule.OPEN
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", form_data(big_eater.page, example_rule="none"))
    big_eater.refresh_from_db()
    assert big_eater.example_rule == Trope.ExampleRule.NONE


def test_a_moderator_sets_the_rule_in_the_admin(client, moderator, rouge, big_eater):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert "Naomi eats." in main_page(client, rouge)
    client.force_login(moderator)
    url = f"/admin/tropes/trope/{big_eater.pk}/change/"
    assert "example_rule" in client.get(url).content.decode()
    data = {
        "page": big_eater.pk,
        "laconic": big_eater.laconic,
        "kind": "trope",
        "example_rule": "trope_page_only",
    }
    assert client.post(url, data).status_code == 302
    assert "Naomi eats." not in main_page(client.__class__(), rouge)
    assert "Naomi eats." in client.get("/Main/BigEater").content.decode()


@pytest.mark.parametrize(
    ("fixture", "words"),
    [("narm", "This is a YMMV trope"), ("dueling_works", "This is a trivia trope")],
)
def test_a_ymmv_or_trivia_trope_page_says_so(client, request, fixture, words):
    trope = request.getfixturevalue(fixture)
    html = client.get(trope.page.get_absolute_url()).content.decode()
    banner = re.search(
        r'<aside class="trope-kind-banner[^"]*" role="note">(.*?)</aside>', html, re.S
    )
    assert words in banner[1] and 'class="trope-kind' in banner[1]


def test_a_plain_trope_page_has_no_banner(client, big_eater):
    assert "trope-kind-banner" not in client.get("/Main/BigEater").content.decode()


def test_ymmv_and_trivia_tropes_carry_their_icon_where_examples_list_them(
    client, rouge, narm, reader
):
    example = ExampleFactory(trope=narm, work=rouge, text="The dub's screaming.")
    votes.cast_vote(reader, example, 5)
    votes.cast_vote(UserFactory(), example, 5)
    icon = 'aria-label="YMMV trope" title="YMMV trope">🤔</span>'
    assert icon in client.get(example.url).content.decode()
    assert icon in client.get("/").content.decode()  # among the best rated


YMMV_ICON = 'aria-label="YMMV trope" title="YMMV trope">🤔</span>'


def test_an_index_and_the_tropes_namespace_list_a_ymmv_trope_with_its_icon(client, narm):
    PageFactory(name="AudienceTropes", kind=kinds.INDEX, body="* [[Narm]]\n* [[BigEater]]")
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    for path in ("/Main/AudienceTropes", "/Main/"):
        html = client.get(path).content.decode()
        assert '<a href="/Main/Narm">Narm</a> <span class="trope-kind trope-kind-ymmv"' in html
        assert html.count(YMMV_ICON) == 1


def test_an_index_shows_a_trope_made_ymmv_at_once(client, big_eater):
    PageFactory(name="EatingTropes", kind=kinds.INDEX, body="* [[BigEater]]")
    assert YMMV_ICON not in client.get("/Main/EatingTropes").content.decode()  # now kept
    big_eater.kind = Trope.Kind.YMMV
    big_eater.save()
    assert YMMV_ICON in client.get("/Main/EatingTropes").content.decode()


def test_the_example_forms_suggestions_mark_ymmv_tropes_and_rules(client, editor, narm):
    TropeFactory(page__name="Narmful", page__title="Narmful", example_rule=Trope.ExampleRule.NONE)
    client.force_login(editor)
    html = client.get("/examples/lookup", {"kind": "trope", "q": "Narm"}).content.decode()
    assert YMMV_ICON in html and "No examples: a definition only" in html


def test_examples_about_a_character_are_not_the_works_own(client, rouge, big_eater):
    rouge_red = Character.objects.create(work=rouge, folder="Heroes", name="Rouge Redstar")
    ExampleFactory(trope=big_eater, work=rouge, character=rouge_red, text="Rouge eats.")
    assert "Rouge eats." not in main_page(client, rouge)


# Where a new example goes -------------------------------------------------------------------


def add_from_work(client, user, subject):
    client.force_login(user)
    return client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": subject, "text": "The dub's screaming.", "played": "straight"},
    )


def test_a_ymmv_example_added_from_the_work_page_goes_on_its_ymmv_page(client, editor, rouge, narm):
    answer = add_from_work(client, editor, "Narm")
    example = Example.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/YMMV/MetallicRouge#example-{example.pk}"
    subpage = Subpage.objects.select_related("page", "kind").get(work=rouge)
    assert (subpage.kind.accepts, subpage.page.namespace) == ("ymmv", "YMMV")
    page = client.get(answer["Location"]).content.decode()
    assert "Narm is a YMMV trope: its examples go on the work&#x27;s page for them" in page
    assert 'It is listed on <a href="/YMMV/MetallicRouge">YMMV / Metallic Rouge</a>' in page
    assert f'id="example-{example.pk}"' in page and "The dub's screaming." in page
    assert "screaming" not in main_page(client, rouge)
    assert 'href="/YMMV/MetallicRouge"' in client.get("/Anime/MetallicRouge").content.decode()


def test_a_works_existing_ymmv_page_takes_it(client, editor, rouge, narm, dueling_works):
    add_from_work(client, editor, "Narm")
    add_from_work(client, editor, "Dueling Works")
    assert Subpage.objects.filter(work=rouge).count() == 2
    other = TropeFactory(page__name="SoBadItsGood", page__title="So Bad", kind=Trope.Kind.YMMV)
    answer = add_from_work(client, editor, other.page.title)
    assert answer["Location"].startswith("/YMMV/MetallicRouge#")
    assert Subpage.objects.filter(work=rouge).count() == 2


def test_one_added_from_the_trope_page_has_its_ymmv_page_made_too(client, editor, rouge, narm):
    client.force_login(editor)
    client.post("/examples/new?trope=Narm", {"subject": "Metallic Rouge", "text": "Screams."})
    assert "Screams." in client.get("/YMMV/MetallicRouge").content.decode()


def test_a_held_ymmv_example_makes_its_page_once_approved(
    client, new_editor, moderator, rouge, narm
):
    add_from_work(client, new_editor, "Narm")
    assert not Subpage.objects.exists()
    review.approve(PendingChange.objects.get(), moderator)
    subpage = Subpage.objects.select_related("page").get(work=rouge)
    assert subpage.page.history.get().history_user == new_editor
    assert "screaming" in client.get("/YMMV/MetallicRouge").content.decode()


def test_one_for_the_trope_page_only_is_shown_there(client, editor, rouge, big_eater):
    big_eater.example_rule = Trope.ExampleRule.TROPE_PAGE_ONLY
    big_eater.save()
    answer = add_from_work(client, editor, "Big Eater")
    assert answer["Location"].startswith("/Main/BigEater#example-")
    page = client.get(answer["Location"]).content.decode()
    assert "Examples of Big Eater are listed on its own page only." in page
    assert not Subpage.objects.exists()


def test_adding_a_ymmv_example_costs_what_any_example_costs(
    client, editor, rouge, narm, django_assert_max_num_queries
):
    client.force_login(editor)
    TropeFactory(page__name="SoBadItsGood", page__title="So Bad", kind=Trope.Kind.YMMV)

    def add(subject):
        data = {"subject": subject, "text": "The dub's screaming.", "played": "straight"}
        return client.post("/examples/new?work=Anime/MetallicRouge", data)

    # The first makes the work's YMMV page as well: a new page's writes (its revision, links,
    # stamps and search entry) come with it, once.
    with django_assert_max_num_queries(34 + 22):
        assert add("Narm").status_code == 302
    with django_assert_max_num_queries(34):
        assert add("So Bad").status_code == 302
