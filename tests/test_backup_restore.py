"""A backup of the database brings the wiki back as it was, with the commands of
docs/operations.md.

The demo wiki, with an edit on top, is dumped with `pg_dump --format=custom` and restored with
`pg_restore --clean --if-exists --no-owner --single-transaction` into a database of its own,
as on a new machine. The copy must hold every page, revision, example and vote, and serve its
pages; the same dump restored over a copy that has moved on since must bring it back.

PostgreSQL only, with a pg_dump and pg_restore at least as new as the server. The dump runs in
a process of its own, which sees only committed data: the tests commit for real
(transaction=True) instead of rolling back.
"""

import io
import os
import re
import shutil
import subprocess
from collections import Counter
from contextlib import contextmanager
from glob import glob
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils.html import escape

from accounts.models import User
from tests.helpers import edit
from tropes import votes
from tropes.examples import remove_example
from tropes.models import Example, ExampleVote
from wiki.models import Page

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore back up PostgreSQL, as production runs (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

# Where Debian's packages and a source build put the client programs besides PATH.
TOOL_FOLDERS = sorted(glob("/usr/lib/postgresql/*/bin")) + ["/usr/local/bin"]
EDITED_BODY = "Rouge’s fists forgive — “eventually”. Ünïcødé survives the round trip ✓."


def client_tools():
    """(pg_dump, pg_restore) from one folder, the newest there is; None if none can dump
    this server: pg_dump refuses a server of a later major version than its own."""
    server_major = connection.pg_version // 10000
    found = []
    for pg_dump in {shutil.which("pg_dump"), *(f"{folder}/pg_dump" for folder in TOOL_FOLDERS)}:
        if not pg_dump or not os.access(pg_dump, os.X_OK):
            continue
        pg_restore = Path(pg_dump).with_name("pg_restore")
        version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout
        major = re.search(r"\d+", version)
        if pg_restore.exists() and major and int(major[0]) >= server_major:
            found.append((int(major[0]), pg_dump, str(pg_restore)))
    return max(found)[1:] if found else None


@pytest.fixture(scope="module")
def tools(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():  # the server's version
        found = client_tools()
    if found is None:
        pytest.skip(
            f"no pg_dump and pg_restore of PostgreSQL {connection.pg_version // 10000} or later "
            f"on PATH or in {', '.join(TOOL_FOLDERS)}"
        )
    return found


def run(command, database):
    """Run a PostgreSQL client program on `database`, reached as the tests reach theirs:
    the connection's pieces in libpq's variables, as docs/operations.md sets them."""
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"] or "",
        "PGPASSWORD": settings["PASSWORD"] or "",
        "PGDATABASE": database,
    }
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stderr[-5000:]}"


def contents():
    """What the wiki holds, as plain values to compare: every page's title, body, image and
    number of revisions; every example's pages, text, rating and revisions; every vote;
    every member's handle, password hash and groups."""
    page_revisions = Counter(Page.history.values_list("id", flat=True))
    example_revisions = Counter(Example.history.values_list("id", flat=True))
    return {
        "pages": {
            key: (title, body, image, page_revisions[id])
            for id, key, title, body, image in Page.objects.values_list(
                "id", "key", "title", "body", "image"
            )
        },
        "examples": {
            id: (*fields, example_revisions[id])
            for id, *fields in Example.objects.values_list(
                "id",
                "trope__page__key",
                "work__page__key",
                "text",
                "rating_count",
                "rating_average",
            )
        },
        "votes": set(ExampleVote.objects.values_list("example_id", "user__username", "value")),
        "members": {
            handle: (password, sorted(groups))
            for handle, password, groups in (
                (user.username, user.password, user.groups.values_list("name", flat=True))
                for user in User.objects.all()
            )
        },
    }


@contextmanager
def reading_from(database):
    """The ORM and the test client on `database` for a while, then on the test database
    again: the connection is closed on each side so that it reconnects to the other."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = database
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


@pytest.fixture(scope="module")
def dumped(tools, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo wiki with an edit on top, dumped once for the module; returns the dump file
    and the wiki's contents at the time of the dump. The test database is emptied again
    afterwards, as transactional tests leave it: each test reads a restored copy."""
    folder = tmp_path_factory.mktemp("backup")
    dump = folder / "tropewise.dump"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        try:
            call_command("load_demo", stdout=io.StringIO())
            rouge = Page.objects.get(key="anime/metallicrouge")
            edit(rouge, User.objects.get(username="editor"), "Tone", body=EDITED_BODY)
            run([tools[0], "--format=custom", f"--file={dump}"], connection.settings_dict["NAME"])
            yield dump, contents()
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def restored(tools, dumped):
    """A new, empty database with the dump restored into it; dropped after the test."""
    dump, _ = dumped
    name = connection.settings_dict["NAME"] + "_restore"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0")
    try:
        restore(tools, dump, name)
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def restore(tools, dump, database):
    run(
        [
            tools[1],
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={database}",
            str(dump),
        ],
        database,
    )


def test_a_restored_dump_holds_every_page_revision_example_and_vote(dumped, restored):
    _, at_dump = dumped
    with reading_from(restored):
        now = contents()
    assert len(at_dump["pages"]) >= 60 and len(at_dump["examples"]) >= 150
    assert at_dump["votes"] and at_dump["members"]["editor"][1]
    assert at_dump["pages"]["anime/metallicrouge"][3] == 2  # the demo's and the edit
    assert now == at_dump


def test_a_restored_dump_serves_its_pages_and_finds_them(dumped, restored, client):
    _, at_dump = dumped
    with reading_from(restored):
        cache.clear()  # no copy kept from the test database: every page is rendered here
        for key, (title, *_) in at_dump["pages"].items():
            page = Page.objects.get(key=key)
            response = client.get(page.get_absolute_url(), follow=True)
            assert response.status_code == 200, key
            assert escape(title) in response.text, key
        assert "Ünïcødé survives the round trip" in client.get("/Anime/MetallicRouge").text
        found = client.get("/search", {"q": "Big Eater"}).context["results"]
        assert found[0].page.title == "Big Eater"
        assert client.login(username="editor", password="editor-demo-pass")
        assert "Ünïcødé" in client.get("/Anime/MetallicRouge/edit").text


def test_restoring_over_a_database_that_moved_on_brings_back_the_dump(tools, dumped, restored):
    dump, at_dump = dumped
    with reading_from(restored):
        editor = User.objects.get(username="editor")
        rouge = Page.objects.get(key="anime/metallicrouge")
        edit(rouge, editor, "Lost in the restore", body="Written after the backup.")
        example = Example.objects.filter(votes__isnull=True).first()
        votes.cast_vote(User.objects.get(username="moderator"), example, 1)
        remove_example(Example.objects.exclude(pk=example.pk).first(), editor)
        User.objects.create_user("latecomer", password="joined after the backup")
        assert contents() != at_dump
    restore(tools, dump, restored)
    with reading_from(restored):
        assert contents() == at_dump
        # The sequences came back with the rows: new rows take ids no restored row has.
        edit(Page.objects.get(key="anime/metallicrouge"), editor, "After", body="Next edit.")
        assert Page.objects.get(key="anime/metallicrouge").history.count() == 3
