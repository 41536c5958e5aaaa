"""Who may do what: every protected view against every kind of person, cell by cell."""

import io

import pytest
from PIL import Image

from accounts.models import Ban
from tests.factories import ExampleFactory, TropeFactory, UserFactory
from tests.helpers import admin_page_form, edit, form_data
from tests.tropes.launch import matrix as launch_matrix
from tropes import examples
from tropes.models import Example
from tropes.repair import cases, wicks
from wiki import moderation
from wiki.discussions import open_thread
from wiki.models import Page, PendingChange

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "new editor", "trusted editor", "moderator", "banned", "administrator"]
LOGIN, HELD, LIVE = "login", "held", "live"


@pytest.fixture
def world(new_editor, editor, moderator, banned_user, admin_user):
    page = TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Text.").page
    example = ExampleFactory(trope=page.trope, text="An example.")
    people = {
        "anonymous": None,
        "new editor": new_editor,
        "trusted editor": editor,
        "moderator": moderator,
        "banned": banned_user,
        "administrator": admin_user,
    }
    held = moderation.hold(
        "page_edit",
        "Edit of Big Eater",
        {"values": {"body": "Held."}, "extra": None},
        people["new editor"],
        page=page,
        base_revision=page.history.get().history_id,
    )
    return {"page": page, "example": example, "people": people, "held": held}


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "dot.png"
    return buffer


def outcome(response):
    if response.status_code == 302 and "/login" in response["Location"]:
        return LOGIN
    return response.status_code


def edit_outcome(client, world):
    page = Page.objects.get(pk=world["page"].pk)
    before = PendingChange.objects.count()
    response = client.post("/Main/BigEater/edit", form_data(page, body="Changed."))
    if response.status_code != 302 or "/login" in response["Location"]:
        return outcome(response)
    return HELD if PendingChange.objects.count() > before else LIVE


def locked(world):
    page = Page.objects.get(pk=world["page"].pk)
    page.protection = Page.Protection.LOCKED
    page.save()
    return page


def held_or_live(act, changed):
    """The outcome of a change: login, a refusal, or whether it was held or went live."""
    before = PendingChange.objects.count()
    response = act()
    if response.status_code != 302 or "/login" in response["Location"]:
        return outcome(response)
    if PendingChange.objects.count() > before:
        return HELD
    return LIVE if changed() else "nothing changed"


def retitle_outcome(client, world, lock=False):
    page = locked(world) if lock else world["page"]
    return held_or_live(
        lambda: client.post(
            "/Main/BigEater/move",
            {"namespace": "Main", "name": "BigEater", "title": "Retitled", "summary": ""},
        ),
        lambda: Page.objects.get(pk=page.pk).title == "Retitled",
    )


def restore_outcome(client, world, lock=False):
    """Restore the example's first revision after a moderator has changed it."""
    if lock:
        locked(world)
    example = world["example"]
    first = example.history.get()
    examples.edit_example(
        example, "Changed by a moderator.", first.history_id, world["people"]["moderator"]
    )
    return held_or_live(
        lambda: client.post(f"/examples/revisions/{first.history_id}/restore"),
        lambda: Example.objects.get(pk=example.pk).text == first.text,
    )


def revert_outcome(client, world):
    """Revert the page to its first revision after a moderator has changed it."""
    page = world["page"]
    first = page.history.get()
    edit(page, world["people"]["moderator"], body="Changed by a moderator.")
    return held_or_live(
        lambda: client.post(
            f"/Main/BigEater/revert/{first.history_id}",
            {"base_revision": page.history.latest("history_id").history_id},
        ),
        lambda: Page.objects.get(pk=page.pk).body == first.body,
    )


def alias_outcome(client, world, lock=False):
    if lock:
        locked(world)
    return held_or_live(
        lambda: client.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "BigEaters"}),
        lambda: Page.objects.filter(name="BigEaters", redirect_to=world["page"]).exists(),
    )


def a_thread(world):
    """A thread on Big Eater, opened by someone who is none of the people tried."""
    author = UserFactory(username="thea")
    return open_thread(world["page"], title="A question", author=author, text="Why?")


def thread_action(client, world, action, data=None):
    thread = a_thread(world)
    url = f"/Main/BigEater/discussion/{thread.pk}/{action}"
    if data is None:
        return outcome(client.get(url))
    return outcome(client.post(url, data))


def locked_thread(world):
    thread = a_thread(world)
    thread.locked = True
    thread.save()
    return thread


