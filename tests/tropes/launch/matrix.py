"""What the permission matrix (tests/test_permissions.py) does on the launch pad: a draft
sponsored by someone outside the cast, and whether each action changed it."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import LaunchDraftFactory, UserFactory
from tests.helpers import form_data
from tests.tropes.launch.conftest import age, hat, with_examples
from tropes.launch import drafts
from tropes.models import LaunchDraft
from wiki.models import Page

DRAFT = "/launch/LoyalSidekick"
LOGIN, LIVE = "login", "live"  # as tests/test_permissions.py says them


def outcome(response):
    if response.status_code == 302 and "/login" in response["Location"]:
        return LOGIN
    return response.status_code


def draft(world, **fields):
    """The matrix's draft, made when a row first needs it: voting on it is open."""
    if "draft" not in world:
        made = LaunchDraftFactory(
            page__name="LoyalSidekick", sponsor=UserFactory(username="sponsor"), **fields
        )
        world["draft"] = age(made, posted=timezone.now() - timedelta(days=4))
    return world["draft"]


def ready(world):
    """The draft, announced more than 24 hours ago with enough hats and examples."""
    made = draft(world)
    with_examples(made, 5)
    hat(made, 5)
    drafts.announce(made, made.sponsor)
    return age(made, announced=timezone.now() - timedelta(hours=25))


def state_after(client, response, made):
    """LOGIN, a refusal's status, or the draft's state after the action."""
    if response.status_code == 302 and "/login" in response["Location"]:
        return "login"
    if response.status_code != 302:
        return response.status_code
    return LaunchDraft.objects.get(pk=made.pk).state


def announce(client, world):
    made = draft(world)
    with_examples(made, 5)
    hat(made, 5)
    return state_after(client, client.post(f"{DRAFT}/announce"), made)


def launch(client, world):
    made = ready(world)
    return state_after(client, client.post(f"{DRAFT}/launch"), made)


def adopt(client, world):
    made = draft(world, state=LaunchDraft.State.DISCARDED)
    return state_after(client, client.post(f"{DRAFT}/adopt"), made)


def edit_draft(client, world):
    """Whether the edit was saved ("live") or waits ("held")."""
    made = draft(world)
    page = Page.objects.get(pk=made.pk)
    data = form_data(page, body="Changed.")
    data.update({"laconic": made.laconic, "initial-laconic": made.laconic})
    response = client.post("/Launch/LoyalSidekick/edit", data)
    if response.status_code != 302 or "/login" in response["Location"]:
        return "login" if response.status_code == 302 else response.status_code
    return "live" if Page.objects.get(pk=made.pk).body == "Changed." else "held"


def edit_example(client, world):
    """Open the edit form of an example someone else proposed."""
    made = draft(world)
    proposed = drafts.propose_example(made, made.sponsor, "Anime", "SomeShow", "Some Show", "X.")
    return client.get(f"/launch/examples/{proposed.pk}/edit")


def create_trope(client, world):
    """The trope page made ("live"), or the member sent to the launch pad ("launch pad")."""
    response = client.post("/new", {"kind": "trope", "title": "Loyal Sidekick", "name": ""})
    if response.status_code != 302:
        return response.status_code
    if "/login" in response["Location"]:
        return "login"
    if response["Location"].startswith("/launch/new"):
        return "launch pad"
    return "live" if Page.objects.filter(namespace="Main", name="LoyalSidekick") else "held"


def draft_of(world):
    """Make the launch pad's draft for a row that acts on it; no arguments for the client."""
    draft(world)
    return {}


# (what, how to do it, outcome for each person in tests/test_permissions.py's PEOPLE order)
ROWS = [
    (
        "propose a trope",
        lambda c, w: outcome(c.get("/launch/new")),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "create a trope in Main directly",
        create_trope,
        [LOGIN, "launch pad", "launch pad", LIVE, 403, LIVE],
    ),
    ("edit a draft", edit_draft, [LOGIN, LIVE, LIVE, LIVE, 403, LIVE]),
    (
        "propose an example on a draft",
        lambda c, w: outcome(c.get(f"{DRAFT}/examples/new", **draft_of(w))),
        [LOGIN, 200, 200, 200, 403, 200],
    ),
    (
        "edit someone else's proposed example",
        lambda c, w: outcome(edit_example(c, w)),
        [LOGIN, 403, 403, 200, 403, 200],
    ),
    (
        "hat a draft",
        lambda c, w: outcome(c.post(f"{DRAFT}/vote", {"value": 1}, **draft_of(w))),
        [LOGIN, 302, 302, 302, 403, 302],
    ),
    (
        "announce someone else's launch",
        announce,
        [LOGIN, "open", "open", "announced", 403, "announced"],
    ),
    (
        "launch someone else's draft",
        launch,
        [LOGIN, "announced", "announced", "launched", 403, "launched"],
    ),
    (
        "hold a draft",
        lambda c, w: outcome(c.post(f"{DRAFT}/hold", {"reason": "Overlaps."}, **draft_of(w))),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    (
        "lift a draft's hold",
        lambda c, w: outcome(c.post(f"{DRAFT}/hold/lift", **draft_of(w))),
        [LOGIN, 403, 403, 302, 403, 302],
    ),
    ("adopt a discarded draft", adopt, [LOGIN, "open", "open", "open", 403, "open"]),
]
