"""Editing a page: revisions, merges of concurrent edits, conflicts that lose nothing."""

import pytest

from tests.factories import PageFactory, TropeFactory, WorkFactory
from tests.helpers import BODY, form_data
from wiki import editing

pytestmark = pytest.mark.django_db


@pytest.fixture
def trope():
    return TropeFactory(
        page__name="BigEater", page__title="Big Eater", page__body=BODY, laconic="Eats a lot."
    )


def test_anonymous_editor_is_sent_to_sign_in(client, trope):
    response = client.get("/Main/BigEater/edit")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login?next=/Main/BigEater/edit")
    assert client.post("/Main/BigEater/edit", form_data(trope.page)).status_code == 302


def test_edit_form_shows_the_current_text_and_revision(client, editor, trope):
    client.force_login(editor)
    html = client.get("/Main/BigEater/edit").content.decode()
    assert "Second paragraph." in html
    revision = editing.latest_revision(trope.page).history_id
    assert f'name="base_revision" value="{revision}"' in html
    assert 'name="laconic"' in html


def test_saving_adds_a_revision_with_author_and_summary(client, editor, trope):
    client.force_login(editor)
    data = form_data(trope.page, body=BODY + "\nA fourth.", summary="Added a fourth")
    response = client.post("/Main/BigEater/edit", data)
    assert response["Location"] == "/Main/BigEater"
    trope.page.refresh_from_db()
    assert "A fourth." in trope.page.body_html
    latest = editing.latest_revision(trope.page)
    assert (latest.history_user, latest.history_change_reason) == (editor, "Added a fourth")


def test_saving_without_changes_adds_no_revision(client, editor, trope):
    client.force_login(editor)
    before = trope.page.history.count()
    response = client.post("/Main/BigEater/edit", form_data(trope.page), follow=True)
    assert "no changes" in response.content.decode()
    assert trope.page.history.count() == before


def test_edits_to_different_paragraphs_are_merged(client, editor, moderator, trope):
    theirs = form_data(trope.page, body=BODY.replace("First", "1st"))
    mine = form_data(trope.page, body=BODY.replace("Third", "3rd"))
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", theirs)
    client.force_login(editor)
    response = client.post("/Main/BigEater/edit", mine, follow=True)
    trope.page.refresh_from_db()
    assert "1st paragraph." in trope.page.body and "3rd paragraph." in trope.page.body
    assert "your changes were merged with theirs" in response.content.decode()


def test_overlapping_edits_get_a_conflict_screen_that_keeps_my_text(
    client, editor, moderator, trope
):
    theirs = form_data(trope.page, body=BODY.replace("Second", "Their second"))
    mine = form_data(trope.page, body=BODY.replace("Second", "My second"), summary="Mine")
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", theirs)
    client.force_login(editor)
    response = client.post("/Main/BigEater/edit", mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Edit conflict" in html and "nothing is lost" in html
    assert "My second paragraph." in html  # my text, kept in the form
    assert "<ins>Their second</ins>" in html  # their change, shown as a diff
    trope.page.refresh_from_db()
    assert "Their second" in trope.page.body and "My second" not in trope.page.body

    # Saving from the conflict screen starts from their revision, so it goes through.
    latest = editing.latest_revision(trope.page).history_id
    assert f'name="base_revision" value="{latest}"' in html
    resolved = form_data(trope.page, body=BODY.replace("Second", "Our second"))
    assert client.post("/Main/BigEater/edit", resolved).status_code == 302
    trope.page.refresh_from_db()
    assert "Our second" in trope.page.body


def test_concurrent_edits_of_a_trope_laconic_conflict(client, editor, moderator, trope):
    theirs = form_data(trope.page, laconic="Eats everything.")
    mine = form_data(trope.page, laconic="Eats all day.")
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", theirs)
    client.force_login(editor)
    assert client.post("/Main/BigEater/edit", mine).status_code == 409
    trope.refresh_from_db()
    assert trope.laconic == "Eats everything."


def test_an_edit_leaving_the_laconic_alone_keeps_one_changed_meanwhile(
    client, editor, moderator, trope
):
    theirs = form_data(trope.page, laconic="Eats everything.")
    mine = form_data(trope.page, body=f"{BODY}\n\nThird paragraph.")
    client.force_login(moderator)
    client.post("/Main/BigEater/edit", theirs)
    client.force_login(editor)
    assert client.post("/Main/BigEater/edit", mine).status_code == 302
    trope.refresh_from_db()
    trope.page.refresh_from_db()
    assert trope.laconic == "Eats everything."
    assert trope.page.body.endswith("Third paragraph.")


def test_a_work_year_is_edited_with_its_page(client, editor):
    work = WorkFactory(page__name="Heat", year=1994)
    client.force_login(editor)
    data = form_data(work.page, year="1995", **{"initial-year": "1994"})
    assert client.post("/Anime/Heat/edit", data).status_code == 302
    work.refresh_from_db()
    assert work.year == 1995


def test_forged_base_revision_is_a_400(client, editor, trope):
    other = PageFactory()
    forged = editing.latest_revision(other).history_id
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/edit", form_data(trope.page, base_revision=forged, body="Changed")
    )
    assert response.status_code == 400
    trope.page.refresh_from_db()
    assert trope.page.body == BODY.rstrip()


