"""A change that writes several rows is saved whole or not at all.

Each test sends a change through the site and forces an error part of the way through it,
after some of its rows are written, as a worker killed in the middle of a save would stop
(`Fault` checks the change had written something by then). The request fails, and the
database holds exactly what it held before: no page text, revision, link, example, vote,
stamp, search entry, closed held change, log entry or notice of it remains, and nothing is
announced once the transaction ends (stamps published, pages reindexed).
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import mail as outgoing
from accounts.models import Ban, ModeratorAction, Notice
from accounts.roles import Role
from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory, WorkFactory
from tests.helpers import database_rows, edit, form_data, with_role
from tropes import examples, held_examples, votes
from wiki import aftercommit, freshness, moderation, search
from wiki.models import Page, PendingChange, Report, ReportCase
from wiki.moderation import page_changes, reports, trust

pytestmark = pytest.mark.django_db

BODY = "First paragraph.\n\nSecond paragraph."


class Injected(Exception):
    """The error a test forces in the middle of a change."""


class Fault:
    """Within `with`, `owner.name` raises Injected on its `call`-th call (earlier calls run as
    usual); `written` is what the database held at that moment."""

    def __init__(self, owner, name, call=1):
        self.owner, self.name, self.call = owner, name, call
        self.calls = 0
        self.written = None

    def __enter__(self):
        original = getattr(self.owner, self.name)

        def faulty(*args, **kwargs):
            self.calls += 1
            if self.calls == self.call:
                self.written = database_rows()
                raise Injected(f"{self.name}, call {self.call}")
            return original(*args, **kwargs)

        self.patch = mock.patch.object(self.owner, self.name, faulty)
        self.patch.start()
        return self

    def __exit__(self, *exc_info):
        self.patch.stop()

    def __repr__(self):
        return f"{getattr(self.owner, '__name__', self.owner)}.{self.name}#{self.call}"


@pytest.fixture
def fails_whole(client, django_capture_on_commit_callbacks):
    """`fails_whole(fault, url, data)`: POST `data` to `url` with `fault` forced, and check
    the change stopped after writing something and left nothing of it."""
    client.raise_request_exception = False  # the forced error is answered as a 500

    def fails_whole(fault, url, data=None):
        before = database_rows()
        with django_capture_on_commit_callbacks() as announced, fault:
            response = client.post(url, data or {})
        assert response.status_code == 500
        assert fault.written is not None, f"{fault} was never reached"
        assert fault.written != before, f"nothing was written before {fault}"
        assert database_rows() == before
        assert announced == []
        assert mail.outbox == []

    return fails_whole


@pytest.fixture
def trope():
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body=BODY)


@pytest.fixture
def work():
    return WorkFactory(page__name="MetallicRouge", page__title="Metallic Rouge")


@pytest.fixture
def example(trope, work):
    return ExampleFactory(trope=trope, work=work, text="Rouge eats a lot.")


@pytest.fixture
def linking_page():
    """A page whose links to pages that do not exist yet turn blue (a new stamp) once they do."""
    return PageFactory(name="Eating", body="See [[Main/NewTrope]] and [[Main/Gluttony]].")


# Pages: edits, creation, moves, reverts.

EDIT_FAULTS = [
    (search, "index", 1),  # the page's search entry: its row, revision, links and stamps are in
    (freshness, "page_renamed", 1),  # its new title shown by its neighbours
    (search, "index_summary", 1),  # the trope's one-liner, saved after the page
    (trust, "promote_if_due", 1),  # the last step
]


@pytest.mark.parametrize("owner, name, call", EDIT_FAULTS)
def test_a_page_edit_is_saved_whole_or_not_at_all(
    client, fails_whole, editor, trope, linking_page, owner, name, call
):
    client.force_login(editor)
    data = form_data(
        trope.page,
        title="Big Eaters",
        body=BODY + "\n\nSee [[Main/Gluttony]] and [[Main/Eating]].",
        laconic="Eats a lot.",
    )
    fails_whole(Fault(owner, name, call), "/Main/BigEater/edit", data)


def test_a_revert_is_saved_whole_or_not_at_all(client, fails_whole, editor, trope):
    old = trope.page.history.get()
    edit(trope.page, editor, body="Blanked.")
    client.force_login(editor)
    url = f"/Main/BigEater/revert/{old.history_id}"
    latest = trope.page.history.order_by("-history_id").first()
    fails_whole(Fault(search, "index"), url, {"base_revision": latest.history_id})


@pytest.mark.parametrize(
    "owner, name",
    [(search, "index"), (search, "index_summary")],  # the page's entry; then the trope's record
)
def test_a_new_page_is_created_whole_or_not_at_all(
    client, fails_whole, moderator, linking_page, owner, name
):
    client.force_login(moderator)  # who makes tropes directly, not through the launch pad
    data = {"kind": "trope", "title": "New Trope", "name": "NewTrope"}
    fails_whole(Fault(owner, name), "/new", data)


@pytest.mark.parametrize(
    "owner, name, call",
    [
        (freshness, "page_renamed", 1),  # the page is renamed, the redirect not yet left
        (search, "index", 2),  # the redirect's row and revision are in, its indexing fails
    ],
)
def test_a_move_is_saved_whole_or_not_at_all(
    client, fails_whole, editor, trope, linking_page, owner, name, call
):
    client.force_login(editor)
    data = {"namespace": "Main", "name": "Gluttony", "title": "Gluttony", "summary": "Clearer"}
    fails_whole(Fault(owner, name, call), "/Main/BigEater/move", data)


def test_a_new_alias_is_saved_whole_or_not_at_all(client, fails_whole, editor, trope, linking_page):
    client.force_login(editor)
    data = {"namespace": "Main", "name": "Gluttony"}
    fails_whole(Fault(search, "index"), "/Main/BigEater/aliases", data)


# Examples and votes.


@pytest.mark.parametrize(
    "owner, name",
    [(search, "index_pages"), (trust, "promote_if_due")],  # its pages' entries; the last step
)
def test_a_new_example_is_saved_whole_or_not_at_all(
    client, fails_whole, editor, trope, work, owner, name
):
    client.force_login(editor)
    data = {"subject": "BigEater", "text": "Rouge eats, see [[Main/Gluttony]].", "summary": ""}
    fails_whole(Fault(owner, name), "/examples/new?work=Anime/MetallicRouge", data)


def test_the_same_example_added_twice_at_once_is_refused_with_a_message(
    editor, trope, work, monkeypatch
):
    """Two editors add the same pair: the second passes every check before the first
    commits, and its save meets the database's unique constraint."""
    ExampleFactory(trope=trope, work=work, text="Added a moment earlier.")
    monkeypatch.setattr(examples.Example, "full_clean", lambda self, **kwargs: None)
    with pytest.raises(ValidationError, match="already has an example of this trope"):
        examples.add_example(trope, work, "Added at the same moment.", editor)
    assert examples.Example.objects.get().text == "Added a moment earlier."


