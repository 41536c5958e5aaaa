"""A dump restores the wiki exactly: export, import into an empty database, export again.

The demo wiki, after edits, a move, a revert, held changes (one approved, one waiting) and
votes, is exported; every page, history, example page and listing is read as an anonymous
reader would; then the database is emptied (`flush`, as a new one would be after
`migrate`), the dump imported into it, exported again and read again. The two exports must be
the same bytes, and every page the same HTML. The tests commit for real, as the commands do
(the database is emptied once the module is done), so it all happens once, in the fixture,
and each test compares what it kept. It runs on SQLite and, in CI, on PostgreSQL.
"""

import difflib
import io
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import edit, form_data
from tropes import votes
from tropes.examples import edit_example
from tropes.models import Example, RepairCase
from wiki import discussions, editing, moving, revisions
from wiki.discussions import moderating, threads
from wiki.models import Page, PendingChange, Post, Thread
from wiki.moderation import review

pytestmark = pytest.mark.django_db

# What differs from one answer to the next whatever the data: a form's token, how long ago
# something was ("a second ago", its instant is compared), the home page's random trope.
MOMENTARY = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r"\1"),
    (re.compile(r'(<time datetime="[^"]*">)[^<]*ago(</time>)'), r"\1\2"),
    (re.compile(r'(<time datetime="[^"]*">)now(</time>)'), r"\1\2"),
    (re.compile(r"(<h2>A random trope</h2>).*?(</section>)", re.S), r"\1\2"),
]


@dataclass
class RoundTrip:
    first: Path  # the export of the wiki as it was made
    second: Path  # the export of the wiki the first was imported into
    pages_before: dict[str, tuple[int, str]]  # address: (status, HTML or where it redirects)
    pages_after: dict[str, tuple[int, str]]
    revisions_before: dict[str, list[dict]]
    revisions_after: dict[str, list[dict]]
    next_page_id: int  # of a page made after the import
    largest_page_id: int  # of those the import restored


def changes_on_the_demo():
    """What a wiki goes through besides its first revisions: edits, a move, a revert, held
    changes (one approved, one still waiting), votes and an example edited."""
    editor = User.objects.get(username="editor")
    newcomer = UserFactory(username="latecomer")
    moderator = User.objects.get(username="moderator")
    rouge = Page.objects.get(key="anime/metallicrouge")
    first = editing.latest_revision(rouge)
    edit(rouge, editor, "Tone", body=rouge.body + "\n\nAn edit on top, with ünïcødé ✓.")
    edit(rouge, editor, "Vandalism", body="Oops.")
    # A revert adds a revision with the old text, as the history's revert button does.
    edit(rouge, editor, revisions.revert_summary(first), **editing.revision_values(first))
    eater = Page.objects.get(key="main/bigeater")
    moving.move_page(eater, "Main", "HungryHero", editor, summary="A better name")

    client = Client()
    client.force_login(newcomer)
    for body in ("A newcomer's edit, approved.", "A newcomer's edit, waiting."):
        page = Page.objects.get(key="main/myfistforgivesyou")
        response = client.post(page.get_absolute_url() + "/edit", form_data(page, body=body))
        assert response.status_code == 302
        if "approved" in body:
            review.approve(PendingChange.objects.waiting().by(newcomer).get(), moderator)
    assert PendingChange.objects.waiting().by(newcomer).count() == 1

    example = Example.objects.filter(work__page=rouge).order_by("pk").first()
    latest = example.history.latest("history_id").history_id
    edit_example(example, example.text + " Edited.", latest, editor, "More context")
    UserFactory(username="quietvoter")  # votes, writes nothing
    for voter, value in (("reader", 5), ("quietvoter", 2), ("latecomer", 4)):
        votes.cast_vote(User.objects.get(username=voter), example, value)

    thread = discussions.open_thread(
        rouge, title="Is Rouge a trope?", author=editor, text="She *is* one, surely."
    )
    answer = discussions.reply(thread, author=newcomer, text="Not yet.")
    threads.edit_post(answer, editor=newcomer, text="Not yet, I think: [[spoiler:she wins]].")
    rude = discussions.reply(thread, author=newcomer, text="A rude secret.")
    moderating.hide_post(rude, moderator, "Rude")
    moderating.switch(thread, "pinned", True, moderator)


def addresses():
    """Every address an anonymous reader can read the wiki's content and history at."""
    found = ["/", "/browse", "/changes", "/cleanup", "/search?q=fist", "/user/editor", "/repair"]
    found += ["/user/editor/contributions"]
    for path in (page.get_absolute_url() for page in Page.objects.order_by("pk")):
        found += [path, f"{path}/history", f"{path}/links", f"{path}/discussion"]
    found += [thread.get_absolute_url() for thread in Thread.objects.order_by("pk")]
    found += [f"/posts/{pk}/history" for pk in Post.objects.values_list("pk", flat=True)]
    found += [f"/repair/{pk}" for pk in RepairCase.objects.values_list("pk", flat=True)]
    found += [example.url for example in Example.objects.order_by("pk")]
    found += [
        f"/examples/revisions/{pk}"
        for pk in Example.history.order_by("history_id").values_list("history_id", flat=True)
    ]
    return found


def read_pages():
    cache.clear()
    caches["limits"].clear()
    client, pages = Client(), {}
    for path in addresses():
        response = client.get(path)
        shown = response.get("Location", "") or response.content.decode()
        for pattern, replacement in MOMENTARY:
            shown = pattern.sub(replacement, shown)
        pages[path] = (response.status_code, shown)
    return pages