def test_overlong_body_is_refused_with_the_text_kept(client, editor, trope, settings):
    settings.MAX_PAGE_CHARS = 100
    client.force_login(editor)
    response = client.post("/Main/BigEater/edit", form_data(trope.page, body="x" * 101))
    assert response.status_code == 400
    assert "the limit is 100" in response.content.decode()
    assert "x" * 101 in response.content.decode()


def test_empty_title_is_a_form_error(client, editor, trope):
    client.force_login(editor)
    response = client.post("/Main/BigEater/edit", form_data(trope.page, title=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_editing_a_missing_page_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get("/Main/NoSuchPage/edit").status_code == 404


def test_saving_costs_a_bounded_number_of_queries(client, editor, django_assert_max_num_queries):
    big = TropeFactory(page__name="Huge", page__body="Paragraph [[Main/Link]].\n\n" * 2000)
    client.force_login(editor)
    data = form_data(big.page, body=big.page.body + "One more.", summary="More")
    with django_assert_max_num_queries(16):
        assert client.post("/Main/Huge/edit", data).status_code == 302
    big.page.refresh_from_db()
    assert big.page.body.endswith("One more.")


def test_edits_are_rate_limited(client, editor, trope, settings):
    settings.EDIT_RATE_LIMIT = 1
    client.force_login(editor)
    client.post("/Main/BigEater/edit", form_data(trope.page, body="One"))
    trope.page.refresh_from_db()
    response = client.post("/Main/BigEater/edit", form_data(trope.page, body="Two"))
    assert response.status_code == 429


def test_preview_renders_like_the_page_for_signed_in_users(client, editor):
    response = client.post("/markdownx/markdownify/", {"content": "[[spoiler:hidden]] <b>x</b>"})
    assert response.status_code == 302  # anonymous: sign in first
    client.force_login(editor)
    html = client.post("/markdownx/markdownify/", {"content": "[[spoiler:hidden]] <b>x</b>"})
    assert 'class="spoiler"' in html.content.decode()
    assert "&lt;b&gt;" in html.content.decode()
    assert client.get("/markdownx/markdownify/").status_code == 405


def test_previews_are_rate_limited(client, editor, settings):
    settings.PREVIEW_RATE_LIMIT = 2
    client.force_login(editor)
    codes = [client.post("/markdownx/markdownify/", {"content": "x"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_preview_marks_links_to_missing_pages_red(client, editor, trope):
    client.force_login(editor)
    html = client.post(
        "/markdownx/markdownify/", {"content": "[[Main/BigEater]] and [[Main/NotWritten]]"}
    ).content.decode()
    assert 'href="/Main/BigEater" class="wikilink">' in html
    assert 'href="/Main/NotWritten" class="wikilink redlink"' in html


def test_long_page_gets_a_hint_but_still_saves(client, editor, trope, settings):
    settings.PAGE_SIZE_HINT_CHARS = 55
    client.force_login(editor)
    assert "consider moving sections" not in client.get("/Main/BigEater/edit").content.decode()
    response = client.post("/Main/BigEater/edit", form_data(trope.page, body="x" * 60, title=""))
    assert "consider moving sections" in response.content.decode()
    saved = client.post("/Main/BigEater/edit", form_data(trope.page, body="x" * 60))
    assert saved.status_code == 302


def test_a_long_edit_summary_is_kept_whole(client, editor, trope):
    client.force_login(editor)
    summary = "Rewrote the opening to explain the trope's origin in serialised fiction. " * 2
    response = client.post(
        "/Main/BigEater/edit", form_data(trope.page, body=BODY + "\nMore.", summary=summary[:200])
    )
    assert response.status_code == 302
    assert editing.latest_revision(trope.page).history_change_reason == summary[:200].strip()
