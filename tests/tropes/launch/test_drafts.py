"""Posting a draft, the limit of open drafts, editing it with history, proposed examples."""

import pytest

from tests.factories import LaunchDraftFactory, UserFactory, WorkFactory
from tests.helpers import form_data
from tropes.models import LaunchDraft, ProposedExample
from wiki.models import Follow, Page

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Loyal Sidekick",
    "name": "",
    "laconic": "Stands by the hero, whatever happens.",
    "body": "A sidekick who never leaves.",
}


def test_a_member_posts_a_draft_and_sponsors_it(client, new_editor):
    client.force_login(new_editor)
    response = client.post("/launch/new", NEW)
    assert response.status_code == 302
    assert response["Location"] == "/Launch/LoyalSidekick"
    draft = LaunchDraft.objects.get()
    assert (draft.sponsor, draft.state, draft.laconic) == (new_editor, "open", NEW["laconic"])
    assert Follow.objects.filter(user=new_editor, page=draft.page).exists()
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert "A draft on the" in page and "A sidekick who never leaves." in page
    assert "Stands by the hero" in page


def test_a_member_has_at_most_three_open_drafts(client, new_editor):
    for _ in range(3):
        LaunchDraftFactory(sponsor=new_editor)
    client.force_login(new_editor)
    response = client.post("/launch/new", NEW)
    assert response.status_code == 400
    assert "You already sponsor 3 open drafts" in response.content.decode()
    assert LaunchDraft.objects.count() == 3


def test_discarded_and_launched_drafts_leave_room(client, new_editor):
    LaunchDraftFactory(sponsor=new_editor, state="discarded")
    LaunchDraftFactory(sponsor=new_editor, state="launched")
    LaunchDraftFactory(sponsor=new_editor)
    LaunchDraftFactory(sponsor=new_editor)
    client.force_login(new_editor)
    assert client.post("/launch/new", NEW).status_code == 302


def test_moderators_have_no_limit(client, moderator):
    for _ in range(5):
        LaunchDraftFactory(sponsor=moderator)
    client.force_login(moderator)
    assert client.post("/launch/new", NEW).status_code == 302


def test_a_draft_may_not_take_a_name_a_trope_has(client, new_editor, big_eater):
    client.force_login(new_editor)
    response = client.post("/launch/new", {**NEW, "title": "Big Eater"})
    assert response.status_code == 400
    assert "Main/BigEater already exists." in response.content.decode()


def test_a_bad_name_is_a_form_error(client, new_editor):
    client.force_login(new_editor)
    response = client.post("/launch/new", {**NEW, "name": "not a wikiword"})
    assert response.status_code == 400
    assert "A page name is a WikiWord" in response.content.decode()