def post_action(client, world, action, data=None):
    post = a_thread(world).posts.get()
    url = f"/posts/{post.pk}/{action}"
    return outcome(client.get(url) if data is None else client.post(url, data))


def repair_case(world):
    return cases.propose(world["page"], "cut", "Misused.", world["people"]["new editor"])


def wick_check(world):
    return wicks.start(world["page"], world["people"]["new editor"])


def account(world, person, page="change/"):
    """An admin page of `person`'s account."""
    return f"/admin/accounts/user/{world['people'][person].pk}/{page}"


NEW_PASSWORD = {
    "password1": "A new pass 123",
    "password2": "A new pass 123",
    "usable_password": "true",
}


# (what, how to do it, outcome for each person in PEOPLE order)
MATRIX = [
    (
        "open the edit form",
        lambda c, w: outcome(c.get("/Main/BigEater/edit")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    ("save an edit", edit_outcome, [LOGIN, HELD, LIVE, LIVE, 403, LIVE]),
    (
        "preview markup",
        lambda c, w: outcome(c.post("/markdownx/markdownify/", {"content": "x"})),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "upload an image",
        lambda c, w: c.post("/markdownx/upload/", {"image": png()}).status_code,
        [403, 200, 200, 200, 403, 200],
    ),
    ("create a page", lambda c, w: outcome(c.get("/new")), [LOGIN, 200, 200, 200, 403, 200]),
    (
        "move a page",
        lambda c, w: outcome(c.get("/Main/BigEater/move")),
        [LOGIN, 403, 200, 200, 403, 200],
    ),
    (
        "add another name",
        lambda c, w: outcome(
            c.post("/Main/BigEater/aliases", {"namespace": "Main", "name": "BigEaters"})
        ),
        [LOGIN, 403, 302, 302, 403, 302],
    ),
    (
        "add an example",
        lambda c, w: outcome(c.get(f"/examples/new?work={w['example'].work.page.full_name}")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "restore an example revision",
        lambda c, w: outcome(
            c.post(f"/examples/revisions/{w['example'].history.get().history_id}/restore")
        ),
        [LOGIN, 403, 302, 302, 403, 302],
    ),
    ("retitle a page", retitle_outcome, [LOGIN, 403, LIVE, LIVE, 403, LIVE]),
    (
        "retitle a locked page",
        lambda c, w: retitle_outcome(c, w, lock=True),
        [LOGIN, 403, 403, LIVE, 403, LIVE],
    ),
    (
        "add another name to a locked page",
        lambda c, w: alias_outcome(c, w, lock=True),
        [LOGIN, 403, 403, LIVE, 403, LIVE],
    ),
    ("restore a changed example", restore_outcome, [LOGIN, 403, LIVE, LIVE, 403, LIVE]),
    (
        "restore a changed example on a locked page",
        lambda c, w: restore_outcome(c, w, lock=True),
        [LOGIN, 403, HELD, LIVE, 403, LIVE],
    ),
    (
        "vote",
        lambda c, w: outcome(c.post(f"/examples/{w['example'].pk}/vote", {"value": 4})),
        [LOGIN, 302, 302, 302, 403, 302],
    ),
    (
        "report a page",
        lambda c, w: outcome(c.get("/Main/BigEater/report")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "see a held change",
        lambda c, w: outcome(c.get(f"/pending/{w['held'].pk}")),
        [404, 200, 404, 200, 404, 200],
    ),
    (
        "roll back a member",
        lambda c, w: outcome(c.get("/user/nina/rollback")),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "remove a member's votes",
        lambda c, w: outcome(c.get("/user/nina/votes/purge")),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "open the review queue",
        lambda c, w: outcome(c.get("/admin/wiki/pendingchange/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "open the moderators' desk",
        lambda c, w: outcome(c.get("/admin/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "approve in the admin",
        lambda c, w: outcome(
            c.post(f"/admin/wiki/pendingchange/{w['held'].pk}/change/", {"_approve": "Approve"})
        ),
        [LOGIN, LOGIN, LOGIN, 302, LOGIN, 302],
    ),
    (
        "open the reports",
        lambda c, w: outcome(c.get("/admin/wiki/reportcase/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "open the bans",
        lambda c, w: outcome(c.get("/admin/accounts/ban/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "approve in bulk",
        lambda c, w: outcome(
            c.post(
                "/admin/wiki/pendingchange/",
                {"action": "approve_selected", "_selected_action": [w["held"].pk]},
            )
        ),
        [LOGIN, LOGIN, LOGIN, 302, LOGIN, 302],
    ),
    (
        "grant trust",
        lambda c, w: outcome(
            c.post(
                "/admin/accounts/user/",
                {"action": "grant_trust", "_selected_action": [w["people"]["new editor"].pk]},
            )
        ),
        [LOGIN, LOGIN, LOGIN, 302, LOGIN, 302],
    ),
    (
        "open a new editor's account",
        lambda c, w: outcome(c.get(account(w, "new editor"))),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "open a moderator's account",
        lambda c, w: outcome(c.get(account(w, "moderator"))),
        [LOGIN, LOGIN, LOGIN, 403, LOGIN, 200],
    ),
    (
        "open an administrator's account",
        lambda c, w: outcome(c.get(account(w, "administrator"))),
        [LOGIN, LOGIN, LOGIN, 403, LOGIN, 200],
    ),
    (
        "open an administrator's password page",
        lambda c, w: outcome(c.get(account(w, "administrator", "password/"))),
        [LOGIN, LOGIN, LOGIN, 403, LOGIN, 200],
    ),
    (
        "set a moderator's password",
        lambda c, w: outcome(c.post(account(w, "moderator", "password/"), NEW_PASSWORD)),
        [LOGIN, LOGIN, LOGIN, 403, LOGIN, 302],
    ),
    (
        "set a new editor's password",
        lambda c, w: outcome(c.post(account(w, "new editor", "password/"), NEW_PASSWORD)),
        [LOGIN, LOGIN, LOGIN, 403, LOGIN, 302],
    ),
    (
        "lift a ban",
        lambda c, w: outcome(
            c.post(
                "/admin/accounts/ban/",
                {"action": "lift", "_selected_action": [Ban.objects.get().pk]},
            )
        ),
        [LOGIN, LOGIN, LOGIN, 302, LOGIN, 302],
    ),
    (
        "give a ban",
        lambda c, w: outcome(c.get("/admin/accounts/ban/add/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "change protection",
        lambda c, w: outcome(c.get(f"/admin/wiki/page/{w['page'].pk}/change/")),
        [LOGIN, LOGIN, LOGIN, 200, LOGIN, 200],
    ),
    (
        "read the moderation log",
        lambda c, w: outcome(c.get("/moderation/log")),
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "follow a page",
        lambda c, w: outcome(c.post("/Main/BigEater/follow")),
        [LOGIN, 302, 302, 302, 302, 302],
    ),
    (
        "read the changes to followed pages",
        lambda c, w: outcome(c.get("/following")),
        [LOGIN, 200, 200, 200, 200, 200],
    ),
    (
        "open an example's edit form",
        lambda c, w: outcome(c.get(f"/examples/{w['example'].pk}/edit")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "remove an example",
        lambda c, w: held_or_live(
            lambda: c.post(f"/examples/{w['example'].pk}/delete", {"summary": "Off topic"}),
            lambda: not Example.objects.filter(pk=w["example"].pk).exists(),
        ),
        [LOGIN, HELD, LIVE, LIVE, 403, LIVE],
    ),
    (
        "report an example",
        lambda c, w: outcome(c.get(f"/examples/{w['example'].pk}/report")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    ("revert a changed page", revert_outcome, [LOGIN, HELD, LIVE, LIVE, 403, LIVE]),
    (
        "merge a held change by hand",
        lambda c, w: outcome(c.get(f"/pending/{w['held'].pk}/merge")),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "start a thread",
        lambda c, w: outcome(c.get("/Main/BigEater/discussion/new")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "reply in a thread",
        lambda c, w: thread_action(c, w, "reply", {"text": "Because."}),
        [LOGIN, 302, 302, 302, 403, 302],
    ),
    (
        "reply in a locked thread",
        lambda c, w: outcome(
            c.post(f"{locked_thread(w).get_absolute_url()}/reply", {"text": "Hm."})
        ),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    ("follow a thread", lambda c, w: thread_action(c, w, "follow", {}), [LOGIN, *[302] * 5]),
    (
        "edit someone else's post",
        lambda c, w: post_action(c, w, "edit"),
        [LOGIN, 403, 403, 403, 403, 403],
    ),
    ("report a post", lambda c, w: post_action(c, w, "report"), [LOGIN, 200, 200, 200, 403, 200]),
    (
        "hide a post",
        lambda c, w: post_action(c, w, "hide", {"reason": "Spam"}),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    (
        "show a hidden post",
        lambda c, w: post_action(c, w, "show", {}),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    *(
        (
            f"{action} a thread",
            lambda c, w, action=action: thread_action(c, w, action, {"on": "1"}),
            [LOGIN, 403, 403, 302, 403, 302],
        )
        for action in ("lock", "pin", "resolve")
    ),
    ("move a thread", lambda c, w: thread_action(c, w, "move"), [LOGIN, 403, 403, 200, 403, 200]),
    (
        "propose a repair case",
        lambda c, w: outcome(c.get("/repair/new")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "decide a repair case",
        lambda c, w: outcome(c.post(f"/repair/{repair_case(w).pk}/decide", {"action": "decide"})),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    (
        "carry out a cut case",
        lambda c, w: outcome(c.post(f"/repair/{repair_case(w).pk}/cut", {"reason": "Decided."})),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    (
        "start a wick check",
        lambda c, w: outcome(c.post("/Main/BigEater/wickcheck/start")),
        [LOGIN, 302, 302, 302, 403, 302],
    ),
    (
        "label a wick check",
        lambda c, w: outcome(
            c.post(f"/Main/BigEater/wickcheck/{wick_check(w).pk}", {"verdict-0": "correct"})
        ),
        [LOGIN, 302, 302, 302, 403, 302],
    ),
    (
        "save a wick check's report",
        lambda c, w: outcome(c.post(f"/Main/BigEater/wickcheck/{wick_check(w).pk}/save")),
        [LOGIN, 400, 400, 400, 403, 400],
    ),
    (
        "cut a page",
        lambda c, w: outcome(c.get("/Main/BigEater/cut")),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "restore a cut page",
        lambda c, w: outcome(c.post("/Main/BigEater/cut/restore")),
        [LOGIN, 403, 403, 404, 403, 404],
    ),
    (
        "merge a trope",
        lambda c, w: outcome(c.get("/Main/BigEater/merge-into")),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "open the account settings",
        lambda c, w: outcome(c.get("/accounts/settings")),
        [LOGIN, 200, 200, 200, 200, 200],
    ),
    (
        "read a page through the API",
        lambda c, w: outcome(c.get("/api/v1/pages/Main/BigEater")),
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "write through the API",
        lambda c, w: outcome(c.post(f"/api/v1/examples/{w['example'].pk}", {"text": "Gone."})),
        [405, 405, 405, 405, 405, 405],
    ),
    # The launch pad's rows, in their own module: this one is long enough.
    *launch_matrix.ROWS,
]


@pytest.mark.parametrize("what, act, expected", MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(client, world, person, what, act, expected):
    user = world["people"][person]
    if user is not None:
        client.force_login(user)
    assert act(client, world) == expected[PEOPLE.index(person)]


def test_an_approval_by_someone_else_changes_nothing(client, world):
    url = f"/admin/wiki/pendingchange/{world['held'].pk}/change/"
    client.force_login(world["people"]["trusted editor"])
    client.post(url, {"_approve": "Approve"})
    assert PendingChange.objects.get().status == "pending"
    client.force_login(world["people"]["moderator"])
    client.post(url, {"_approve": "Approve"})
    assert PendingChange.objects.get().status == "approved"


def admin_page_edit(client, world):
    page = world["page"]
    return outcome(
        client.post(
            f"/admin/wiki/page/{page.pk}/change/",
            admin_page_form(page, body="Changed in the admin."),
        )
    )


BAN_SCOPES = ["site", "edit"]

# What a banned moderator can still do: (what, how, outcome for each scope in BAN_SCOPES).
BANNED_MODERATOR_MATRIX = [
    (
        "open the review queue",
        lambda c, w: outcome(c.get("/admin/wiki/pendingchange/")),
        [LOGIN, 200],
    ),
    (
        "lift their own ban",
        lambda c, w: outcome(
            c.post(
                "/admin/accounts/ban/",
                {
                    "action": "lift",
                    "_selected_action": [Ban.objects.get(user=w["people"]["moderator"]).pk],
                },
            )
        ),
        [LOGIN, 403],
    ),
    ("edit a page in the admin", admin_page_edit, [LOGIN, 403]),
    ("roll back a member", lambda c, w: outcome(c.get("/user/nina/rollback")), [403, 200]),
]


@pytest.mark.parametrize(
    "what, act, expected", BANNED_MODERATOR_MATRIX, ids=[row[0] for row in BANNED_MODERATOR_MATRIX]
)
@pytest.mark.parametrize("scope", BAN_SCOPES)
def test_banned_moderator_matrix(client, world, scope, what, act, expected):
    moderator = world["people"]["moderator"]
    Ban.objects.create(user=moderator, scope=scope, reason="Abusing the tools")
    client.force_login(moderator)
    assert act(client, world) == expected[BAN_SCOPES.index(scope)]
