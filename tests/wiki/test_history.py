"""A page's history: the timeline, old revisions, comparisons and reverts."""

import re

import pytest

from tests.factories import ExampleFactory, PageFactory, TropeFactory, WorkFactory
from tests.helpers import edit, import_examples
from wiki import editing
from wiki.models import PendingChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(editor):
    work = WorkFactory(page__name="Heat", page__title="Heat", page__body="A heist film.")
    edit(work.page, editor, "Longer", body="A heist film with a famous shoot-out.")
    return work


def test_history_mixes_page_and_example_revisions_newest_first(client, work, moderator):
    example = ExampleFactory(work=work, trope__page__title="Big Eater", text="Eats.")
    example._history_user, example._change_reason = moderator, "Fixed the example"
    example.text = "Eats a lot."
    example.save()
    html = client.get("/Anime/Heat/history").content.decode()
    rows = html[html.index("<tbody>") :]
    assert rows.index("Fixed the example") < rows.index("Longer")
    assert "Edited Big Eater in Heat" in html and "Created page" in html
    assert ">+24<" in html  # the description grew by 24 characters
    assert ">+6<" in html  # the example grew by 6


@pytest.mark.parametrize("count", [5, 100])
def test_history_costs_the_same_queries_whatever_its_length(
    client, editor, count, django_assert_max_num_queries
):
    trope = TropeFactory(page__name="Long")
    for n in range(count):
        edit(trope.page, editor, f"Edit {n}", body=f"Version {n}")
    import_examples([("Long", f"Anime/Show{n}") for n in range(count)])
    with django_assert_max_num_queries(8):
        assert client.get("/Main/Long/history").status_code == 200


def test_history_is_paginated(client, editor):
    page = PageFactory(name="Busy")
    for n in range(60):
        edit(page, editor, f"Edit number {n}", body=f"Version {n}")
    first = client.get("/Main/Busy/history").content.decode()
    assert "Edit number 59" in first and "Edit number 5<" not in first
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    second = client.get("/Main/Busy/history" + older).content.decode()
    assert "Edit number 5<" in second and "Edit number 59" not in second
    newer = re.search(r'rel="prev" href="([^"]+)"', second).group(1)
    back = client.get("/Main/Busy/history" + newer).content.decode()
    assert "Edit number 59" in back and "Edit number 5<" not in back


def test_history_pages_through_many_example_revisions_newest_first(client, work, editor):
    for n in range(70):
        ExampleFactory(work=work, trope__page__title=f"Trope {n:02}", text=f"Example {n}.")
    edit(work.page, editor, "Latest edit", body="A heist film, remade.")
    first = client.get("/Anime/Heat/history").content.decode()
    assert first.index("Latest edit") < first.index("Trope 69 in Heat") < first.index("Trope 30")
    assert "Trope 20 in Heat" not in first
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    second = client.get("/Anime/Heat/history" + older).content.decode()
    assert "Trope 20 in Heat" in second and "Trope 69 in Heat" not in second
    assert second.index("Trope 20 in Heat") < second.index("Created page")


def test_an_old_revision_is_shown_rendered(client, work):
    first = work.page.history.order_by("history_id").first()
    html = client.get(f"/Anime/Heat/history/{first.history_id}").content.decode()
    assert "You are looking at an old revision" in html
    assert "<p>A heist film.</p>" in html


def test_revision_of_another_page_is_a_404(client, work):
    other = PageFactory()
    foreign = other.history.first().history_id
    assert client.get(f"/Anime/Heat/history/{foreign}").status_code == 404
    assert client.get("/Main/NoSuchPage/history").status_code == 404


def test_compare_side_by_side_and_inline_highlight_changed_words(client, work):
    first, second = work.page.history.order_by("history_id")
    url = f"/Anime/Heat/compare?from={second.history_id}&to={first.history_id}"
    side = client.get(url).content.decode()
    assert "diff-side-by-side" in side and "<ins> with a famous shoot-out</ins>" in side
    inline = client.get(url + "&view=inline").content.decode()
    assert "diff-inline" in inline and "Added: </span>" in inline


@pytest.mark.parametrize("query", ["", "?from=1", "?from=x&to=y", "?to=abc"])
def test_compare_without_two_revisions_is_a_400(client, work, query):
    assert client.get(f"/Anime/Heat/compare{query}").status_code == 400


def test_revert_adds_a_revision_and_restores_the_text(client, work, editor):
    first = work.page.history.order_by("history_id").first()
    url = f"/Anime/Heat/revert/{first.history_id}"
    client.force_login(editor)
    confirm = client.get(url).content.decode()
    assert "What reverting changes" in confirm
    latest = editing.latest_revision(work.page).history_id
    response = client.post(url, {"base_revision": latest, "reason": "vandalism"})
    assert response["Location"] == "/Anime/Heat"
    work.page.refresh_from_db()
    assert work.page.body == "A heist film."
    assert work.page.history.count() == 3
    newest = editing.latest_revision(work.page)
    assert newest.history_change_reason.startswith("Reverted to the revision of")
    assert newest.history_change_reason.endswith(": vandalism")
    assert newest.history_user == editor