def test_anyone_edits_a_draft_live_and_its_history_keeps_each_revision(client, new_editor):
    draft = LaunchDraftFactory(page__name="LoyalSidekick", page__title="Loyal Sidekick")
    client.force_login(new_editor)
    data = form_data(draft.page, body="A better description.")
    data.update({"laconic": "New one-liner.", "initial-laconic": draft.laconic})
    response = client.post("/Launch/LoyalSidekick/edit", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.page.body == "A better description."
    assert draft.laconic == "New one-liner."
    history = client.get("/Launch/LoyalSidekick/history").content.decode()
    assert "nina" in history


def test_a_locked_draft_holds_a_new_editors_edit(client, new_editor):
    draft = LaunchDraftFactory(page__name="LoyalSidekick")
    Page.objects.filter(pk=draft.pk).update(protection=Page.Protection.LOCKED)
    client.force_login(new_editor)
    client.post("/Launch/LoyalSidekick/edit", form_data(Page.objects.get(pk=draft.pk), body="X"))
    assert Page.objects.get(pk=draft.pk).body == "A trope being drafted."


def test_a_launched_draft_is_read_only(client, moderator):
    draft = LaunchDraftFactory(page__name="LoyalSidekick", state="launched")
    client.force_login(moderator)
    response = client.get("/Launch/LoyalSidekick/edit")
    assert response.status_code == 403
    assert "archived, read-only" in response.content.decode()
    assert client.get(f"/launch/{draft.page.name}/examples/new").status_code == 403


def test_members_propose_examples_and_missing_works_show_as_red_links(client, reader, draft):
    WorkFactory(page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge")
    client.force_login(reader)
    for work, text in [("Metallic Rouge", "Naomi stays."), ("Nowhere Show", "Also here.")]:
        response = client.post(
            "/launch/LoyalSidekick/examples/new", {"medium": "Anime", "work": work, "text": text}
        )
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.example_count == 2
    page = client.get("/Launch/LoyalSidekick").content.decode()
    assert '<a href="/Anime/MetallicRouge" class="wikilink">Metallic Rouge</a>' in page
    assert 'href="/Anime/NowhereShow" class="wikilink redlink"' in page


def test_a_work_proposed_twice_is_a_form_error(client, reader, draft):
    client.force_login(reader)
    data = {"medium": "Anime", "work": "Metallic Rouge", "text": "Once."}
    client.post("/launch/LoyalSidekick/examples/new", data)
    response = client.post("/launch/LoyalSidekick/examples/new", {**data, "text": "Twice."})
    assert response.status_code == 400
    assert "already has an example in Anime/MetallicRouge" in response.content.decode()


def test_a_proposed_example_is_edited_and_removed_with_history(client, draft):
    client.force_login(draft.sponsor)
    client.post(
        "/launch/LoyalSidekick/examples/new",
        {"medium": "Film", "work": "Some Film", "text": "First."},
    )
    proposed = ProposedExample.objects.get()
    assert (
        client.post(f"/launch/examples/{proposed.pk}/edit", {"text": "Second."}).status_code == 302
    )
    assert client.post(f"/launch/examples/{proposed.pk}/remove").status_code == 302
    assert not ProposedExample.objects.exists()
    assert [r.history_type for r in ProposedExample.history.order_by("history_id")] == [
        "+",
        "~",
        "-",
    ]
    draft.refresh_from_db()
    assert draft.example_count == 0
    history = client.get("/Launch/LoyalSidekick/history").content.decode()
    assert "proposed example in Some Film" in history


def test_only_its_author_the_sponsor_or_a_moderator_changes_an_example(client, draft):
    client.force_login(draft.sponsor)
    client.post(
        "/launch/LoyalSidekick/examples/new",
        {"medium": "Film", "work": "Some Film", "text": "First."},
    )
    proposed = ProposedExample.objects.get()
    client.force_login(UserFactory())
    assert client.post(f"/launch/examples/{proposed.pk}/edit", {"text": "Mine."}).status_code == 403


def test_an_oversized_example_is_a_form_error(client, reader, draft, settings):
    settings.MAX_SNIPPET_CHARS = 20
    client.force_login(reader)
    response = client.post(
        "/launch/LoyalSidekick/examples/new",
        {"medium": "Anime", "work": "Show", "text": "x" * 21},
    )
    assert response.status_code == 400
    assert not ProposedExample.objects.exists()


def test_drafts_are_not_offered_by_go_to(client, draft):
    response = client.get("/goto?q=Loyal", headers={"HX-Request": "true"})
    assert "Loyal Sidekick" not in response.content.decode()


def test_a_new_draft_opens_its_discussion(client, new_editor):
    client.force_login(new_editor)
    client.post("/launch/new", NEW)
    discussion = client.get("/Launch/LoyalSidekick/discussion").content.decode()
    assert "Launching Loyal Sidekick" in discussion


def test_drafts_are_kept_out_of_the_sitemap(client, draft):
    assert "/Launch/" not in client.get("/sitemap.xml").content.decode()


def test_proposed_examples_show_in_recent_changes(client, reader, draft):
    client.force_login(reader)
    client.post(
        "/launch/LoyalSidekick/examples/new",
        {"medium": "Film", "work": "Some Film", "text": "It happens."},
    )
    changes = client.get("/changes").content.decode()
    assert "proposed example in Some Film" in changes
    assert (
        "proposed example in Some Film" in client.get("/changes?namespace=Launch").content.decode()
    )
