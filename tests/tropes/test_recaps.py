"""Recap pages: one page an installment (episode, chapter, issue), in the Recap namespace,
with its summary, its tropes and Previous/Next links; the work's Recap subpage lists them in
order; editors add them, renumber them and add tropes to them."""

import re

import pytest

from tests.factories import ExampleFactory, InstallmentFactory, PageFactory, TropeFactory
from tests.helpers import form_data
from tropes.models import Example, Installment, Subpage, SubpageKind
from wiki import moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

RECAPS = "/Recap/MetallicRouge"


def recap_subpage(work):
    kind = SubpageKind.objects.get(structure=SubpageKind.Structure.RECAPS)
    page = PageFactory(
        namespace=kind.namespace,
        name=work.page.name,
        title=f"Recap / {work.page.title}",
        kind=Subpage.KIND,
        body="Every episode.",
    )
    return Subpage.objects.create(page=page, work=work, kind=kind)


@pytest.fixture
def recaps(rouge):
    return recap_subpage(rouge)


def episode(work, number, label=None, title=None, **page):
    label = f"E{number}" if label is None else label
    title = title or f"Episode {number}"
    return InstallmentFactory(
        work=work,
        number=number,
        label=label,
        page__name=f"MetallicRougeE{number}",
        page__title=f"Metallic Rouge {label}: {title}",
        **{f"page__{key}": value for key, value in page.items()},
    )


@pytest.fixture
def season(recaps):
    return [episode(recaps.work, n) for n in (1, 2, 3)]


def stamp(page):
    return Page.objects.get(pk=page.pk).shown_stamp


def new_recap(**values):
    data = {"number": "4", "label": "E4", "title": "Awakening", "summary": "Rouge wakes up."}
    data.update(values)
    return data


# Reading


def test_recap_page_shows_its_summary_tropes_and_neighbours(client, season, big_eater):
    first, second, third = season
    Page.objects.filter(pk=second.pk).update(body_html="<p>Rouge meets Naomi.</p>")
    ExampleFactory(trope=big_eater, work=second.work, installment=second, text="Lunch.")
    html = client.get("/Recap/MetallicRougeE2").content.decode()
    assert "Rouge meets Naomi." in html
    assert "recap of Metallic Rouge" in html
    assert re.search(r'<a href="/Main/BigEater">Big Eater</a>:</strong> <p>Lunch.</p>', html)
    assert re.search(r'rel="prev" href="/Recap/MetallicRougeE1">← Previous \(E1\): Episode 1', html)
    assert re.search(r'rel="next" href="/Recap/MetallicRougeE3">Next \(E3\): Episode 3', html)
    assert 'href="/Anime/MetallicRouge">Metallic Rouge</a>' in html


def test_first_and_last_recaps_have_one_neighbour(client, season):
    first = client.get("/Recap/MetallicRougeE1").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get("/Recap/MetallicRougeE3").content.decode()
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_neighbours_follow_the_numbers_not_the_titles(client, recaps):
    episode(recaps.work, 10, title="Aardvark")
    episode(recaps.work, 2, title="Zebra")
    html = client.get("/Recap/MetallicRougeE10").content.decode()
    assert re.search(r'rel="prev" href="/Recap/MetallicRougeE2"', html)


def test_recap_page_shows_the_works_tab_bar_with_recap_marked(client, season):
    html = client.get("/Recap/MetallicRougeE1").content.decode()
    assert 'aria-label="This work\'s pages"' in html
    assert re.search(rf'href="{RECAPS}" aria-current="true"', html)


def test_recap_subpage_lists_the_installments_in_order_with_labels(client, recaps):
    episode(recaps.work, 2, title="Second")
    episode(recaps.work, 1, label="S1 E1", title="First")
    html = client.get(RECAPS).content.decode()
    assert "Every episode." in html
    first = html.index('<span class="installment-label">S1 E1</span> First')
    second = html.index('<span class="installment-label">E2</span> Second')
    assert first < second


def test_recap_subpage_without_installments_says_so(client, recaps):
    assert "No recaps yet." in client.get(RECAPS).content.decode()


def test_signed_in_readers_are_offered_to_add_recaps_and_tropes(client, reader, season):
    assert "Add an installment" not in client.get(RECAPS).content.decode()
    client.force_login(reader)
    assert f'href="{RECAPS}/recaps/new"' in client.get(RECAPS).content.decode()
    html = client.get("/Recap/MetallicRougeE1").content.decode()
    assert "/examples/new?work=Anime/MetallicRouge&amp;installment=1" in html


# Creating


def test_editor_creates_a_recap_from_the_recap_subpage(client, editor, recaps):
    client.force_login(editor)
    form = client.get(f"{RECAPS}/recaps/new").content.decode()
    assert 'name="number" value="1"' in form  # the next number
    before = stamp(recaps.page)
    response = client.post(f"{RECAPS}/recaps/new", new_recap(number="1", label="E1"))
    assert response.status_code == 302
    assert response["Location"] == "/Recap/MetallicRougeE1Awakening"
    installment = Installment.objects.get()
    assert (installment.work, installment.number, installment.label) == (recaps.work, 1, "E1")
    assert installment.page.title == "Metallic Rouge E1: Awakening"
    assert installment.page.history.get().history_user == editor
    assert stamp(recaps.page) != before
    assert "Awakening" in client.get(RECAPS).content.decode()
    assert "Rouge wakes up." in client.get(response["Location"]).content.decode()