def test_a_sign_up_is_saved_whole_or_not_at_all(client, fails_whole):
    data = {
        "username": "newbie",
        "email": "newbie@example.org",
        "password1": "a long enough pass",
        "password2": "a long enough pass",
    }
    fails_whole(Fault(outgoing, "send"), "/accounts/signup", data)


@pytest.mark.parametrize("owner, name", [(search, "index_pages"), (trust, "promote_if_due")])
def test_an_example_edit_is_saved_whole_or_not_at_all(
    client, fails_whole, editor, example, owner, name
):
    client.force_login(editor)
    data = {
        "text": "Rouge eats, see [[Main/Gluttony]].",
        "summary": "Links",
        "base_revision": example.history.get().history_id,
    }
    fails_whole(Fault(owner, name), f"/examples/{example.pk}/edit", data)


def test_a_restored_example_is_saved_whole_or_not_at_all(client, fails_whole, editor, example):
    first = example.history.get()
    examples.edit_example(example, "Spam.", first.history_id, editor)
    client.force_login(editor)
    url = f"/examples/revisions/{first.history_id}/restore"
    fails_whole(Fault(search, "index_pages"), url)


@pytest.mark.django_db(transaction=True)
def test_an_example_removal_is_saved_whole_or_not_at_all(client, fails_whole, editor, example):
    # Removing is Django's deletion, whose own transaction is the outermost here as in
    # production: the failure comes after its revision is written and its links deleted.
    client.force_login(editor)
    url = f"/examples/{example.pk}/delete"
    fails_whole(Fault(aftercommit, "once"), url, {"summary": "Not a trope"})


