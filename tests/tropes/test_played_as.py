"""How an example plays its trope: chosen in the example form, kept in its history, shown as
an italic word before its text on both its pages, filtered on the trope page, and read from
the start of imported texts."""

import json

import pytest
from django.core.management import call_command

from tests.factories import ExampleFactory, UserFactory, WorkFactory
from tropes import votes
from tropes.examples import edit_example
from tropes.models import Example, PlayedAs
from wiki.models import PendingChange

pytestmark = pytest.mark.django_db

SUBVERTED = '<em class="played">Subverted.</em>'


def examples_section(client, path, **params):
    html = client.get(path, params).content.decode()
    return html[html.index('<section class="examples-section"') : html.index("</section>")]


def test_an_example_added_as_subverted_says_so_before_its_text_on_both_pages(
    client, editor, rouge, big_eater
):
    client.force_login(editor)
    answer = client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": "Big Eater", "played": "subverted", "text": "Rouge never eats."},
    )
    assert answer.status_code == 302
    assert Example.objects.get().played == PlayedAs.SUBVERTED
    for path in ("/Anime/MetallicRouge", "/Main/BigEater"):
        assert f"{SUBVERTED} <p>Rouge never eats.</p>" in examples_section(client, path)


def test_the_form_offers_every_way_and_starts_straight(client, editor, rouge):
    client.force_login(editor)
    html = client.get("/examples/new?work=Anime/MetallicRouge").content.decode()
    assert '<option value="straight" selected>Straight</option>' in html
    for label in ("Double-subverted", "Zig-zagged", "Lampshaded", "Defied"):
        assert f">{label}</option>" in html


def test_a_straight_example_shows_no_word(client, rouge, big_eater):
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    html = examples_section(client, "/Anime/MetallicRouge")
    assert "Naomi eats." in html and 'class="played"' not in html


def test_editing_how_it_plays_is_a_revision_that_shows_at_once(client, editor, rouge, big_eater):
    example = ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert 'class="played"' not in examples_section(client, "/Main/BigEater")  # now kept
    client.force_login(editor)
    base = example.history.latest().history_id
    answer = client.post(
        f"/examples/{example.pk}/edit",
        {"text": "Naomi eats.", "played": "averted", "base_revision": base},
    )
    assert answer.status_code == 302
    latest = example.history.latest()
    assert latest.played == "averted" and latest.history_id != base
    anonymous = client.__class__()
    assert '<em class="played">Averted.</em>' in examples_section(anonymous, "/Main/BigEater")
    revision = client.get(f"/examples/revisions/{latest.history_id}").content.decode()
    assert "<em>Averted.</em> Naomi eats." in revision


def test_an_edit_form_sent_without_the_choice_keeps_how_it_plays(client, editor, rouge, big_eater):
    example = ExampleFactory(trope=big_eater, work=rouge, played="inverted", text="Naomi eats.")
    client.force_login(editor)
    base = example.history.latest().history_id
    client.post(
        f"/examples/{example.pk}/edit", {"text": "Naomi eats a lot.", "base_revision": base}
    )
    example.refresh_from_db()
    assert (example.played, example.text) == ("inverted", "Naomi eats a lot.")


def test_two_editors_changing_the_text_and_the_way_are_merged(client, editor, rouge, big_eater):
    example = ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.\n\nA lot.")
    base = example.history.latest().history_id
    edit_example(example, "Naomi eats.\n\nA great deal.", base, UserFactory())  # meanwhile
    client.force_login(editor)
    client.post(
        f"/examples/{example.pk}/edit",
        {"text": "Naomi eats.\n\nA lot.", "played": "lampshaded", "base_revision": base},
    )
    example.refresh_from_db()
    assert (example.played, example.text) == ("lampshaded", "Naomi eats.\n\nA great deal.")


def test_a_held_example_keeps_its_way_until_approved(
    client, new_editor, moderator, rouge, big_eater
):
    client.force_login(new_editor)
    client.post(
        "/examples/new?trope=BigEater",
        {"subject": "Metallic Rouge", "played": "parodied", "text": "Rouge mocks it."},
    )
    change = PendingChange.objects.get()
    client.force_login(moderator)
    review = client.get(change.get_absolute_url()).content.decode()
    assert "Parodied." in review
    review_url = f"/admin/wiki/pendingchange/{change.pk}/change/"
    assert client.post(review_url, {"_approve": "Approve"}).status_code == 302
    assert Example.objects.get().played == "parodied"


def test_the_featured_example_says_how_it_plays(client, rouge, big_eater):
    example = ExampleFactory(trope=big_eater, work=rouge, played="justified", text="Naomi eats.")
    votes.cast_vote(UserFactory(), example, 5)
    html = client.get("/Anime/MetallicRouge").content.decode()
    featured = html[html.index('<aside class="featured-example"') :]
    assert '<em class="played">Justified.</em>' in featured
    assert '<em class="played">Justified.</em>' in client.get(example.url).content.decode()


