"""Revisions imported from another wiki name their author there, never as one of our
members, in the read API's histories, revisions and recent changes."""

import pytest
from django.core.management import call_command

from tests.tropes.mediawiki_dumps import DumpPage, Rev, write_dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    pages = [
        DumpPage("Big Eater", [Rev("Eats a lot.", "2010-03-04T05:06:07Z", "Alice", "New")]),
        DumpPage("Alien", [Rev("A 1979 film.", author="Bob")], ns=100),
    ]
    call_command("import_mediawiki", str(write_dump(tmp_path / "att.xml", pages)))


def test_a_history_names_the_imported_author(client, imported):
    entries = client.get("/api/v1/pages/Main/BigEater/history").json()["results"]
    (entry,) = [entry for entry in entries if entry["is_page"]]
    assert entry["author"] is None
    assert entry["imported_author"] == "Alice"
    assert entry["summary"] == "New"
    assert entry["date"] == "2010-03-04T05:06:07Z"
    revision = client.get(entry["revision_url"]).json()
    assert (revision["author"], revision["imported_author"]) == (None, "Alice")


def test_recent_changes_by_an_imported_name(client, imported):
    answer = client.get("/api/v1/changes?imported=Alice").json()
    assert [entry["about"] for entry in answer["results"]] == ["Big Eater"]