@pytest.mark.parametrize("earlier", [None, 2], ids=["new vote", "changed vote"])
def test_a_vote_is_counted_whole_or_not_at_all(
    client, fails_whole, reader, editor, example, earlier
):
    votes.cast_vote(editor, example, 5)
    if earlier:
        votes.cast_vote(reader, example, earlier)
    client.force_login(reader)
    fails_whole(Fault(freshness, "touch"), f"/examples/{example.pk}/vote", {"value": 4})


def test_a_vote_purge_is_done_whole_or_not_at_all(client, fails_whole, moderator, example):
    troll = UserFactory(username="troll")
    votes.cast_vote(troll, example, 1)
    votes.cast_vote(troll, ExampleFactory(trope=example.trope), 1)
    client.force_login(moderator)
    fails_whole(Fault(ModeratorAction, "record"), "/user/troll/votes/purge")


# Review: approving, rejecting and merging held changes.


def review_url(change):
    return f"/admin/wiki/pendingchange/{change.pk}/change/"


@pytest.mark.parametrize("owner, name", [(search, "index"), (Notice, "send")])
def test_an_approved_page_edit_goes_in_whole_or_not_at_all(
    client, fails_whole, new_editor, moderator, trope, owner, name
):
    values = {**form_data(trope.page), "body": BODY + "\n\nA third, see [[Main/Gluttony]]."}
    page_changes.hold_edit(trope.page, values, values["base_revision"], new_editor, "More")
    change = PendingChange.objects.get()
    client.force_login(moderator)
    fails_whole(Fault(owner, name), review_url(change), {"_approve": "Approve"})


def test_an_approved_new_page_goes_in_whole_or_not_at_all(
    client, fails_whole, new_editor, moderator, linking_page
):
    page_changes.hold_new_page("Main", "NewTrope", "New Trope", "trope", new_editor)
    change = PendingChange.objects.get()
    client.force_login(moderator)
    fails_whole(Fault(Notice, "send"), review_url(change), {"_approve": "Approve"})


@pytest.mark.parametrize("action", ["add", "edit"])
def test_an_approved_example_goes_in_whole_or_not_at_all(
    client, fails_whole, new_editor, moderator, trope, work, action
):
    text = "Rouge eats, see [[Main/Gluttony]]."
    if action == "add":
        held_examples.hold_add(trope, work, text, new_editor)
    else:
        example = ExampleFactory(trope=trope, work=work)
        held_examples.hold_edit(example, text, example.history.get().history_id, new_editor)
    change = PendingChange.objects.get()
    client.force_login(moderator)
    fails_whole(Fault(Notice, "send"), review_url(change), {"_approve": "Approve"})


def test_a_rejection_is_recorded_whole_or_not_at_all(
    client, fails_whole, new_editor, moderator, trope, work
):
    held_examples.hold_add(trope, work, "Spam.", new_editor)
    change = PendingChange.objects.get()
    client.force_login(moderator)
    data = {"_reject": "Reject", "reason": "Vandalism or nonsense"}
    fails_whole(Fault(Notice, "send"), review_url(change), data)


