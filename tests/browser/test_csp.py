"""Under the Content-Security-Policy every page still works: reading, spoilers, Go To,
votes, editing with its live preview and the admin's review screen, with not one thing the
policy blocks and not one error in the console."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from wiki import editing, moderation

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every page before its own scripts; the policy itself does not apply to it.
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
                         + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def problems(page):
    """Everything the policy blocked, and every console error and uncaught exception."""
    found = []
    page.expose_function("reportViolation", lambda text: found.append(f"CSP: {text}"))
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and found.append(f"console: {message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


@pytest.fixture
def rouge(db):
    work = WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android story. [[spoiler:Naomi is a Nean.]]",
    )
    trope = TropeFactory(
        page__name="BigEater", page__title="Big Eater", page__body="Characters who eat a lot."
    )
    ExampleFactory(trope=trope, work=work, text="Naomi eats three bowls of ramen.")
    return work


def settle(page):
    """Let the page's scripts and late requests finish before looking for problems."""
    page.wait_for_load_state("networkidle")


def test_reading_pages_break_no_rule_of_the_policy(page, problems, rouge, editor):
    editing.edit_page(
        rouge.page,
        {"body": "Told again. [[spoiler:Naomi is a Nean.]]"},
        editing.latest_revision(rouge.page).history_id,
        editor,
    )
    latest = editing.latest_revision(rouge.page).history_id
    for url in [
        "/",
        "/Anime/MetallicRouge",
        "/Main/BigEater",
        "/Anime/MetallicRouge/history",
        f"/Anime/MetallicRouge/compare?to={latest}",
        "/search?q=ramen",
        "/help/markup",
    ]:
        page.goto(url)
        settle(page)

    page.goto("/Anime/MetallicRouge")  # the kept copy this time
    page.locator(".spoiler").first.click()
    assert page.locator(".spoiler").first.get_attribute("aria-pressed") == "true"
    settle(page)

    box = page.get_by_role("combobox", name="Go to a page")
    box.focus()
    page.keyboard.type("metallic")
    page.get_by_role("listbox", name="Pages").get_by_role("option").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/Anime/MetallicRouge")
    settle(page)
    assert problems == [], problems


def test_voting_and_editing_break_no_rule_of_the_policy(page, problems, rouge, editor, sign_in):
    sign_in(editor)
    page.goto("/Anime/MetallicRouge")
    page.get_by_text("Rate this example").click()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_text("Vote saved.").wait_for()

    page.goto("/Main/BigEater/edit")
    page.get_by_label("Body").fill("Some **bold** words and [[spoiler:a secret]].")
    page.locator(".markdownx-preview strong", has_text="bold").wait_for()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/Main/BigEater")
    settle(page)
    assert problems == [], problems


def test_the_admin_review_screen_breaks_no_rule_of_the_policy(
    page, problems, rouge, new_editor, moderator, sign_in
):
    trope_page = rouge.examples.get().trope.page
    moderation.hold(
        "page_edit",
        "Edit of Big Eater",
        {"values": {"body": "Naomi eats a whole cake."}, "extra": None},
        new_editor,
        page=trope_page,
        base_revision=trope_page.history.get().history_id,
        summary="Cake",
    )
    sign_in(moderator)
    page.goto("/admin/")
    settle(page)
    page.goto("/admin/wiki/pendingchange/")
    page.get_by_role("link", name="Edit of Big Eater").click()
    page.get_by_text("Changes against the live version").wait_for()
    settle(page)
    page.get_by_role("button", name="Approve with comment").click()
    page.get_by_text("Approved; the change is live.").wait_for()
    settle(page)
    assert problems == [], problems
