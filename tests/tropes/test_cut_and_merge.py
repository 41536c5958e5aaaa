"""Cutting a trope (a soft deletion that keeps its history and can be undone) and merging one
trope into another (its examples moved with their history, twins merged by hand, a redirect
left, every step a revision)."""

import io

import pytest
from django.core.management import call_command

from accounts.models import ModeratorAction
from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from tropes import examples
from tropes.models import Example, RepairCase, Trope
from tropes.repair import cases
from wiki import moving
from wiki.models import Page, SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def eater(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Eats a lot.")


@pytest.fixture
def glutton(db):
    return TropeFactory(page__name="Glutton", page__title="Glutton", page__body="Eats more.")


@pytest.fixture
def rouge(db):
    return WorkFactory(page__name="MetallicRouge", page__title="Metallic Rouge")


@pytest.fixture
def menu(db):
    """A page linking to Big Eater."""
    return PageFactory(name="FoodTropes", title="Food Tropes", body="* BigEater\n* PickyEater")


def cut(client, moderator, name="BigEater", reason="Misused beyond repair."):
    client.force_login(moderator)
    return client.post(f"/Main/{name}/cut", {"reason": reason})


def red(client, page="/Main/FoodTropes"):
    html = client.get(page).content.decode()
    return 'href="/Main/BigEater" class="wikilink redlink"' in html


# Cutting.


def test_a_cut_trope_answers_gone_its_links_turn_red_and_search_forgets_it(
    client, moderator, eater, rouge, menu
):
    ExampleFactory(trope=eater, work=rouge, text="Jean eats for three.")
    assert not red(client)
    assert "Big Eater" in client.get("/Anime/MetallicRouge").content.decode()  # now kept
    assert cut(client, moderator).status_code == 302
    client.logout()
    response = client.get("/Main/BigEater")
    assert response.status_code == 410
    html = response.content.decode()
    assert "has been cut" in html and "Misused beyond repair." in html
    assert red(client)
    assert "Big Eater" not in client.get("/Anime/MetallicRouge").content.decode()
    assert not SearchEntry.objects.filter(page=eater.pk).exists()
    assert ModeratorAction.objects.filter(kind="cut").count() == 1


def test_a_cut_keeps_every_revision_and_adds_its_own(client, moderator, eater, rouge):
    example = ExampleFactory(trope=eater, work=rouge)
    before = Page.history.filter(id=eater.pk).count()
    cut(client, moderator)
    revisions = Page.history.filter(id=eater.pk).order_by("history_id")
    assert revisions.count() == before + 1
    assert revisions.last().history_change_reason == "Cut: Misused beyond repair."
    # The example is removed as a revision of its own, which its history keeps.
    assert not Example.objects.filter(pk=example.pk).exists()
    assert example.history.latest("history_id").history_type == "-"
    html = client.get("/Main/BigEater").content.decode()
    assert "Cut: Misused beyond repair." in html  # its history, on the notice


def test_restoring_a_cut_trope_brings_back_its_page_examples_links_and_search(
    client, moderator, eater, rouge, menu
):
    example = ExampleFactory(trope=eater, work=rouge, text="Jean eats for three.")
    cut(client, moderator)
    response = client.post("/Main/BigEater/cut/restore")
    assert response.status_code == 302
    page = Page.objects.get(pk=eater.pk)
    assert not page.cut and page.key == "main/bigeater"
    assert client.get("/Main/BigEater").status_code == 200
    restored = Example.objects.get(pk=example.pk)  # under its old id, its history continuing
    assert restored.text == "Jean eats for three."
    assert "Jean eats for three." in client.get("/Anime/MetallicRouge").content.decode()
    assert not red(client)
    assert SearchEntry.objects.filter(page=eater.pk).exists()
    assert Page.history.filter(id=eater.pk).latest("history_id").history_change_reason == (
        "Restored after a cut"
    )


def test_a_new_page_may_take_a_cut_name_and_then_the_cut_page_waits(client, moderator, eater):
    cut(client, moderator)
    PageFactory(name="BigEater", title="Big Eater, again")
    client.post("/Main/BigEater/cut/restore")
    assert Page.objects.get(pk=eater.pk).cut
    assert client.get("/Main/BigEater").status_code == 200


def test_a_cut_trope_takes_no_new_example(client, moderator, editor, eater, rouge):
    cut(client, moderator)
    client.force_login(editor)
    response = client.post(
        "/examples/new",
        {
            "trope": "Big Eater",
            "work": "Anime/MetallicRouge",
            "text": "Eats.",
            "played": "straight",
        },
    )
    assert response.status_code in (200, 400, 404)
    assert not Example.objects.exists()


def test_only_moderators_cut_and_restore(client, editor, moderator, eater):
    assert cut(client, editor).status_code == 403
    cut(client, moderator)
    client.force_login(editor)
    assert client.post("/Main/BigEater/cut/restore").status_code == 403
    assert client.get("/Main/BigEater/cut/restore").status_code == 405
    assert Page.objects.get(pk=eater.pk).cut


def test_a_cut_work_takes_its_examples_off_the_tropes_pages_until_restored(
    client, moderator, eater, rouge
):
    ExampleFactory(trope=eater, work=rouge, text="Jean eats for three.")
    assert "Jean eats for three." in client.get("/Main/BigEater").content.decode()  # kept
    client.force_login(moderator)
    client.post("/Anime/MetallicRouge/cut", {"reason": "Not a real show."})
    client.logout()
    assert "Jean eats for three." not in client.get("/Main/BigEater").content.decode()
    client.force_login(moderator)
    client.post("/Anime/MetallicRouge/cut/restore")
    client.logout()
    assert "Jean eats for three." in client.get("/Main/BigEater").content.decode()


def test_a_cut_case_is_carried_out_from_the_case(client, reader, moderator, eater):
    case = cases.propose(eater.page, RepairCase.Kind.CUT, "No use.", reader)
    client.force_login(moderator)
    client.post(f"/repair/{case.pk}/cut", {"reason": "As decided."})
    case.refresh_from_db()
    assert case.state == "done" and case.outcome_url == "/Main/BigEater"
    assert Page.objects.get(pk=eater.pk).cut


# Merging.


def merge(client, moderator, into="Glutton", confirm=True, **fields):
    client.force_login(moderator)
    data = {"into": into, "reason": "Same trope.", **fields}
    if confirm:
        data["confirm"] = "1"
    return client.post("/Main/BigEater/merge-into", data)


def test_a_merge_moves_the_examples_with_their_history_and_leaves_a_redirect(
    client, moderator, editor, eater, glutton, rouge
):
    example = ExampleFactory(trope=eater, work=rouge, text="Jean eats.")
    examples.edit_example(example, "Jean eats for three.", example.history.get().history_id, editor)
    # Both tropes' pages and the work's, kept for anonymous readers before the merge.
    for address in ("/Main/Glutton", "/Anime/MetallicRouge"):
        client.get(address)
    assert merge(client, moderator).status_code == 302
    client.logout()
    moved = Example.objects.get(pk=example.pk)
    assert moved.trope_id == glutton.pk and moved.text == "Jean eats for three."
    history = list(moved.history.order_by("history_id"))
    assert [r.trope_id for r in history] == [eater.pk, eater.pk, glutton.pk]
    assert history[-1].history_change_reason.startswith("Moved from Main/BigEater")
    page = Page.objects.get(pk=eater.pk)
    assert page.redirect_to_id == glutton.pk
    assert page.history.latest("history_id").history_change_reason == (
        "Merged into Main/Glutton: Same trope."
    )
    assert not Trope.objects.filter(pk=eater.pk).exists()
    response = client.get("/Main/BigEater")
    assert response.status_code == 302 and response["Location"].startswith("/Main/Glutton")
    html = client.get("/Main/Glutton").content.decode()
    assert "Jean eats for three." in html
    work_page = client.get("/Anime/MetallicRouge").content.decode()
    assert 'href="/Main/Glutton"' in work_page and 'href="/Main/BigEater"' not in work_page
    assert ModeratorAction.objects.filter(kind="merge").count() == 1


def test_an_example_on_both_tropes_is_merged_by_hand(client, moderator, eater, glutton, rouge):
    theirs = ExampleFactory(trope=eater, work=rouge, text="Jean eats.")
    kept = ExampleFactory(trope=glutton, work=rouge, text="Jean gorges.")
    other = ExampleFactory(trope=eater, text="Someone else eats.")
    # First the pairs are shown, nothing merged yet.
    response = merge(client, moderator, confirm=False)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Examples on both" in html and "Jean eats." in html and "Jean gorges." in html
    assert Page.objects.get(pk=eater.pk).redirect_to_id is None
    # Merged as written: the kept example is edited, the other removed, both revisions.
    fields = {f"choice-{theirs.pk}": "written", f"text-{theirs.pk}": "Jean eats and gorges."}
    assert merge(client, moderator, **fields).status_code == 302
    kept.refresh_from_db()
    assert kept.text == "Jean eats and gorges."
    assert kept.history.latest("history_id").history_change_reason == (
        "Merged with its example on Main/BigEater"
    )
    assert not Example.objects.filter(pk=theirs.pk).exists()
    assert theirs.history.latest("history_id").history_type == "-"
    assert Example.objects.get(pk=other.pk).trope_id == glutton.pk


def test_a_pair_without_its_text_is_a_form_error(client, moderator, eater, glutton, rouge):
    theirs = ExampleFactory(trope=eater, work=rouge, text="Jean eats.")
    ExampleFactory(trope=glutton, work=rouge, text="Jean gorges.")
    response = merge(
        client, moderator, **{f"choice-{theirs.pk}": "written", f"text-{theirs.pk}": ""}
    )
    assert response.status_code == 400
    assert Example.objects.filter(pk=theirs.pk, trope=eater).exists()
    # Keeping one side is enough.
    merge(client, moderator, **{f"choice-{theirs.pk}": "source"})
    assert Example.objects.get(trope=glutton).text == "Jean eats."


def test_other_names_lead_to_the_merged_trope(client, moderator, eater, glutton):
    moving.add_alias(eater.page, "Main", "BigEaters", moderator)
    merge(client, moderator)
    assert Page.objects.get(name="BigEaters").redirect_to_id == glutton.pk


def test_search_finds_the_merged_examples_under_the_trope_they_joined(
    client, moderator, eater, glutton, rouge
):
    ExampleFactory(trope=eater, work=rouge, text="Jean devours noodles.")
    merge(client, moderator)
    entry = SearchEntry.objects.get(page=glutton.pk)
    assert "devours" in entry.extra
    assert not SearchEntry.objects.filter(page=eater.pk).exists()


def test_merges_refuse_bad_targets_and_non_moderators(client, moderator, editor, eater):
    assert merge(client, moderator, into="BigEater").status_code == 400
    assert merge(client, moderator, into="NoSuchTrope").status_code == 400
    assert merge(client, editor).status_code == 403
    assert Page.objects.get(pk=eater.pk).redirect_to_id is None


def test_a_merge_case_is_done_by_the_merge(client, reader, moderator, eater, glutton):
    case = cases.propose(eater.page, RepairCase.Kind.MERGE, "Same.", reader, other=glutton.page)
    merge(client, moderator, case=case.pk)
    case.refresh_from_db()
    assert case.state == "done" and case.outcome_url == "/Main/Glutton/history"


def test_a_definition_only_trope_takes_no_merged_examples(client, moderator, eater, glutton):
    ExampleFactory(trope=eater)
    glutton.example_rule = Trope.ExampleRule.NONE
    glutton.save()
    assert merge(client, moderator).status_code == 400
    assert Page.objects.get(pk=eater.pk).redirect_to_id is None


def test_the_integrity_checks_find_nothing_wrong_with_a_cut_trope(
    client, moderator, eater, rouge, menu, django_capture_on_commit_callbacks
):
    ExampleFactory(trope=eater, work=rouge)
    with django_capture_on_commit_callbacks(execute=True):  # what follows the commit too
        cut(client, moderator)
    out = io.StringIO()
    call_command("check_integrity", stdout=out, stderr=out)  # exits 1 on a problem
    assert "BigEater" not in out.getvalue()


def test_the_integrity_checks_find_nothing_wrong_after_a_merge(
    client, moderator, eater, glutton, rouge, menu, django_capture_on_commit_callbacks
):
    theirs = ExampleFactory(trope=eater, work=rouge, text="Jean eats.")
    ExampleFactory(trope=glutton, work=rouge, text="Jean gorges.")
    ExampleFactory(trope=eater, text="Someone else eats [[Main/Glutton]].")
    with django_capture_on_commit_callbacks(execute=True):
        merge(client, moderator, **{f"choice-{theirs.pk}": "source"})
    call_command("check_integrity", stdout=io.StringIO(), stderr=io.StringIO())