# The importer ---------------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path):
    texts = {
        "Anime/One": "Subverted: Naomi skips lunch.",
        "Anime/Two": "''Averted.'' Nobody eats.",
        "Anime/Three": "DOUBLE SUBVERTED. She eats, then does not.",
        "Anime/Four": "*Zig-Zagged:* it depends on the day.",
        "Anime/Five": "Subverted in episode 2, where she skips lunch.",
        "Anime/Six": "Played Straight: she eats.",
        "Anime/Seven": "Lampshaded.",
    }
    rows = {
        "tropes.jsonl": [{"id": "BigEater", "name": "Big Eater", "description": "Eats."}],
        "works.jsonl": [{"id": w, "name": w[6:], "media": "Anime"} for w in texts],
        "examples.jsonl": [{"trope": "BigEater", "work": w, "text": t} for w, t in texts.items()],
    }
    for name, lines in rows.items():
        (tmp_path / name).write_text("".join(json.dumps(line) + "\n" for line in lines))
    call_command("import_tropes", str(tmp_path), verbosity=0)
    return {e.work.page.name: (e.played, e.text) for e in Example.objects.select_related("work")}


def test_the_importer_reads_the_leading_word_and_strips_it(imported):
    assert imported["One"] == ("subverted", "Naomi skips lunch.")
    assert imported["Two"] == ("averted", "Nobody eats.")
    assert imported["Three"] == ("double_subverted", "She eats, then does not.")
    assert imported["Four"] == ("zig_zagged", "it depends on the day.")
    assert imported["Six"] == ("straight", "she eats.")


def test_the_importer_leaves_other_texts_as_they_are(imported):
    assert imported["Five"] == ("straight", "Subverted in episode 2, where she skips lunch.")
    assert imported["Seven"] == ("straight", "Lampshaded.")


def test_an_imported_example_shows_its_word_once(client, imported):
    html = examples_section(client, "/Anime/One")
    assert f"{SUBVERTED} <p>Naomi skips lunch.</p>" in html


@pytest.fixture
def played_examples(rouge, big_eater):
    made = {}
    for way in ("straight", "subverted", "subverted", "averted"):
        work = WorkFactory(page__namespace="Anime")
        article = "An" if way == "averted" else "A"
        made.setdefault(way, []).append(
            ExampleFactory(trope=big_eater, work=work, played=way, text=f"{article} {way} one.")
        )
    return made


# The trope page's filter -----------------------------------------------------------------


def test_the_trope_page_offers_each_way_its_examples_play_it(client, played_examples):
    html = examples_section(client, "/Main/BigEater")
    assert '<strong aria-current="true">any way</strong>' in html
    assert 'href="?played=subverted" rel="nofollow">Subverted <small>(2)</small></a>' in html
    assert 'href="?played=averted" rel="nofollow">Averted <small>(1)</small></a>' in html
    assert "played=inverted" not in html


def test_filtering_shows_the_examples_played_that_way_only(client, played_examples):
    client.get("/Main/BigEater")  # the whole list is kept; the filtered one is another copy
    html = examples_section(client, "/Main/BigEater", played="subverted")
    assert html.count('<li class="example"') == 2 and "A subverted one." in html
    assert "A straight one." not in html and "An averted one." not in html
    assert "Examples <small>(2)</small>" in html
    assert 'href="/Main/BigEater">any way</a>' in html
    assert 'href="?sort=rating&amp;played=subverted"' in html
    assert html.count('<li class="example"') == 2


def test_a_way_no_example_plays_it_is_said_so(client, played_examples):
    html = examples_section(client, "/Main/BigEater", played="defied")
    assert "No example plays it that way." in html


def test_an_unknown_way_shows_every_example(client, played_examples):
    html = examples_section(client, "/Main/BigEater", played="sideways")
    assert html.count('<li class="example"') == 4


def test_a_new_example_shows_in_the_filtered_list_at_once(client, editor, played_examples):
    assert examples_section(client, "/Main/BigEater", played="averted").count("<li") == 1
    ExampleFactory(
        trope=played_examples["averted"][0].trope,
        work=WorkFactory(page__namespace="Film"),
        played="averted",
    )
    assert examples_section(client, "/Main/BigEater", played="averted").count("<li") == 2


def test_a_filtered_page_costs_what_the_page_costs(
    client, played_examples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        assert client.get("/Main/BigEater", {"played": "subverted"}).status_code == 200


def test_a_folded_trope_filters_each_medium_and_its_full_list(client, played_examples, monkeypatch):
    from tropes import presenters

    monkeypatch.setattr(presenters, "EXAMPLES_ON_PAGE", 3)
    monkeypatch.setattr(presenters, "MEDIUM_PREVIEW", 1)
    html = examples_section(client, "/Main/BigEater", played="subverted")
    assert "<summary>Anime <small>(2)</small></summary>" in html
    assert html.count('<li class="example"') == 1
    assert "Subverted <small>(2)</small>" in html and "Averted <small>(1)</small>" in html
    link = "/Main/BigEater/examples/Anime?played=subverted"
    assert f'href="{link}">All 2 examples in Anime</a>' in html
    folder = client.get(link).content.decode()
    assert folder.count('<li class="example"') == 2 and "A subverted one." in folder
