"""New editors' changes wait for review; moderators approve or reject them in the admin."""

import pytest
from django.core import mail

from accounts.models import ModeratorAction, Notice
from tests.factories import TropeFactory, UserFactory
from tests.helpers import form_data
from wiki import editing, moderation
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


@pytest.fixture
def page():
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body=BODY).page


def propose(client, user, page, **changes):
    client.force_login(user)
    return client.post("/Main/BigEater/edit", form_data(page, **changes))


def review_url(change):
    return f"/admin/wiki/pendingchange/{change.pk}/change/"


def test_a_new_editors_edit_waits_and_readers_see_the_live_page(client, new_editor, page):
    response = propose(client, new_editor, page, body=BODY + "\n\nA fourth.", summary="More")
    assert response["Location"] == "/Main/BigEater"
    change = PendingChange.objects.get()
    assert (change.author, change.summary, change.size_change) == (new_editor, "More", 11)

    own_view = client.get("/Main/BigEater").content.decode()
    assert "is waiting for review" in own_view and "A fourth." not in own_view
    assert "A fourth." in client.get(change.get_absolute_url()).content.decode()

    client.logout()
    assert "A fourth." not in client.get("/Main/BigEater").content.decode()
    assert client.get(change.get_absolute_url()).status_code == 404
    page.refresh_from_db()
    assert page.history.count() == 1


def test_the_edit_form_tells_a_new_editor_their_change_will_be_reviewed(
    client, new_editor, editor, page
):
    client.force_login(new_editor)
    assert "reviews your change" in client.get("/Main/BigEater/edit").content.decode()
    client.force_login(editor)
    assert "reviews your change" not in client.get("/Main/BigEater/edit").content.decode()


def test_another_editor_works_on_the_live_version_meanwhile(client, new_editor, editor, page):
    propose(client, new_editor, page, body=BODY + "\n\nA fourth.")
    client.force_login(editor)
    form = client.get("/Main/BigEater/edit")
    assert form.status_code == 200
    assert "Third paragraph." in form.content.decode()
    assert "A fourth." not in form.content.decode()

    live = form_data(Page.objects.get(pk=page.pk), body=BODY.replace("Third", "A better third"))
    assert client.post("/Main/BigEater/edit", live)["Location"] == "/Main/BigEater"
    page.refresh_from_db()
    assert "A better third" in page.body and "A fourth." not in page.body
    assert PendingChange.objects.get().status == "pending"


def test_moderator_approves_in_the_admin_and_the_author_is_credited(
    client, new_editor, moderator, page
):
    propose(client, new_editor, page, body=BODY + "\n\nA fourth.", summary="More")
    change = PendingChange.objects.get()
    client.force_login(moderator)
    queue = client.get("/admin/wiki/pendingchange/").content.decode()
    assert "Edit of Big Eater" in queue and "nina" in queue and "+11" in queue
    screen = client.get(review_url(change)).content.decode()
    assert "A fourth." in screen and "Approve with comment" in screen

    response = client.post(
        review_url(change), {"_approve": "Approve with comment", "comment": "Nice addition"}
    )
    assert response["Location"] == "/admin/wiki/pendingchange/"
    page.refresh_from_db()
    assert "A fourth." in page.body
    latest = editing.latest_revision(page)
    assert (latest.history_user, latest.history_change_reason) == (new_editor, "More")
    change.refresh_from_db()
    assert (change.status, change.reviewer, change.review_comment) == (
        "approved",
        moderator,
        "Nice addition",
    )
    assert ModeratorAction.objects.get().kind == "approve"
    assert "was approved. Nice addition" in Notice.objects.get(user=new_editor).text


def test_rejecting_needs_a_reason_and_tells_the_author(client, new_editor, moderator, page):
    propose(client, new_editor, page, body="Nonsense.")
    change = PendingChange.objects.get()
    client.force_login(moderator)
    response = client.post(review_url(change), {"_reject": "Reject", "reason": ""})
    assert "Say why the change is rejected" in response.content.decode()
    client.post(review_url(change), {"_reject": "Reject", "reason": "Vandalism or nonsense"})
    change.refresh_from_db()
    assert change.status == "rejected"
    page.refresh_from_db()
    assert page.body == BODY
    assert "Reason: Vandalism or nonsense" in mail.outbox[0].body

    client.force_login(new_editor)
    html = client.get("/Main/BigEater").content.decode()
    assert "was not accepted. Reason: Vandalism or nonsense" in html
    client.post("/accounts/notices/read", {"next": "/Main/BigEater"})
    assert "was not accepted" not in client.get("/Main/BigEater").content.decode()


def test_approval_merges_with_edits_made_since(client, new_editor, editor, moderator, page):
    propose(client, new_editor, page, body=BODY.replace("Third", "Closing"))
    live = form_data(Page.objects.get(pk=page.pk), body=BODY.replace("First", "Opening"))
    client.force_login(editor)
    client.post("/Main/BigEater/edit", live)
    moderation.approve(PendingChange.objects.get(), moderator)
    page.refresh_from_db()
    assert page.body.startswith("Opening paragraph.") and "Closing paragraph." in page.body


def test_an_overlapping_change_cannot_be_approved_as_is(
    client, new_editor, editor, moderator, page
):
    propose(client, new_editor, page, body=BODY.replace("Second", "Her second"))
    client.force_login(editor)
    client.post(
        "/Main/BigEater/edit",
        form_data(Page.objects.get(pk=page.pk), body=BODY.replace("Second", "His second")),
    )
    change = PendingChange.objects.get()
    client.force_login(moderator)
    response = client.post(review_url(change), {"_approve": "Approve"})
    assert "overlaps edits made since" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "pending"
    page.refresh_from_db()
    assert "His second" in page.body


