"""Adding, editing and removing examples from either page."""

import pytest

from tests.factories import ExampleFactory, TropeFactory
from tropes.models import Example
from wiki.models import Link

pytestmark = pytest.mark.django_db


TEXT = "Naomi orders three dinners and finishes all of them."


def test_add_from_a_work_page_shows_on_both_pages(client, editor, rouge, big_eater):
    client.force_login(editor)
    assert "Add an example" in client.get("/Anime/MetallicRouge").content.decode()
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": "Big Eater", "text": TEXT, "summary": "New"},
    )
    example = Example.objects.get()
    assert response["Location"] == f"/Anime/MetallicRouge#example-{example.pk}"
    assert TEXT in client.get("/Anime/MetallicRouge").content.decode()
    assert TEXT in client.get("/Main/BigEater").content.decode()
    revision = example.history.get()
    assert (revision.history_user, revision.history_change_reason) == (editor, "New")


def test_add_from_a_trope_page_choosing_the_work(client, editor, rouge, big_eater):
    client.force_login(editor)
    response = client.post(
        "/examples/new?trope=BigEater", {"subject": "metallic rouge", "text": TEXT}
    )
    assert response.status_code == 302
    assert Example.objects.get().work == rouge


@pytest.mark.parametrize(
    "typed", ["Metallic Rouge", "MetallicRouge", "Anime/MetallicRouge", "anime/metallicrouge"]
)
def test_the_work_may_be_named_by_title_wikiword_or_full_name(
    client, editor, rouge, big_eater, typed
):
    client.force_login(editor)
    response = client.post("/examples/new?trope=BigEater", {"subject": typed, "text": TEXT})
    assert response.status_code == 302
    assert Example.objects.get().work == rouge


@pytest.mark.parametrize("typed", ["Big Eater", "BigEater", "Main/BigEater", "big eater"])
def test_the_trope_may_be_named_by_title_wikiword_or_full_name(
    client, editor, rouge, big_eater, typed
):
    client.force_login(editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge", {"subject": typed, "text": TEXT}
    )
    assert response.status_code == 302
    assert Example.objects.get().trope == big_eater


