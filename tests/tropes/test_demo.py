"""The demo wiki that `make run` loads."""

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from tropes.models import (
    Character,
    Example,
    ExampleVote,
    LaunchDraft,
    RepairCase,
    Trope,
    TropeRelation,
    WickCheck,
    Work,
)
from wiki import moderation
from wiki.models import Page, PendingChange, ReportCase, Thread
from wiki.moderation import reports

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back after
    its last test; each test still runs in a savepoint of its own, so what one changes the
    next does not see, and the tests after this module find an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_demo_has_enough_of_everything(demo):
    assert Work.objects.count() >= 12
    assert len({w.medium for w in Work.objects.select_related("page")}) >= 5
    assert Trope.objects.exclude(laconic="").exclude(page__body="").count() >= 40
    assert Example.objects.count() >= 150
    assert ExampleVote.objects.exists()
    rouge = Work.objects.get(page__key="anime/metallicrouge")
    assert rouge.examples.count() >= 20
    assert set(rouge.examples.values_list("trope__page__name", flat=True)) >= {
        "MyFistForgivesYou",
        "BigEater",
    }
    assert Example.objects.filter(text__contains="[[spoiler:").count() >= 20


def test_demo_accounts_can_sign_in(demo, client):
    for handle in ("reader", "editor", "moderator"):
        assert client.login(username=handle, password=f"{handle}-demo-pass")
    assert User.objects.get(username="moderator").is_staff


def test_loading_twice_changes_nothing_and_keeps_edits(demo, capsys):
    rouge = Work.objects.get(page__key="anime/metallicrouge").page
    rouge.body = "Edited by a reader."
    rouge.save()
    counts = (Work.objects.count(), Example.objects.count(), ExampleVote.objects.count())
    call_command("load_demo")
    assert "nothing to do" in capsys.readouterr().out
    assert counts == (Work.objects.count(), Example.objects.count(), ExampleVote.objects.count())
    rouge.refresh_from_db()
    assert rouge.body == "Edited by a reader."


def test_every_demo_page_renders(demo, client):
    pages = Page.objects.all()
    assert len(pages) >= 60
    for page in pages:
        assert client.get(page.get_absolute_url()).status_code == 200, page


def test_every_demo_example_keeps_within_the_nesting_limit(demo):
    examples = Example.objects.all()
    assert len(examples) >= 150
    for example in examples:
        example.full_clean()


def test_demo_content_is_found_by_name_and_by_phrase(client, demo):
    def first_titles(q):
        return [r.page.title for r in client.get("/search", {"q": q}).context["results"]][:20]

    assert first_titles("Big Eater")[0] == "Big Eater"
    assert first_titles("metallic rouge")[0] == "Metallic Rouge"
    example = (
        Example.objects.select_related("work__page")
        .exclude(text__contains="[[")
        .order_by("pk")
        .first()
    )
    phrase = " ".join(example.text.split()[2:6]).strip(".,;:!?\"'*_")
    assert example.work.page.title in first_titles(
        f'"{phrase}"'
    ) or example.work.page.title in first_titles(phrase)


def test_demo_indexes_list_their_tropes(client, demo):
    html = client.get("/Main/BigEater").content.decode()
    assert 'href="/Main/CharacterTropes"' in html[html.index('class="index-bars"') :]


def test_demo_shows_metallic_rouge_in_parts(client, demo):
    rouge = Work.objects.get(page__key="anime/metallicrouge")
    kinds = set(rouge.subpages.values_list("kind__name", flat=True))
    assert kinds >= {"YMMV", "Trivia", "Characters", "Recap"} and rouge.laconic
    tabs = client.get("/Anime/MetallicRouge").content.decode()
    for address in ("/YMMV/MetallicRouge", "/Trivia/MetallicRouge", "/Laconic/MetallicRouge"):
        assert f'href="{address}"' in tabs
    characters = rouge.characters.all()
    assert len(characters) >= 8 and len({c.folder for c in characters}) >= 3
    assert characters.filter(name_is_spoiler=True).exists()
    assert Character.objects.filter(work=rouge, examples__isnull=False).distinct().count() >= 8
    assert rouge.installments.count() >= 6
    assert Example.objects.filter(installment__work=rouge).count() >= 6
    for kind, least in (("ymmv", 3), ("trivia", 2)):
        assert Trope.objects.filter(kind=kind, examples__work=rouge).distinct().count() >= least
    ymmv = client.get("/YMMV/MetallicRouge").content.decode()
    assert "Naomi divides viewers" in ymmv and "Naomi divides viewers" not in tabs
    assert rouge.examples.exclude(played="straight").values("played").distinct().count() >= 5
    assert TropeRelation.objects.count() >= 5
    assert Example.objects.filter(context_flags__gt=0).count() >= 2
    recap = client.get(rouge.installments.get(number=2).page.get_absolute_url()).content
    assert b"Previous" in recap and b"Next" in recap


