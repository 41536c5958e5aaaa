"""Importing tropes, works and examples from JSON lines."""

import itertools
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tropes.models import Example, Trope, Work
from wiki.models import Link, Page

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/tvtropes"


def write_jsonl(directory, name, rows):
    (directory / name).write_text("".join(json.dumps(row) + "\n" for row in rows))


@pytest.fixture
def data(tmp_path):
    write_jsonl(
        tmp_path,
        "tropes.jsonl",
        [
            {"id": "BigEater", "name": "BigEater", "description": "Eats a lot. See ChekhovsGun."},
            {"id": "ChekhovsGun", "name": "Chekhov's Gun", "description": None},
            {"id": "bigeater", "name": "bigeater", "description": "A case-only duplicate."},
        ],
    )
    write_jsonl(
        tmp_path,
        "works.jsonl",
        [
            {"id": "Anime/MetallicRouge", "name": "Metallic Rouge", "media": "Anime"},
            {"id": "Theatre/Kick-Ass", "name": "Kick-Ass", "media": "Theatre"},
            {"id": "anime/CowboyBebop", "name": "Cowboy Bebop", "media": "anime"},
        ],
    )
    write_jsonl(
        tmp_path,
        "examples.jsonl",
        [
            {"trope": "BigEater", "work": "Anime/MetallicRouge", "text": "Big Eater: Naomi eats."},
            {"trope": "BigEater", "work": "Anime/MetallicRouge", "text": "A duplicate pair."},
            {"trope": "NoSuchTrope", "work": "Anime/MetallicRouge", "text": "Unknown trope."},
            {
                "trope": "ChekhovsGun",
                "work": "Theatre/Kick-Ass",
                "text": "The gun, [[spoiler:fired]].",
            },
        ],
    )
    write_jsonl(
        tmp_path,
        "work_trope_links.jsonl",
        [
            {"work": "Anime/CowboyBebop", "trope": "BigEater"},
            {"work": "Anime/MetallicRouge", "trope": "BigEater"},
        ],
    )
    return tmp_path


def test_import_creates_pages_records_and_examples(data, capsys):
    call_command("import_tropes", str(data))
    assert "examples: 2 created, 2 skipped" in capsys.readouterr().out
    assert Page.objects.get(key="main/bigeater").title == "Big Eater"
    assert Page.objects.get(key="main/chekhovsgun").title == "Chekhov's Gun"
    assert Trope.objects.count() == 2 and Work.objects.count() == 3
    kick_ass = Work.objects.get(page__key="theatre/kickass")
    assert kick_ass.page.namespace == "Theatre" and kick_ass.page.title == "Kick-Ass"
    assert Page.objects.get(key="anime/cowboybebop").namespace == "Anime"


def test_imported_examples_drop_the_repeated_trope_name(data):
    call_command("import_tropes", str(data))
    example = Example.objects.get(trope__page__name="BigEater")
    assert example.text == "Naomi eats."
    assert 'class="spoiler"' in Example.objects.get(trope__page__name="ChekhovsGun").text_html


def test_imported_pages_are_searchable_without_their_spoilers(client, data):
    call_command("import_tropes", str(data))
    found = client.get("/search", {"q": "naomi"}).context["results"]
    assert {result.page.title for result in found} == {"Big Eater", "Metallic Rouge"}
    assert client.get("/search", {"q": "fired"}).context["results"] == []


def test_every_imported_object_has_its_first_revision(data):
    call_command("import_tropes", str(data))
    for model in (Page, Trope, Work, Example):
        objects = model.objects.all()
        assert objects, f"no {model.__name__} was imported"
        for obj in objects:
            assert [r.history_change_reason for r in obj.history.all()] == ["Imported"]


def test_import_records_links_like_the_editor_does(data):
    call_command("import_tropes", str(data))
    example = Example.objects.get(trope__page__name="BigEater")
    trope_page = Page.objects.get(key="main/bigeater")
    assert set(trope_page.outgoing_links.values_list("origin", "to_key")) == {
        ("", "main/chekhovsgun"),
        (example.link_origin, "anime/metallicrouge"),
    }
    example.delete()
    assert not Link.objects.filter(origin=example.link_origin).exists()


def test_imported_rows_hold_what_saving_them_again_would(data):
    call_command("import_tropes", str(data), "--link-examples")

    def stored():
        pages = Page.objects.values_list("key", "name_lower", "body", "body_html", "quote_html")
        examples = Example.objects.values_list("text", "text_html", "search_text")
        links = Link.objects.values_list("from_page", "origin", "to_key")
        return set(pages), set(examples), set(links)

    imported = stored()
    for obj in [*Page.objects.all(), *Example.objects.all()]:
        obj.save()
    assert stored() == imported


def test_second_import_changes_nothing(data, capsys):
    call_command("import_tropes", str(data))
    counts = [model.objects.count() for model in (Page, Example, Link)]
    call_command("import_tropes", str(data))
    assert "Nothing to import" in capsys.readouterr().out
    assert counts == [model.objects.count() for model in (Page, Example, Link)]


def test_link_examples_fill_in_placeholder_text(data):
    call_command("import_tropes", str(data), link_examples=True)
    example = Example.objects.get(work__page__key="anime/cowboybebop")
    assert example.text == "Cowboy Bebop uses this trope."
    assert Example.objects.filter(work__page__key="anime/metallicrouge").count() == 1


def test_imported_pages_render(data, client):
    call_command("import_tropes", str(data))
    for url in ("/Main/BigEater", "/Theatre/KickAss", "/Theatre/"):
        assert client.get(url).status_code == 200


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_tropes", str(tmp_path / "nowhere"))


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} is not here")
def test_a_slice_of_the_real_data_imports_and_renders(tmp_path, client):
    for name in ("tropes.jsonl", "works.jsonl", "examples.jsonl"):
        with open(SHARED / name, encoding="utf-8") as source:
            (tmp_path / name).write_text("".join(itertools.islice(source, 1500)))
    call_command("import_tropes", str(tmp_path))
    assert Example.objects.exists()
    busiest = Work.objects.order_by("-examples__id").first()
    assert client.get(busiest.get_absolute_url()).status_code == 200


def test_generate_wiki_builds_a_skewed_synthetic_wiki(client):
    call_command("generate_wiki", tropes=20, works=30, examples=200)
    assert (Trope.objects.count(), Work.objects.count(), Example.objects.count()) == (20, 30, 200)
    busiest = Trope.objects.order_by("pk").first()
    assert busiest.examples.count() > 200 / 20  # a few tropes carry most examples
    assert client.get(busiest.get_absolute_url()).status_code == 200
