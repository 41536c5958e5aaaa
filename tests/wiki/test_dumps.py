"""export_wiki and import_wiki as an operator meets them, and /dumps as a reader does. The
round trip of a whole wiki is tests/test_dump_round_trip.py."""

import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import ExampleFactory, TropeFactory
from tests.helpers import edit
from tests.tropes.mediawiki_dumps import DumpPage, Rev, write_dump
from tropes.models import Example
from wiki import dumps
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def dump(tmp_path, editor):
    """A dump of a small wiki: a trope with an example, edited once."""
    page = TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Eats.").page
    ExampleFactory(trope=page.trope, text="Naomi eats.")
    edit(page, editor, "More", body="Eats a lot.")
    call_command("export_wiki", tmp_path / "dump", verbosity=0)
    return tmp_path / "dump"


def empty_the_wiki():
    """What a new database holds after migrate: the seeded kinds, nothing else."""
    # Deleting a page adds a revision saying so: revisions go last.
    sections = sorted(dumps.registered(), key=lambda s: bool(s.dated_by))
    for section in sections:
        if not section.replaces:
            section.get_model()._default_manager.all().delete()


def test_an_export_names_each_file_with_its_rows_and_checksum(dump):
    manifest = json.loads((dump / "manifest.json").read_text())
    assert manifest["format"] == "tropewise-dump" and manifest["version"] == 1
    pages = next(s for s in manifest["sections"] if s["name"] == "pages")
    assert pages["rows"] == Page.objects.count() >= 2  # the trope and the example's work
    assert len((dump / "page_revisions.jsonl").read_text().splitlines()) == 3
    assert "CC BY-SA 4.0" in (dump / "LICENCE.txt").read_text()
    # The data's date, not the run's: the latest revision.
    assert manifest["data_date"] == Page.history.latest("history_date").history_date.isoformat()


def test_an_export_refuses_a_folder_that_holds_something(dump):
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_wiki", dump, verbosity=0)


def test_an_import_refuses_a_database_that_holds_anything(dump):
    with pytest.raises(CommandError, match="empty database, and this one holds users: 1"):
        call_command("import_wiki", dump, verbosity=0)
    assert Page.objects.count() == 2 and Example.objects.count() == 1


def test_an_import_restores_ids_dates_and_history(dump):
    before = list(Page.history.order_by("history_id").values_list("history_id", "body"))
    page = Page.objects.get(name="BigEater")
    empty_the_wiki()
    call_command("import_wiki", dump, verbosity=0)
    restored = Page.objects.get(pk=page.pk)
    assert (restored.key, restored.created, restored.updated) == (
        page.key,
        page.created,
        page.updated,
    )
    assert "<p>Eats a lot.</p>" in restored.body_html
    assert list(Page.history.order_by("history_id").values_list("history_id", "body")) == before
    assert restored.history.latest("history_id").history_user.username == "eddie"
    # The restored author signs in again only once given a password.
    assert not User.objects.get(username="eddie").has_usable_password()


def test_a_restored_wiki_finds_its_pages(dump, client):
    empty_the_wiki()
    call_command("import_wiki", dump, verbosity=0)
    response = client.get("/search", {"q": "eats"})
    assert "Big Eater" in response.content.decode()


def test_an_import_refuses_a_file_changed_since_the_export(dump):
    empty_the_wiki()
    with open(dump / "pages.jsonl", "a") as pages:
        pages.write("{}\n")
    with pytest.raises(CommandError, match="pages.jsonl is missing or not the file"):
        call_command("import_wiki", dump, verbosity=0)
    assert not Page.objects.exists()


def test_an_import_refuses_a_folder_that_is_not_a_dump(tmp_path):
    with pytest.raises(CommandError, match="holds no manifest.json"):
        call_command("import_wiki", tmp_path, verbosity=0)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "tropewise-dump", "version": 9}))
    with pytest.raises(CommandError, match="version 9; this Tropewise reads version 1"):
        call_command("import_wiki", tmp_path, verbosity=0)


def test_an_import_that_fails_half_way_writes_nothing(dump):
    empty_the_wiki()
    revisions = dump / "page_revisions.jsonl"
    rows = revisions.read_text().splitlines()
    rows[-1] = rows[-1].replace('"body"', '"bodie"')
    revisions.write_text("\n".join(rows) + "\n")
    manifest = json.loads((dump / "manifest.json").read_text())
    for section in manifest["sections"]:
        if section["name"] == "page_revisions":
            section["sha256"] = dumps.reading._sha256(revisions)
    (dump / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"page_revisions has columns .*'bodie'"):
        call_command("import_wiki", dump, verbosity=0)
    assert not Page.objects.exists() and not User.objects.exists()


def test_a_history_imported_from_another_wiki_keeps_its_authors_names(tmp_path, client):
    wiki = [DumpPage("Big Eater", [Rev("Eats.", author="Alice"), Rev("Eats a lot.", author="Bob")])]
    call_command("import_mediawiki", str(write_dump(tmp_path / "att.xml", wiki)), verbosity=0)
    call_command("export_wiki", tmp_path / "dump", verbosity=0)
    empty_the_wiki()
    call_command("import_wiki", tmp_path / "dump", verbosity=0)
    history = client.get("/Main/BigEater/history").content.decode()
    assert "Imported: Alice" in history and "Imported: Bob" in history


# /dumps


@pytest.fixture
def published(settings, tmp_path, dump):
    settings.DUMPS_DIR = tmp_path
    return dump


def test_dumps_lists_each_file_with_its_size(client, published):
    response = client.get("/dumps")
    page = response.content.decode()
    assert response.status_code == 200
    size = (published / "pages.jsonl").stat().st_size
    assert 'href="/dumps/dump/pages.jsonl"' in page and f"{size}" in page.replace("\xa0", " ")
    assert "Data as of" in page and "LICENCE.txt" in page


def test_dumps_says_so_when_there_is_none(client, settings, tmp_path):
    settings.DUMPS_DIR = tmp_path / "none yet"
    assert "No dump has been written yet." in client.get("/dumps").content.decode()


def test_a_dump_file_is_streamed_as_written(client, published):
    response = client.get("/dumps/dump/pages.jsonl")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    assert b"".join(response.streaming_content) == (published / "pages.jsonl").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/dump/secrets.txt",  # not in the manifest
        "/dumps/dump/..%2Fdump%2Fpages.jsonl",
        "/dumps/..%2F..%2Fetc/passwd",
        "/dumps/.dump.partial/pages.jsonl",
        "/dumps/nothing/pages.jsonl",
    ],
)
def test_only_the_files_a_manifest_names_are_served(client, published, path):
    (published / "secrets.txt").write_text("no")
    assert client.get(path).status_code == 404


def test_dumps_are_read_only(client, published):
    assert client.post("/dumps").status_code == 405
    assert client.post("/dumps/dump/pages.jsonl").status_code == 405


def test_dumps_reads_nothing_from_the_database(client, published, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/dumps").status_code == 200
        assert client.get("/dumps/dump/manifest.json").status_code == 200