def test_a_new_recap_gives_its_neighbours_new_stamps(client, editor, season):
    first, second, third = season
    client.get(third.page.get_absolute_url())
    before = {installment.pk: stamp(installment.page) for installment in season}
    client.force_login(editor)
    client.post(f"{RECAPS}/recaps/new", new_recap())
    assert stamp(third.page) != before[third.pk]
    assert stamp(first.page) == before[first.pk]
    client.logout()
    html = client.get(third.page.get_absolute_url()).content.decode()
    assert 'rel="next" href="/Recap/MetallicRougeE4Awakening"' in html


def test_a_number_taken_is_refused(client, editor, season):
    client.force_login(editor)
    response = client.post(f"{RECAPS}/recaps/new", new_recap(number="2"))
    assert response.status_code == 400
    assert "already has an installment 2" in response.content.decode()


def test_new_editors_recap_waits_for_review(client, new_editor, moderator, recaps):
    client.force_login(new_editor)
    response = client.post(f"{RECAPS}/recaps/new", new_recap())
    assert response.status_code == 302
    assert not Installment.objects.exists()
    change = PendingChange.objects.get()
    assert change.page == recaps.page
    moderation.approve(change, moderator)
    installment = Installment.objects.get()
    assert installment.page.history.get().history_user == new_editor
    assert "Awakening" in client.get(RECAPS).content.decode()


def test_recaps_are_added_only_from_a_recap_subpage(client, editor, rouge):
    client.force_login(editor)
    assert client.get("/Anime/MetallicRouge/recaps/new").status_code == 404


def test_anonymous_readers_are_sent_to_sign_in(client, recaps):
    response = client.get(f"{RECAPS}/recaps/new")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


# Renumbering, editing, deleting


