"""Importing a MediaWiki dump with its history: manage.py import_mediawiki."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from tests.tropes.mediawiki_dumps import DumpPage, Rev, write_dump
from tropes.models import Trope, Work
from wiki import kinds
from wiki.models import Page

pytestmark = pytest.mark.django_db

FIRST = "A character who eats a lot."
SECOND = (
    "A character who '''eats''' a lot, as in [[Film:Alien]]. See [[Chekhov's Gun]].\n"
    "* {{spoiler|Ripley}} eats{{Citation needed}}.\n"
    "[[Category:Food Tropes]]"
)


def wiki_pages():
    return [
        DumpPage(
            "Big Eater",
            [
                Rev(FIRST, "2010-03-04T05:06:07Z", "Alice", "New trope"),
                Rev(SECOND, "2011-05-06T07:08:09Z", "192.0.2.7", "Examples", ip=True),
            ],
        ),
        DumpPage("Alien", [Rev("A 1979 film.\n[[Category:Films]]", author="Bob")], ns=100),
        DumpPage("Gourmand", [Rev("#REDIRECT [[Big Eater]]", author="Carol")]),
        DumpPage("Talk:Big Eater", [Rev("Is this a trope?")], ns=1),
        DumpPage("Category:Food Tropes", [Rev("Tropes about ''food''.")], ns=14),
    ]


@pytest.fixture
def dump(tmp_path):
    return write_dump(tmp_path / "att.xml", wiki_pages())


def import_dump(path, *options):
    call_command("import_mediawiki", str(path), *options)


@pytest.mark.parametrize("schema", ["0.10", "0.11"])
@pytest.mark.parametrize("compression", [None, "bz2", "gz"])
def test_each_schema_and_compression_imports_the_same_wiki(tmp_path, schema, compression):
    suffix = {None: "xml", "bz2": "xml.bz2", "gz": "xml.gz"}[compression]
    path = write_dump(tmp_path / f"att.{suffix}", wiki_pages(), schema, compression)
    import_dump(path)
    assert set(Page.objects.values_list("key", "kind")) == {
        ("main/bigeater", Trope.KIND),
        ("film/alien", Work.KIND),
        ("main/gourmand", kinds.OTHER),
        ("category/foodtropes", kinds.INDEX),
        ("category/films", kinds.INDEX),
    }


def test_main_pages_become_tropes_and_work_namespaces_works(dump, client):
    import_dump(dump)
    assert Trope.objects.filter(page__key="main/bigeater").exists()
    assert Work.objects.filter(page__key="film/alien").exists()
    page = client.get("/Main/BigEater")
    assert page.status_code == 200
    assert b"<strong>eats</strong>" in page.content
    assert b'href="/Film/Alien"' in page.content
    assert b'class="spoiler"' in page.content


def test_every_revision_keeps_its_date_summary_and_author_name(dump):
    import_dump(dump)
    page = Page.objects.get(key="main/bigeater")
    revisions = list(page.history.order_by("history_date"))
    assert [(r.history_date, r.history_change_reason, r.imported_author) for r in revisions] == [
        (datetime(2010, 3, 4, 5, 6, 7, tzinfo=UTC), "New trope", "Alice"),
        (datetime(2011, 5, 6, 7, 8, 9, tzinfo=UTC), "Examples", "192.0.2.7"),
    ]
    assert all(r.history_user is None for r in revisions)
    assert revisions[0].body == FIRST and page.body == revisions[1].body
    assert [r.history_type for r in revisions] == ["+", "~"]


def test_history_shows_imported_names_not_accounts(dump, client):
    import_dump(dump)
    history = client.get("/Main/BigEater/history").content.decode()
    assert "Imported: Alice" in history and "Imported: 192.0.2.7" in history
    assert 'href="/changes?imported=Alice"' in history
    assert "/user/Alice" not in history


def test_an_imported_name_lists_the_changes_made_under_it(dump, client):
    import_dump(dump)
    changes = client.get("/changes", {"imported": "Alice"}).content.decode()
    assert "Recent changes imported from Alice" in changes
    assert "Big Eater" in changes and "Alien" not in changes


def test_compare_and_old_revisions_name_the_imported_author(dump, client):
    import_dump(dump)
    page = Page.objects.get(key="main/bigeater")
    first, second = page.history.order_by("history_date")
    compare = client.get("/Main/BigEater/compare", {"to": second.history_id}).content.decode()
    assert "by Imported: Alice" in compare.replace("\n", "") or "Imported: Alice</a>" in compare
    assert "Imported: 192.0.2.7</a>" in compare
    old = client.get(f"/Main/BigEater/history/{first.history_id}").content.decode()
    assert "Imported: Alice</a>" in old and FIRST in old


def test_a_revert_names_the_imported_author(dump, client, editor):
    import_dump(dump)
    page = Page.objects.get(key="main/bigeater")
    first = page.history.order_by("history_date").first()
    client.force_login(editor)
    latest = page.history.order_by("-history_id").first()
    client.post(
        f"/Main/BigEater/revert/{first.history_id}",
        {"base_revision": latest.history_id},
    )
    page.refresh_from_db()
    assert page.body == FIRST
    newest = page.history.order_by("-history_id").first()
    assert "by Imported: Alice" in newest.history_change_reason
    assert newest.history_user == editor and newest.imported_author == ""


def test_latest_only_imports_the_current_text_as_one_revision(dump):
    import_dump(dump, "--latest-only")
    page = Page.objects.get(key="main/bigeater")
    (revision,) = page.history.all()
    assert revision.imported_author == "192.0.2.7"
    assert "**eats**" in revision.body and page.body == revision.body


def test_importing_twice_changes_nothing(dump, capsys):
    import_dump(dump)
    counts = (Page.objects.count(), Page.history.count(), Trope.history.count())
    bodies = dict(Page.objects.values_list("key", "body"))
    capsys.readouterr()
    import_dump(dump)
    out = capsys.readouterr().out
    assert "pages: 0 created, 0 updated, 4 unchanged" in out
    assert "revisions: 0 imported" in out
    assert (Page.objects.count(), Page.history.count(), Trope.history.count()) == counts
    assert dict(Page.objects.values_list("key", "body")) == bodies


def test_a_later_dump_adds_only_the_newer_revisions(tmp_path):
    pages = wiki_pages()
    import_dump(write_dump(tmp_path / "old.xml", [pages[0]]))
    pages[0].revisions.append(Rev("Eats even more.", "2013-01-01T00:00:00Z", "Dana", "Update"))
    import_dump(write_dump(tmp_path / "new.xml", [pages[0]]))
    page = Page.objects.get(key="main/bigeater")
    assert page.history.count() == 3 and page.body == "Eats even more."
    assert page.history.order_by("-history_date").first().imported_author == "Dana"


def test_redirects_become_aliases_of_their_page(dump, client):
    import_dump(dump)
    gourmand = Page.objects.get(key="main/gourmand")
    assert gourmand.redirect_to == Page.objects.get(key="main/bigeater")
    response = client.get("/Main/Gourmand")
    assert response.status_code == 302
    assert response["Location"] == "/Main/BigEater?from=Main/Gourmand"


def test_categories_become_index_pages_listing_their_pages(dump, client):
    import_dump(dump)
    category = Page.objects.get(key="category/foodtropes")
    assert category.body.startswith("Tropes about *food*.")
    assert "- [[Main/BigEater|Big Eater]]" in category.body
    assert "Category" not in Page.objects.get(key="main/bigeater").body
    index = client.get("/Category/FoodTropes")
    assert index.status_code == 200 and b'href="/Main/BigEater"' in index.content


def test_the_summary_counts_pages_revisions_and_unknown_templates(dump, capsys):
    import_dump(dump)
    out = capsys.readouterr().out
    assert "pages: 4 created, 0 updated, 0 unchanged" in out
    assert "1 skipped: namespace left out" in out
    assert "revisions: 5 imported" in out
    assert "redirects: 1 set" in out
    assert "unknown templates: 1 kinds, 1 uses" in out
    assert "{{citation needed}}: 1" in out


def test_unknown_templates_stay_visible(dump):
    import_dump(dump)
    assert "{{Citation needed}}" in Page.objects.get(key="main/bigeater").body


def test_a_dry_run_writes_nothing(dump, capsys):
    import_dump(dump, "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run: nothing was written." in out
    assert "pages: 4 would be created" in out and "revisions: 5 would be imported" in out
    assert not Page.objects.exists() and not Page.history.exists()


def test_the_namespace_table_is_printed_and_read_back(dump, tmp_path, capsys):
    import_dump(dump, "--show-namespaces")
    table = capsys.readouterr().out
    assert "Main     = Main" in table and "Talk     = -" in table and "Film     = Film" in table
    assert not Page.objects.exists()
    edited = table.replace("Talk     = -", "Talk = Discussion").replace("Film     = Film", "Film=-")
    (tmp_path / "map.txt").write_text(edited)
    import_dump(dump, "--namespace-map", str(tmp_path / "map.txt"))
    assert Page.objects.filter(key="discussion/bigeater", kind=kinds.OTHER).exists()
    assert not Page.objects.filter(namespace="Film").exists()


def test_map_options_override_the_file(dump, tmp_path):
    (tmp_path / "map.txt").write_text("Film = -\n")
    import_dump(dump, "--namespace-map", str(tmp_path / "map.txt"), "--map", "Film=Anime")
    assert Work.objects.filter(page__key="anime/alien").exists()


@pytest.mark.parametrize(
    "option", [["--map", "Nowhere=Main"], ["--map", "Film=not a namespace"], ["--map", "Film"]]
)
def test_a_bad_map_is_refused(dump, option):
    with pytest.raises(CommandError):
        import_dump(dump, *option)
    assert not Page.objects.exists()


def test_a_missing_or_broken_dump_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No dump"):
        import_dump(tmp_path / "none.xml")
    (tmp_path / "broken.xml").write_text("<mediawiki><siteinfo>")
    with pytest.raises(CommandError):
        import_dump(tmp_path / "broken.xml")


def test_the_api_gives_imported_names_apart_from_members(dump, client):
    import_dump(dump)
    history = client.get("/api/v1/pages/Main/BigEater/history").json()
    entries = [entry for entry in history["results"] if entry["is_page"]]
    assert {(e["author"], e["imported_author"]) for e in entries} == {
        (None, "Alice"),
        (None, "192.0.2.7"),
    }
    revision = client.get(f"/api/v1/pages/Main/BigEater/revisions/{entries[-1]['id']}").json()
    assert revision["imported_author"] == "Alice"


@pytest.mark.parametrize("count", [3, 60])
def test_an_imported_history_costs_the_same_queries_whatever_its_length(
    tmp_path, client, count, django_assert_max_num_queries
):
    revisions = [
        Rev(f"Version {n}.", f"2010-01-01T00:{n:02d}:00Z", f"Editor{n}", f"Edit {n}")
        for n in range(count)
    ]
    import_dump(write_dump(tmp_path / "long.xml", [DumpPage("Long", revisions)]))
    with django_assert_max_num_queries(8):
        history = client.get("/Main/Long/history")
    assert "Imported: Editor" in history.content.decode()
    with django_assert_max_num_queries(8):
        assert client.get("/changes", {"imported": "Editor1"}).status_code == 200


@pytest.mark.parametrize("options", [[], ["--latest-only"]])
def test_hidden_texts_and_authors_keep_the_text_before_them(tmp_path, options):
    page = DumpPage(
        "Hidden",
        [
            Rev("Kept text.", "2010-01-01T00:00:00Z", "Alice"),
            Rev("", "2010-01-02T00:00:00Z", "", "Hidden by an administrator"),
        ],
    )
    path = write_dump(tmp_path / "hidden.xml", [page])
    xml = path.read_text().replace('<text bytes="0"', '<text deleted="deleted" bytes="0"')
    xml = xml.replace("<username></username>", "")
    path.write_text(xml)
    import_dump(path, *options)
    hidden = Page.objects.get(key="main/hidden")
    *earlier, latest = hidden.history.order_by("history_date")
    assert [r.body for r in earlier] == ([] if options else ["Kept text."])
    assert latest.body == hidden.body == "Kept text."
    assert latest.imported_author == "" and latest.history_change_reason.startswith("Hidden")