def test_bulk_approve_and_bulk_reject_with_one_reason(client, moderator, page):
    authors = [UserFactory(username=f"newbie{n}") for n in range(3)]
    for n, author in enumerate(authors):
        moderation.hold(
            "page_edit",
            f"Edit {n}",
            {"values": {"body": f"Text {n}."}, "extra": None},
            author,
            page=page,
            base_revision=editing.latest_revision(page).history_id,
        )
    first, *rest = PendingChange.objects.all()
    client.force_login(moderator)
    changelist = "/admin/wiki/pendingchange/"
    client.post(changelist, {"action": "approve_selected", "_selected_action": [first.pk]})
    asked = client.post(
        changelist, {"action": "reject_selected", "_selected_action": [c.pk for c in rest]}
    )
    assert "Reason" in asked.content.decode()
    client.post(
        changelist,
        {
            "action": "reject_selected",
            "confirm": "1",
            "note": "Spam",
            "_selected_action": [c.pk for c in rest],
        },
    )
    assert list(PendingChange.objects.values_list("status", flat=True)) == [
        "approved",
        "rejected",
        "rejected",
    ]


def test_only_moderators_reach_the_queue(client, editor, new_editor, page):
    propose(client, new_editor, page, body="X.")
    change = PendingChange.objects.get()
    client.force_login(editor)
    assert client.get("/admin/wiki/pendingchange/").status_code == 302
    assert client.get(change.get_absolute_url()).status_code == 404


def test_a_new_editors_revert_waits_for_review(client, new_editor, editor, page):
    client.force_login(editor)
    client.post("/Main/BigEater/edit", form_data(page, body="Rewritten."))
    first = page.history.order_by("history_id").first()
    client.force_login(new_editor)
    latest = editing.latest_revision(page).history_id
    client.post(f"/Main/BigEater/revert/{first.history_id}", {"base_revision": latest})
    page.refresh_from_db()
    assert page.body == "Rewritten."
    change = PendingChange.objects.get()
    assert change.summary.startswith("Reverted to the revision of")


def test_new_editors_cannot_move_pages(client, new_editor, page):
    client.force_login(new_editor)
    response = client.get("/Main/BigEater/move")
    assert response.status_code == 403
    assert "Only trusted editors can do this" in response.content.decode()
    assert "/Main/BigEater/move" not in client.get("/Main/BigEater").content.decode()


def test_a_new_page_by_a_new_editor_waits_and_is_created_on_approval(
    client, new_editor, moderator, settings
):
    settings.MAIN_CREATION_MODERATORS_ONLY = False  # every editor may create a trope
    client.force_login(new_editor)
    response = client.post("/new", {"kind": "trope", "title": "Sleepy Sentinel"})
    assert response.status_code == 302
    assert not Page.objects.filter(name="SleepySentinel").exists()
    change = PendingChange.objects.get()
    assert change.description == "New page Main/SleepySentinel (Sleepy Sentinel)"
    moderation.approve(change, moderator)
    page = Page.objects.get(name="SleepySentinel")
    assert page.trope and page.history.get().history_user == new_editor


def test_an_overlapping_change_is_merged_by_hand_and_credited_to_its_author(
    client, new_editor, editor, moderator, page
):
    propose(client, new_editor, page, body=BODY.replace("Second", "Her second"), summary="Hers")
    client.force_login(editor)
    client.post(
        "/Main/BigEater/edit",
        form_data(Page.objects.get(pk=page.pk), body=BODY.replace("Second", "His second")),
    )
    change = PendingChange.objects.get()
    client.force_login(moderator)
    url = f"/pending/{change.pk}/merge"
    form = client.get(url).content.decode()
    assert "Her second" in form and "merging nina" in form

    data = {
        **form_data(Page.objects.get(pk=page.pk)),
        "base_revision": change.base_revision,
        "summary": "Hers",
        "body": BODY.replace("Second", "Her second"),
    }
    conflict = client.post(url, data)
    assert conflict.status_code == 409
    assert f'action="{url}"' in conflict.content.decode()

    latest = editing.latest_revision(page).history_id
    data.update(base_revision=latest, body=BODY.replace("Second", "Her and his second"))
    assert client.post(url, data)["Location"] == "/Main/BigEater"
    page.refresh_from_db()
    assert "Her and his second" in page.body
    assert editing.latest_revision(page).history_user == new_editor
    change.refresh_from_db()
    assert change.status == "approved"


def test_only_reviewers_can_merge_a_held_change(client, new_editor, editor, page):
    propose(client, new_editor, page, body="Held text.")
    change = PendingChange.objects.get()
    client.force_login(editor)
    response = client.get(f"/pending/{change.pk}/merge")
    assert response.status_code == 403 and "Held text." not in response.content.decode()


def test_links_to_merge_in_the_editor_made_before_it_had_its_own_address_lead_there(
    client, new_editor, moderator, page
):
    propose(client, new_editor, page, body="Held text.")
    change = PendingChange.objects.get()
    client.force_login(moderator)
    response = client.get(f"/Main/BigEater/edit?resolve={change.pk}", follow=True)
    assert response.redirect_chain == [(f"/pending/{change.pk}/merge", 307)]
    assert "Held text." in response.content.decode()