def read_revisions():
    """Every revision of every model with a history, as values, authors by handle; those of
    hidden posts aside, which a dump leaves out."""
    handles = dict(User.objects.values_list("pk", "username"))
    hidden = set(Post.objects.filter(hidden=True).values_list("pk", flat=True))
    found = {}
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            records = model.objects.order_by("history_id")
            if model.__name__ == "HistoricalPost":
                records = records.exclude(id__in=hidden)
            found[model.__name__] = [
                {**row, "history_user_id": handles.get(row["history_user_id"])}
                for row in records.values()
            ]
    return found


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dumps")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        try:
            call_command("load_demo", stdout=io.StringIO())
            changes_on_the_demo()
            call_command("export_wiki", folder / "first", stdout=io.StringIO())
            pages_before, revisions_before = read_pages(), read_revisions()

            # An empty database, as `migrate` leaves a new one.
            call_command("flush", interactive=False, verbosity=0)
            call_command("import_wiki", folder / "first", stdout=io.StringIO())
            call_command("export_wiki", folder / "second", stdout=io.StringIO())
            pages_after, revisions_after = read_pages(), read_revisions()

            largest = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
            page = Page(namespace="Main", name="AfterTheImport", title="After the import")
            page.save()
            yield RoundTrip(
                folder / "first",
                folder / "second",
                pages_before,
                pages_after,
                revisions_before,
                revisions_after,
                page.pk,
                largest,
            )
        finally:
            call_command("flush", interactive=False, verbosity=0)


def test_a_second_export_is_the_first_byte_for_byte(round_trip):
    first = sorted(path.name for path in round_trip.first.iterdir())
    second = sorted(path.name for path in round_trip.second.iterdir())
    assert first == second
    assert {"manifest.json", "LICENCE.txt", "pages.jsonl", "example_revisions.jsonl"} <= set(first)
    for name in first:
        assert (round_trip.first / name).read_bytes() == (round_trip.second / name).read_bytes(), (
            f"{name} differs"
        )


def difference(path, before, after):
    lines = difflib.unified_diff(
        f"{before[0]}\n{before[1]}".splitlines(),
        f"{after[0]}\n{after[1]}".splitlines(),
        f"{path} before",
        f"{path} after",
        n=1,
        lineterm="",
    )
    return "\n".join(list(lines)[:30]) + "\n"


def test_every_page_renders_the_same_html_after_the_import(round_trip):
    before, after = round_trip.pages_before, round_trip.pages_after
    assert len(before) > 500
    assert before.keys() == after.keys()
    differing = [path for path, shown in before.items() if after[path] != shown]
    assert not differing, f"{len(differing)} pages differ after the import:\n" + "".join(
        difference(path, before[path], after[path]) for path in differing[:5]
    )


def test_the_changes_made_are_in_what_the_restored_wiki_shows(round_trip):
    pages = round_trip.pages_after
    status, rouge = pages["/Anime/MetallicRouge"]
    assert status == 200 and "ünïcødé" not in rouge  # reverted
    history = pages["/Anime/MetallicRouge/history"][1]
    assert history.index("Vandalism") > history.index("Revert")
    assert "Tone" in history
    # The move left a redirect under the old name, and the page answers under the new one.
    assert pages["/Main/BigEater"][0] in (301, 302)
    assert pages["/Main/HungryHero"][0] == 200
    fist = pages["/Main/MyFistForgivesYou"][1]
    assert "approved" in fist and "waiting" not in fist


def test_a_discussion_comes_back_without_what_moderators_hid(round_trip):
    threads = [
        shown
        for path, (status, shown) in round_trip.pages_after.items()
        if "/discussion/" in path and "Is Rouge a trope?" in shown
    ]
    assert len(threads) == 1
    shown = threads[0]
    assert "she wins" in shown
    assert "A post hidden by a moderator." in shown
    for name in ("posts.jsonl", "post_revisions.jsonl"):
        assert "A rude secret" not in (round_trip.first / name).read_text()


def test_the_dump_holds_nothing_private(round_trip):
    texts = sorted(round_trip.first.glob("*.json*")) + [round_trip.first / "LICENCE.txt"]
    dump = "".join(path.read_text() for path in texts)
    # Handles of those who wrote something, never addresses, passwords or who voted.
    assert "@" not in (round_trip.first / "people.jsonl").read_text()
    assert "md5$" not in dump and "pbkdf2" not in dump and '"email"' not in dump
    people = (round_trip.first / "people.jsonl").read_text()
    assert '"handle":"editor"' in people and '"handle":"latecomer"' in people
    assert '"handle":"quietvoter"' not in people  # who only voted is not named
    # A change still waiting for review, and why a post was hidden, stay out.
    assert "A newcomer's edit, waiting." not in dump and "Rude" not in dump
    votes = (round_trip.first / "votes.jsonl").read_text().splitlines()
    assert all(set(json.loads(line)) == {"example", "value", "votes"} for line in votes)


def test_every_history_keeps_the_same_revisions(round_trip):
    assert round_trip.revisions_before == round_trip.revisions_after
    assert len(round_trip.revisions_after["HistoricalPage"]) > 80
    assert len(round_trip.revisions_after["HistoricalExample"]) > 190


def test_the_images_come_with_the_dump(round_trip):
    with tarfile.open(round_trip.first / "media.tar") as archive:
        names = archive.getnames()
    assert any(name.startswith("characters/") for name in names)
    manifest = json.loads((round_trip.first / "manifest.json").read_text())
    assert manifest["media"]["files"] == len(names)


def test_a_page_made_after_the_import_gets_a_new_id(round_trip):
    assert round_trip.next_page_id > round_trip.largest_page_id