def test_the_demo_leaves_work_on_the_moderators_desk(demo, client):
    assert client.login(username="moderator", password="moderator-demo-pass")
    html = client.get("/admin/").content.decode()
    for queue, count in [("pending_changes", 3), ("open_reports", 2), ("held_posts", 1)]:
        row = html[html.index(f'class="desk-{queue}"') :]
        assert f'class="desk-count">{count}</td>' in row[: row.index("</tr>")]
    waiting = PendingChange.objects.waiting()
    assert {change.author.username for change in waiting} == {"reader", "newcomer"}
    assert sorted(change.kind for change in waiting) == [
        "example",
        "new_page",
        "page_edit",
        "reply",
    ]


def test_a_moderator_tries_every_review_action_on_the_demo(demo, client):
    client.login(username="moderator", password="moderator-demo-pass")
    for change in PendingChange.objects.waiting():
        url = f"/admin/wiki/pendingchange/{change.pk}/change/"
        assert client.get(url).status_code == 200
        assert client.post(url, {"_approve": "Approve"}).status_code == 302
    assert "the quantity" in Page.objects.get(key="main/bigeater").body
    assert Example.objects.filter(
        trope__page__name="TheStoic", work__page__name="MetallicRouge"
    ).exists()
    assert client.get("/Anime/MobileSuitGundamTheWitchFromMercury").status_code == 200
    cases = list(ReportCase.objects.values_list("pk", flat=True))
    for action, case in zip(["resolve", "dismiss"], cases, strict=True):
        client.post(
            "/admin/wiki/reportcase/",
            {"action": action, "_selected_action": [case], "confirm": "1", "note": "Done"},
        )
    assert not ReportCase.objects.filter(status=ReportCase.Status.OPEN).exists()


def test_the_demo_has_discussions_with_a_spoiler_and_a_held_first_post(demo, client):
    rouge = client.get("/Anime/MetallicRouge").content.decode()
    assert "Discussion (2)" in rouge
    assert "Discussion (1)" in client.get("/Main/BigEater").content.decode()
    thread = Thread.objects.get(title="Does the ending earn Naomi's turn?")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'class="spoiler"' in html and "I liked the finale" in html
    held = PendingChange.objects.get(kind="reply")
    assert held.author.username == "newcomer" and "https://example.com" in held.payload["text"]
    assert "example.com" not in client.get("/Main/BigEater/discussion").content.decode()


def test_loading_again_after_review_proposes_and_reports_nothing_again(demo):
    moderator = User.objects.get(username="moderator")
    for change in PendingChange.objects.waiting():
        moderation.reject(change, moderator, "Not an improvement")
    for case in ReportCase.objects.all():
        reports.close(case, moderator, ReportCase.Status.DISMISSED)
    call_command("load_demo", verbosity=0)
    assert not PendingChange.objects.waiting().exists()
    assert not ReportCase.objects.filter(status=ReportCase.Status.OPEN).exists()
    # Three discussions, the repair case's, and each launch-pad draft's.
    assert Thread.objects.count() == 4 + LaunchDraft.objects.count()


def test_the_demo_has_a_repair_case_with_a_saved_wick_check(demo, client):
    case = RepairCase.objects.get(page__name="BadassNormal")
    assert case.state == "open" and case.thread is not None
    report = WickCheck.objects.get(case=case)
    assert report.saved is not None and report.checkers == 2 and report.labelled >= 10
    html = client.get("/Main/BadassNormal").content.decode()
    assert f"Wick check: {report.correct_percent}% correct" in html
    assert f"{report.correct_percent}% correct" in client.get(f"/repair/{case.pk}").content.decode()
    assert "Badass Normal" in client.get("/repair").content.decode()


def test_the_demo_has_a_launch_pad_with_a_draft_in_every_state(demo, client):
    states = dict(LaunchDraft.objects.values_list("page__name", "state"))
    assert set(states.values()) == {"open", "announced", "stale", "discarded", "launched"}
    assert LaunchDraft.objects.voting().filter(state="open").exists()
    launchable = LaunchDraft.objects.launchable().get()
    assert launchable.sponsor.username == "reader"
    launched = LaunchDraft.objects.get(state="launched")
    assert launched.launched_page.full_name == "Main/RooftopHeartToHeart"
    assert Example.objects.filter(trope__page=launched.launched_page).count() == 5
    pad = client.get("/launch").content.decode()
    assert "Last Train Confession" in pad and "Rooftop Heart-to-Heart" in pad
    assert client.login(username="reader", password="reader-demo-pass")
    draft = client.get(launchable.get_absolute_url()).content.decode()
    assert "Launch it into Main" in draft
    assert "wikilink redlink" in draft  # an example in a work with no page yet
    response = client.post(f"/launch/{launchable.page.name}/launch")
    assert response["Location"] == f"/Main/{launchable.page.name}"