def test_a_held_edit_merged_by_hand_goes_in_whole_or_not_at_all(
    client, fails_whole, new_editor, editor, moderator, trope
):
    values = {**form_data(trope.page), "body": BODY.replace("Second", "Her second")}
    page_changes.hold_edit(trope.page, values, values["base_revision"], new_editor, "Hers")
    edit(trope.page, editor, body=BODY.replace("Second", "His second"))
    change = PendingChange.objects.get()
    merged = form_data(Page.objects.get(pk=trope.page.pk), body=BODY.replace("Second", "Both"))
    client.force_login(moderator)
    # The edit is saved as its author's; closing the held change, its last part, fails.
    fails_whole(Fault(Notice, "send"), f"/pending/{change.pk}/merge", merged)


# Moderators' other actions.


def test_a_rollback_is_done_whole_or_not_at_all(client, fails_whole, moderator, example):
    vandal = UserFactory(username="vandal")
    edit(example.trope.page, vandal, body="Blanked!")
    examples.edit_example(example, "Spam.", example.history.get().history_id, vandal)
    examples.add_example(example.trope, WorkFactory(), "More spam.", vandal)
    client.force_login(moderator)
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    fails_whole(Fault(ModeratorAction, "record"), "/user/vandal/rollback", {"since": since})


def test_a_report_is_filed_whole_or_not_at_all(client, fails_whole, reader, trope):
    client.force_login(reader)
    data = {"reason": "vandalism", "details": "Blanked."}
    # The report's case is opened, then the report itself cannot be written.
    fails_whole(Fault(Report.objects, "create"), "/Main/BigEater/report", data)


def test_closing_a_report_is_recorded_whole_or_not_at_all(
    client, fails_whole, reader, moderator, trope
):
    reports.file_report("page:1", "Page Main/BigEater", "/Main/BigEater", reader, "vandalism")
    case = ReportCase.objects.get()
    client.force_login(moderator)
    data = {"action": "resolve", "confirm": "1", "note": "Fixed", "_selected_action": [case.pk]}
    fails_whole(Fault(ModeratorAction, "record"), "/admin/wiki/reportcase/", data)


def test_a_ban_is_given_whole_or_not_at_all(client, fails_whole, moderator):
    vandal = UserFactory(username="vandal")
    client.force_login(moderator)
    data = {
        "user": vandal.pk,
        "scope": "edit",
        "reason": "Blanking pages",
        "expires_0": "",
        "expires_1": "",
    }
    fails_whole(Fault(ModeratorAction, "record"), "/admin/accounts/ban/add/", data)


def test_lifting_bans_is_done_whole_or_not_at_all(client, fails_whole, moderator):
    bans = [
        Ban.objects.create(user=UserFactory(username=name), reason="Spam", created_by=moderator)
        for name in ("vandal", "spammer")
    ]
    client.force_login(moderator)
    data = {"action": "lift", "_selected_action": [ban.pk for ban in bans]}
    # The first ban is lifted and logged; logging the second fails.
    fails_whole(Fault(ModeratorAction, "record", call=2), "/admin/accounts/ban/", data)


@pytest.mark.parametrize("action", ["grant_trust", "remove_trust"])
def test_trust_is_changed_whole_or_not_at_all(client, fails_whole, moderator, action):
    people = [UserFactory(username=name) for name in ("nina", "noor")]
    if action == "remove_trust":
        people = [with_role(person, Role.TRUSTED) for person in people]
    client.force_login(moderator)
    data = {"action": action, "_selected_action": [person.pk for person in people]}
    fails_whole(Fault(ModeratorAction, "record", call=2), "/admin/accounts/user/", data)


def test_a_held_edit_reviewed_meanwhile_is_not_saved_by_a_merge_by_hand(
    new_editor, moderator, other_moderator, trope
):
    values = {**form_data(trope.page), "body": BODY.replace("Second", "Her second")}
    change = page_changes.hold_edit(trope.page, values, values["base_revision"], new_editor)
    moderation.reject(change, other_moderator, "Not an improvement")
    save = mock.Mock()
    with pytest.raises(moderation.NotPending):
        moderation.merge_by_hand(change, moderator, save)
    save.assert_not_called()