def test_renumbering_moves_a_recap_and_restamps_old_and_new_neighbours(client, editor, season):
    first, second, third = season
    before = {installment.pk: stamp(installment.page) for installment in season}
    client.force_login(editor)
    page = first.page
    data = form_data(page, number="4", label="E1")
    data.update({"initial-number": "1", "initial-label": "E1"})
    response = client.post(f"{page.get_absolute_url()}/edit", data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.number == 4
    # It left 2 without a previous one, and came after 3.
    assert stamp(second.page) != before[second.pk]
    assert stamp(third.page) != before[third.pk]
    client.logout()
    html = client.get(third.page.get_absolute_url()).content.decode()
    assert 'rel="next" href="/Recap/MetallicRougeE1"' in html
    assert 'rel="prev"' not in client.get(second.page.get_absolute_url()).content.decode()
    listed = client.get(RECAPS).content.decode()
    assert listed.index("MetallicRougeE2") < listed.index('href="/Recap/MetallicRougeE1"')


def test_renumbering_onto_a_taken_number_is_refused(client, editor, season):
    client.force_login(editor)
    page = season[0].page
    data = form_data(page, number="2", label="E1")
    data.update({"initial-number": "1", "initial-label": "E1"})
    response = client.post(f"{page.get_absolute_url()}/edit", data)
    assert response.status_code == 400
    assert "Another installment of the work is number 2." in response.content.decode()


def test_retitling_a_recap_shows_on_its_neighbours_and_the_list(client, editor, season):
    first, second, _ = season
    client.get(second.page.get_absolute_url())
    client.get(RECAPS)
    client.force_login(editor)
    page = first.page
    data = form_data(page, title="Metallic Rouge E1: The Beginning")
    data.update({"number": "1", "label": "E1", "initial-number": "1", "initial-label": "E1"})
    assert client.post(f"{page.get_absolute_url()}/edit", data).status_code == 302
    client.logout()
    assert "The Beginning" in client.get(second.page.get_absolute_url()).content.decode()
    assert "The Beginning" in client.get(RECAPS).content.decode()


def test_deleting_a_recap_joins_its_neighbours(client, admin_user, season):
    first, second, third = season
    client.get(first.page.get_absolute_url())
    client.force_login(admin_user)
    response = client.post(f"/admin/wiki/page/{second.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Installment.objects.filter(pk=second.pk).exists()
    client.logout()
    html = client.get(first.page.get_absolute_url()).content.decode()
    assert 'rel="next" href="/Recap/MetallicRougeE3"' in html
    assert "MetallicRougeE2" not in client.get(RECAPS).content.decode()


def test_editing_a_recap_stays_within_a_page_edits_budget(
    client, editor, season, django_assert_max_num_queries
):
    client.force_login(editor)
    page = season[1].page
    data = form_data(page, body="Rouge meets Naomi.")
    data.update({"number": "2", "label": "E2", "initial-number": "2", "initial-label": "E2"})
    with django_assert_max_num_queries(16):
        assert client.post(f"{page.get_absolute_url()}/edit", data).status_code == 302


# Tropes of an installment


def test_editor_adds_a_trope_to_an_installment(client, editor, season, big_eater):
    second = season[1]
    client.force_login(editor)
    url = "/examples/new?work=Anime/MetallicRouge&installment=2"
    assert '(<a href="/Recap/MetallicRougeE2">E2</a>)' in client.get(url).content.decode()
    response = client.post(url, {"subject": "Big Eater", "text": "Lunch on Mars."})
    assert response.status_code == 302 and response["Location"] == "/Recap/MetallicRougeE2"
    assert Example.objects.get().installment == second
    client.logout()
    assert "Lunch on Mars." in client.get("/Recap/MetallicRougeE2").content.decode()
    trope_page = client.get("/Main/BigEater").content.decode()
    assert re.search(r'Metallic Rouge</a> \(<a href="/Recap/MetallicRougeE2">E2</a>\)', trope_page)


def test_adding_to_an_installment_the_work_lacks_is_a_404(client, editor, season):
    client.force_login(editor)
    assert client.get("/examples/new?work=Anime/MetallicRouge&installment=9").status_code == 404
    assert client.get("/examples/new?work=Anime/MetallicRouge&installment=x").status_code == 404


def test_saving_an_installments_example_stays_within_an_examples_budget(
    client, editor, season, big_eater, django_assert_max_num_queries
):
    client.force_login(editor)
    url = "/examples/new?work=Anime/MetallicRouge&installment=2"
    with django_assert_max_num_queries(34):
        response = client.post(url, {"subject": "Big Eater", "text": "Lunch on Mars."})
    assert response.status_code == 302
    example = Example.objects.get()
    base = example.history.get().history_id
    with django_assert_max_num_queries(34):
        response = client.post(
            f"/examples/{example.pk}/edit", {"text": "Dinner on Mars.", "base_revision": base}
        )
    assert response.status_code == 302


def test_an_installments_example_changed_shows_at_once(
    client, editor, season, big_eater, django_capture_on_commit_callbacks
):
    second = season[1]
    url = second.page.get_absolute_url()
    client.get(url)
    example = ExampleFactory(trope=big_eater, work=second.work, installment=second)
    assert "Big Eater" in client.get(url).content.decode()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/examples/{example.pk}/delete", {"summary": ""})
    client.logout()
    assert 'href="/Main/BigEater">Big Eater</a>:' not in client.get(url).content.decode()


def test_a_trope_renamed_shows_on_its_recap_pages(client, editor, season, big_eater):
    second = season[1]
    ExampleFactory(trope=big_eater, work=second.work, installment=second)
    client.get(second.page.get_absolute_url())
    client.force_login(editor)
    data = form_data(big_eater.page, title="Huge Eater")
    assert client.post("/Main/BigEater/edit", data).status_code == 302
    client.logout()
    assert "Huge Eater" in client.get(second.page.get_absolute_url()).content.decode()


def test_history_of_a_recap_lists_its_number_and_label(client, editor, season):
    client.force_login(editor)
    page = season[0].page
    data = form_data(page, number="7", label="Finale")
    data.update({"initial-number": "1", "initial-label": "E1", "summary": "Moved to the end"})
    client.post(f"{page.get_absolute_url()}/edit", data)
    history = client.get(f"{page.get_absolute_url()}/history").content.decode()
    assert "number and label" in history and "Moved to the end" in history


def test_recaps_are_found_by_search(client, editor, recaps):
    client.force_login(editor)
    client.post(f"{RECAPS}/recaps/new", new_recap(summary="Rouge eats pancakes."))
    client.logout()
    html = client.get("/search", {"q": "pancakes"}).content.decode()
    assert "/Recap/MetallicRougeE4Awakening" in html


# Cost


@pytest.mark.parametrize("count", [5, 200])
def test_recap_page_costs_the_same_queries_whatever_its_size(
    client, season, count, django_assert_max_num_queries
):
    second = season[1]
    tropes = [TropeFactory() for _ in range(count)]
    Example.objects.bulk_create(
        Example(trope=trope, work=second.work, installment=second, text="T.", text_html="T.")
        for trope in tropes
    )
    with django_assert_max_num_queries(7):
        assert client.get(second.page.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_recap_subpage_costs_the_same_queries_whatever_its_size(
    client, recaps, count, django_assert_max_num_queries
):
    for number in range(1, count + 1):
        episode(recaps.work, number)
    with django_assert_max_num_queries(7):
        assert client.get(RECAPS).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_signed_in_recap_page_costs_a_fixed_number_of_queries(
    client, reader, season, count, django_assert_max_num_queries
):
    second = season[1]
    Example.objects.bulk_create(
        Example(trope=TropeFactory(), work=second.work, installment=second, text="T.")
        for _ in range(count)
    )
    client.force_login(reader)
    with django_assert_max_num_queries(11):
        assert client.get(second.page.get_absolute_url()).status_code == 200
