"""Needs context: members flag examples as lacking context, once each, with a note; editors
see how many did beside the example; editing its text clears them; and /cleanup lists the
flagged examples and those the editor hints mark, filtered, sorted by flags and paged."""

import re

import pytest
from django.test import Client

from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tests.integrity_runs import check_integrity, found_and_repaired
from tropes import context_flags
from tropes.models import ContextFlag, Example
from tropes.views import cleanup
from wiki import personal

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LONG = "Rouge eats three cakes at the gala and blames the Neans for the missing cream."


@pytest.fixture
def example(rouge, big_eater):
    return ExampleFactory(trope=big_eater, work=rouge, text=LONG)


def flag(client, user, example, note="", **headers):
    client.force_login(user)
    return client.post(f"/examples/{example.pk}/context", {"note": note}, headers=headers)


def count_of(example):
    return Example.objects.values_list("context_flags", flat=True).get(pk=example.pk)


def queue(client, **params):
    """The examples /cleanup lists, as "Trope in Work"."""
    html = client.get("/cleanup", params).content.decode()
    about = r'<p class="cleanup-about">(<a [^>]*>.*?</a> in <a [^>]*>.*?</a>)'
    return [re.sub(r"<[^>]+>", "", found) for found in re.findall(about, html)]


def test_a_member_flags_an_example_from_the_widget_beside_it(client, reader, example):
    client.force_login(reader)
    row = client.get("/Main/BigEater").content.decode()
    assert f'hx-get="/examples/{example.pk}/context"' in row
    widget = client.get(f"/examples/{example.pk}/context", headers=HTMX).content.decode()
    assert f'action="/examples/{example.pk}/context"' in widget
    response = flag(client, reader, example, "Who is Rouge?", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="context-flag" id="context-flag-{example.pk}">')
    assert "You flagged it as lacking context: “Who is Rouge?”." in html
    assert "Withdraw my flag" in html
    assert count_of(example) == 1
    assert ContextFlag.objects.get().note == "Who is Rouge?"


def test_a_member_flags_an_example_once(client, reader, example):
    flag(client, reader, example)
    response = flag(client, reader, example, "Again", **HTMX)
    assert "You have flagged this example already." in response.content.decode()
    assert count_of(example) == 1 and ContextFlag.objects.count() == 1


def test_each_member_flag_counts(client, reader, new_editor, example):
    flag(client, reader, example)
    flag(client, new_editor, example)
    assert count_of(example) == 2


def test_a_plain_form_flag_goes_back_where_it_came_from(client, reader, example):
    client.force_login(reader)
    response = client.post(
        f"/examples/{example.pk}/context", {"note": "", "next": "/Main/BigEater"}
    )
    assert response["Location"] == "/Main/BigEater"
    assert count_of(example) == 1
    assert client.get(f"/examples/{example.pk}/context")["Location"] == f"/examples/{example.pk}"


def test_withdrawing_a_flag_takes_it_off_the_count(client, reader, example):
    flag(client, reader, example)
    response = client.post(f"/examples/{example.pk}/context/withdraw", headers=HTMX)
    assert "Flag withdrawn." in response.content.decode()
    assert "Flag as lacking context" in response.content.decode()
    assert count_of(example) == 0 and not ContextFlag.objects.exists()


def test_who_may_flag(client, banned_user, example):
    anonymous = Client()
    widget = anonymous.get(f"/examples/{example.pk}/context", headers=HTMX).content.decode()
    assert "to flag it as lacking context" in widget and "<form" not in widget
    response = anonymous.post(f"/examples/{example.pk}/context")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert flag(client, banned_user, example, **HTMX).status_code == 403
    assert flag(client, banned_user, example).status_code == 403
    assert client.post("/examples/999999/context").status_code == 404
    assert client.get(f"/examples/{example.pk}/context/withdraw").status_code == 405
    assert count_of(example) == 0


def test_a_note_is_one_line_of_at_most_200_characters(client, reader, example):
    response = flag(client, reader, example, "x" * 201, **HTMX)
    assert response.status_code == 400
    assert count_of(example) == 0


def test_flags_are_rate_limited(client, reader, rouge, settings):
    settings.REPORT_RATE_LIMIT = 1
    first, second = (ExampleFactory(work=rouge, text=LONG) for _ in range(2))
    flag(client, reader, first)
    assert flag(client, reader, second).status_code == 429


def test_editors_see_the_count_beside_the_example_on_both_its_pages_at_once(
    client, editor, reader, example
):
    client.force_login(editor)
    for path in ("/Main/BigEater", "/Anime/MetallicRouge"):
        assert "context-count" not in client.get(path).content.decode()  # kept for editors
    flag(Client(), reader, example)
    for path in ("/Main/BigEater", "/Anime/MetallicRouge"):
        html = client.get(path).content.decode()
        assert 'title="Members who flagged it as lacking context">⚑ 1</span>' in html


def test_readers_who_are_not_signed_in_see_neither_count_nor_link(client, reader, example):
    flag(client, reader, example)
    html = Client().get("/Main/BigEater").content.decode()
    assert "context-count" not in html and "needs context?" not in html


def test_the_examples_page_shows_each_member_their_own_flag(client, reader, new_editor, example):
    flag(client, reader, example, "Who is Rouge?")
    mine = client.get(f"/examples/{example.pk}").content.decode()
    assert "You flagged it as lacking context: “Who is Rouge?”." in mine
    client.force_login(new_editor)
    theirs = client.get(f"/examples/{example.pk}").content.decode()
    assert "You flagged it" not in theirs and "Flag as lacking context" in theirs
    assert "⚑ 1 member flagged this example as lacking context." in theirs


def test_a_members_own_flag_is_filled_in_for_them_alone(rf, reader, new_editor, example):
    context_flags.flag(example, reader, "Who?")
    for user, expected in ((reader, "You flagged it"), (new_editor, "Flag as lacking context")):
        request = rf.get(f"/examples/{example.pk}")
        request.user = user
        member = personal.Member(request, personal.PageShown(example.work_id, "Anime", "X"))
        assert expected in context_flags.fill_flag(member, str(example.pk))


def test_editing_the_text_clears_the_flags(client, reader, editor, example):
    flag(client, reader, example)
    client.force_login(editor)
    latest = example.history.order_by("-history_id").first()
    response = client.post(
        f"/examples/{example.pk}/edit",
        {"text": LONG + " She was hungry.", "base_revision": latest.history_id, "summary": ""},
    )
    assert response.status_code == 302
    assert count_of(example) == 0 and not ContextFlag.objects.exists()
    assert queue(client) == []


def test_the_queue_lists_flagged_examples_and_those_the_hints_mark(client, reader, rouge):
    flagged = ExampleFactory(trope=TropeFactory(page__title="Flagged Trope"), work=rouge, text=LONG)
    ExampleFactory(trope=TropeFactory(page__title="Short Trope"), work=rouge, text="She eats.")
    ExampleFactory(
        trope=TropeFactory(page__title="Chatty Trope"),
        work=rouge,
        text=LONG + "\n* Actually, it was four cakes.",
    )
    ExampleFactory(trope=TropeFactory(page__title="Fine Trope"), work=rouge, text=LONG)
    flag(client, reader, flagged, "Which gala?")
    html = Client().get("/cleanup").content.decode()  # anyone may read it
    assert queue(Client()) == [
        "Flagged Trope in Metallic Rouge",
        "Chatty Trope in Metallic Rouge",
        "Short Trope in Metallic Rouge",
    ]
    assert '<span class="cleanup-hint">Zero context</span>' in html
    assert '<span class="cleanup-hint">Natter</span>' in html
    assert "<li>Which gala?</li>" in html
    assert "3 examples" in html


def test_the_queue_puts_the_most_flagged_first(client, rouge):
    few, many = (ExampleFactory(work=rouge, text=LONG) for _ in range(2))
    for _ in range(3):
        context_flags.flag(many, UserFactory())
    context_flags.flag(few, UserFactory())
    assert queue(client) == [str(many), str(few)]


def test_the_queue_is_filtered_by_medium_and_by_trope(client, rouge, big_eater):
    film = WorkFactory(page__namespace="Film", page__title="Heat")
    ExampleFactory(trope=big_eater, work=rouge, text="Eats.")
    ExampleFactory(trope=big_eater, work=film, text="Eats.")
    ExampleFactory(work=film, text="Sleeps.")
    assert len(queue(client)) == 3
    assert queue(client, namespace="Anime") == ["Big Eater in Metallic Rouge"]
    assert sorted(queue(client, trope="Big Eater")) == [
        "Big Eater in Heat",
        "Big Eater in Metallic Rouge",
    ]
    assert queue(client, trope="BigEater", namespace="Film") == ["Big Eater in Heat"]
    assert len(queue(client, namespace="NoSuchMedium")) == 3  # an unknown medium: all
    html = client.get("/cleanup", {"trope": "No Such Trope"}).content.decode()
    assert "No trope called “No Such Trope”." in html and "cleanup-about" not in html


def test_the_queue_is_paged_and_counted_no_further_than_its_last_page(client, rouge, monkeypatch):
    monkeypatch.setattr(cleanup, "PER_PAGE", 5)
    monkeypatch.setattr(cleanup, "MAX_PAGES", 2)
    for _ in range(12):
        ExampleFactory(work=rouge, text="Eats.")
    html = client.get("/cleanup").content.decode()
    assert "More than 10 examples: choose a medium or a trope to see the rest." in html
    assert len(queue(client)) == 5
    assert len(queue(client, page="2")) == 5
    assert queue(client, page="999") == queue(client, page="2")  # never past the last page


@pytest.mark.parametrize("count", [5, 60])
def test_the_queue_costs_the_same_queries_whatever_its_length(
    client, rouge, count, django_assert_max_num_queries
):
    for n in range(count):
        example = ExampleFactory(work=rouge, text="Eats.")
        if n % 2:
            context_flags.flag(example, UserFactory(), f"Note {n}")
    # Its count, its examples with their pages, their notes.
    with django_assert_max_num_queries(3):
        assert client.get("/cleanup").status_code == 200
    with django_assert_max_num_queries(4):  # and the trope it is filtered by
        assert client.get("/cleanup", {"trope": "Big Eater"}).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_a_signed_in_trope_page_with_flags_costs_what_it_did(
    client, editor, big_eater, count, django_assert_max_num_queries
):
    for n in range(count):
        example = ExampleFactory(trope=big_eater, text=LONG)
        if n < 5:
            context_flags.flag(example, UserFactory())
    client.force_login(editor)
    # tests/tropes/test_pages.py's budget for a member's first render.
    with django_assert_max_num_queries(7 + 6):
        html = client.get("/Main/BigEater").content.decode()
    assert html.count("⚑ 1</span>") == 5


def test_a_count_that_does_not_match_its_flags_is_found_and_counted_again(
    client, editor, reader, example
):
    context_flags.flag(example, reader)
    Example.objects.filter(pk=example.pk).update(context_flags=4)
    client.force_login(editor)
    assert "⚑ 4</span>" in client.get("/Main/BigEater").content.decode()  # kept so
    found = found_and_repaired("context-flags")
    assert f"example {example.pk}: 4 flags counted, 1 made" in found
    assert count_of(example) == 1
    assert "⚑ 1</span>" in client.get("/Main/BigEater").content.decode()
    status, output = check_integrity("--check", "context-flags")
    assert status == 0, output


def test_a_moderator_removes_a_flag_in_the_admin_and_the_count_follows(
    client, moderator, reader, example
):
    made = context_flags.flag(example, reader, "Something rude")
    client.force_login(moderator)
    assert "Something rude" in client.get("/admin/tropes/contextflag/").content.decode()
    response = client.post(f"/admin/tropes/contextflag/{made.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert count_of(example) == 0 and not ContextFlag.objects.exists()
    assert client.get("/admin/tropes/contextflag/add/").status_code == 403