def test_unknown_subject_is_a_form_error_that_keeps_the_text(client, editor, rouge):
    client.force_login(editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge", {"subject": "No Such Trope", "text": TEXT}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "No trope called “No Such Trope”." in html and TEXT in html


def test_a_second_example_of_the_same_pair_is_refused(client, editor, rouge, big_eater):
    existing = ExampleFactory(work=rouge, trope=big_eater)
    client.force_login(editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge", {"subject": "BigEater", "text": TEXT}
    )
    assert response.status_code == 400
    assert "already has an example of Big Eater" in response.content.decode()
    assert f"/examples/{existing.pk}/edit" in response.content.decode()
    assert Example.objects.count() == 1


def test_adding_for_a_missing_page_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get("/examples/new?work=Anime/Nothing").status_code == 404


def test_suggestions_put_prefix_matches_first(client, big_eater):
    TropeFactory(page__name="EaterOfWorlds", page__title="Eater of Worlds")
    TropeFactory(page__name="Unrelated", page__title="Unrelated")
    html = client.get("/examples/lookup", {"kind": "trope", "subject": "eater"}).content.decode()
    assert html.index("Eater of Worlds") < html.index("Big Eater")
    assert "Unrelated" not in html
    assert client.get("/examples/lookup", {"kind": "trope", "subject": ""}).content.strip() == b""
    for n in range(12):
        TropeFactory(page__title=f"Eater {n}")
    more = client.get("/examples/lookup", {"kind": "trope", "subject": "eater"}).content.decode()
    assert more.count('class="suggestion"') == 10


def test_edit_saves_a_revision(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text="Old text here.")
    client.force_login(editor)
    base = example.history.get().history_id
    response = client.post(
        f"/examples/{example.pk}/edit?next=/Main/BigEater",
        {"text": TEXT, "summary": "Clearer", "base_revision": base, "next": "/Main/BigEater"},
    )
    assert response["Location"] == "/Main/BigEater"
    example.refresh_from_db()
    assert example.text == TEXT and example.history.count() == 2


def test_concurrent_example_edits_merge_or_conflict(client, editor, moderator, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text="one\ntwo\nthree\nfour")
    base = example.history.get().history_id
    client.force_login(moderator)
    client.post(
        f"/examples/{example.pk}/edit", {"text": "ONE\ntwo\nthree\nfour", "base_revision": base}
    )
    client.force_login(editor)
    merged = client.post(
        f"/examples/{example.pk}/edit", {"text": "one\ntwo\nthree\nFOUR", "base_revision": base}
    )
    assert merged.status_code == 302
    told = client.get(merged["Location"]).content.decode()
    assert "Saved, merged with a change made while you were editing." in told
    example.refresh_from_db()
    assert example.text == "ONE\ntwo\nthree\nFOUR"
    conflict = client.post(
        f"/examples/{example.pk}/edit", {"text": "uno\ntwo\nthree\nfour", "base_revision": base}
    )
    assert conflict.status_code == 409
    assert "uno" in conflict.content.decode() and "nothing is lost" in conflict.content.decode()


def test_saving_an_example_as_it_was_adds_no_revision_and_says_so(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text=TEXT)
    client.force_login(editor)
    response = client.post(
        f"/examples/{example.pk}/edit",
        {"text": TEXT, "base_revision": example.history.get().history_id},
        follow=True,
    )
    assert "You made no changes, so no revision was added." in response.content.decode()
    assert example.history.count() == 1


def test_forged_base_revision_is_a_400(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater)
    other = ExampleFactory()
    client.force_login(editor)
    response = client.post(
        f"/examples/{example.pk}/edit",
        {"text": TEXT, "base_revision": other.history.get().history_id},
    )
    assert response.status_code == 400


def test_nesting_too_deep_is_refused_with_a_message(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater)
    client.force_login(editor)
    deep = "Lead:\n- one\n  - two\n    - three"
    response = client.post(
        f"/examples/{example.pk}/edit",
        {"text": deep, "base_revision": example.history.get().history_id},
    )
    assert response.status_code == 400
    assert "three levels deep" in response.content.decode()


def test_remove_keeps_history_and_clears_both_pages_and_links(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text=TEXT)
    client.force_login(editor)
    assert "Remove" in client.get(f"/examples/{example.pk}/delete").content.decode()
    response = client.post(
        f"/examples/{example.pk}/delete", {"summary": "Not an example", "next": "/Main/BigEater"}
    )
    assert response["Location"] == "/Main/BigEater"
    assert not Example.objects.exists()
    assert TEXT not in client.get("/Anime/MetallicRouge").content.decode()
    assert not Link.objects.filter(origin=f"example:{example.pk}").exists()
    deleted = Example.history.filter(id=example.pk).order_by("-history_id").first()
    assert (deleted.history_type, deleted.history_change_reason) == ("-", "Not an example")


@pytest.mark.parametrize(
    "url", ["/examples/new?work=Anime/MetallicRouge", "/examples/1/edit", "/examples/1/delete"]
)
def test_anonymous_editors_are_sent_to_sign_in(client, url, rouge):
    response = client.post(url, {"text": TEXT})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login")


def test_saving_an_example_costs_a_bounded_number_of_queries(
    client, editor, rouge, big_eater, django_assert_max_num_queries
):
    example = ExampleFactory(work=rouge, trope=big_eater)
    client.force_login(editor)
    base = example.history.get().history_id
    # Session and user, the lock and merge check, validation, the write, its revision,
    # and re-recording the links of both pages, whatever the pages' sizes.
    with django_assert_max_num_queries(34):
        response = client.post(
            f"/examples/{example.pk}/edit", {"text": TEXT, "base_revision": base}
        )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.text == TEXT


def test_zero_context_example_gets_a_hint_but_still_saves(client, editor, rouge, big_eater):
    example = ExampleFactory(work=rouge, trope=big_eater, text="Big Eater.")
    client.force_login(editor)
    assert "Zero-context example" in client.get(f"/examples/{example.pk}/edit").content.decode()
    response = client.post(
        f"/examples/{example.pk}/edit",
        {"text": "Naomi.", "base_revision": example.history.get().history_id},
    )
    assert response.status_code == 302