def test_revert_keeps_the_link_table_exact(client, editor):
    page = PageFactory(name="Linky", body="See [[Main/Old]].")
    edit(page, editor, "Relink", body="See [[Main/New]].")
    first = page.history.order_by("history_id").first()
    client.force_login(editor)
    client.post(
        f"/Main/Linky/revert/{first.history_id}",
        {"base_revision": editing.latest_revision(page).history_id},
    )
    assert list(page.outgoing_links.values_list("to_key", flat=True)) == ["main/old"]


def test_revert_needs_a_signed_in_editor(client, work):
    first = work.page.history.order_by("history_id").first()
    response = client.post(f"/Anime/Heat/revert/{first.history_id}", {"base_revision": 1})
    assert response["Location"].startswith("/accounts/login")
    work.page.refresh_from_db()
    assert "shoot-out" in work.page.body


def test_revert_from_a_forged_revision_is_a_400(client, work, editor):
    first = work.page.history.order_by("history_id").first()
    client.force_login(editor)
    response = client.post(f"/Anime/Heat/revert/{first.history_id}", {"base_revision": "junk"})
    assert response.status_code == 400


def test_revert_from_another_pages_revision_is_a_400(client, work, editor):
    first = work.page.history.order_by("history_id").first()
    elsewhere = PageFactory().history.get().history_id
    client.force_login(editor)
    response = client.post(f"/Anime/Heat/revert/{first.history_id}", {"base_revision": elsewhere})
    assert response.status_code == 400
    assert "a revision the page never had" in response.content.decode()
    work.page.refresh_from_db()
    assert "shoot-out" in work.page.body


def test_a_revert_over_an_edit_made_since_shows_the_conflict_and_keeps_the_edit(
    client, work, editor, moderator
):
    first = work.page.history.order_by("history_id").first()
    seen = editing.latest_revision(work.page).history_id
    edit(work.page, moderator, "Retold", body="A heist film told by the robbers.")
    client.force_login(editor)
    response = client.post(f"/Anime/Heat/revert/{first.history_id}", {"base_revision": seen})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed the page while you were deciding." in html
    newest = editing.latest_revision(work.page).history_id
    assert f'name="base_revision" value="{newest}"' in html  # the next try reverts theirs too
    work.page.refresh_from_db()
    assert work.page.body == "A heist film told by the robbers."
    assert work.page.history.count() == 3


def test_reverting_to_what_the_page_already_reads_adds_no_revision(client, work, editor):
    latest = editing.latest_revision(work.page).history_id
    client.force_login(editor)
    response = client.post(f"/Anime/Heat/revert/{latest}", {"base_revision": latest}, follow=True)
    assert "already reads like that revision; nothing changed" in response.content.decode()
    assert work.page.history.count() == 2


def test_a_new_editors_revert_waits_for_review(client, work, new_editor):
    first = work.page.history.order_by("history_id").first()
    client.force_login(new_editor)
    response = client.post(
        f"/Anime/Heat/revert/{first.history_id}",
        {"base_revision": editing.latest_revision(work.page).history_id, "reason": "too long"},
        follow=True,
    )
    assert "is waiting for review" in response.content.decode()
    work.page.refresh_from_db()
    assert "shoot-out" in work.page.body
    held = PendingChange.objects.get()
    assert (held.author, held.description) == (new_editor, "Edit of Heat")
    assert held.summary.startswith("Reverted to the revision of")
    assert held.summary.endswith(": too long")


def test_history_reads_each_kind_of_revision_once_with_its_sizes(
    client, work, editor, django_assert_num_queries
):
    for n in range(3):
        ExampleFactory(work=work, text=f"Example {n}.")
    # The page; then its revisions, its examples' and its work fields', each with its sizes.
    with django_assert_num_queries(4):
        html = client.get("/Anime/Heat/history").content.decode()
    assert ">+24<" in html


def test_every_link_of_a_history_entry_leads_where_the_site_answers(client, work, editor):
    ExampleFactory(work=work, text="Eats.")
    html = client.get("/Anime/Heat/history").content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    links = set(re.findall(r'href="([^"]+)"', rows))
    assert f"/user/{editor.username}/contributions" in links
    assert any(re.fullmatch(r"/Anime/Heat/history/\d+", link) for link in links)
    assert any(re.fullmatch(r"/examples/revisions/\d+", link) for link in links)
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
