"""Markup input is bounded before it is parsed, parsing grows linearly with the input, and
what the renderer keeps in memory is bounded in bytes."""

import importlib
from urllib.parse import urlencode

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from tests.helpers import python_calls
from tropes.models import Example
from wiki import markup
from wiki.memory import ByteBoundedCache
from wiki.models import Page

FORM = "application/x-www-form-urlencoded"
# Inputs that make a parser rescan: unclosed openers of every inline construct we add or use.
HOSTILE = [
    "[[",
    "[",
    "[[spoiler:",
    "||",
    "![[",
    "[[note]]",
    "[[note]][[spoiler:",
    "[[spoiler:a]",
    "[[Main/BigEater|[",
    "[[labelnote:x]]ab ",
    "[a](",
    "[[/note]]",
    "[[folder:x]]\n",
    "[[spoiler:" + "a " * 20,
]


def parse_everything(source):
    markup.render.__wrapped__(source)  # the real work, not the memo
    markup.links(source)


@pytest.mark.parametrize("pattern", HOSTILE)
def test_hostile_markup_costs_work_in_proportion_to_its_size(pattern):
    copies = 60  # well past the 20 openers a scan may look ahead
    one, two, four = (
        python_calls(parse_everything, pattern * (copies * times)) for times in (1, 2, 4)
    )
    # Linear work doubles its growth when the size doubles (quadratic would quadruple it);
    # differences leave out what every render costs once.
    assert four - two <= 2.5 * (two - one) + 100, f"{one:,}, {two:,} and {four:,} calls"
    assert four < 600 * len(pattern) * copies * 4  # and a bounded amount for each character


def test_a_preview_of_a_megabyte_is_refused_before_any_rendering(client, new_editor, monkeypatch):
    rendered = []
    monkeypatch.setattr(markup, "render", lambda source: rendered.append(source))
    monkeypatch.setattr(markup, "links", lambda source: rendered.append(source))
    client.force_login(new_editor)
    response = client.post("/markdownx/markdownify/", {"content": "[[" * 500_000})
    assert response.status_code == 400
    assert rendered == []


def test_a_preview_just_over_the_page_limit_is_refused_with_a_message(
    client, new_editor, settings, monkeypatch
):
    rendered = []
    monkeypatch.setattr(markup, "render", lambda source: rendered.append(source))
    client.force_login(new_editor)
    response = client.post(
        "/markdownx/markdownify/", {"content": "a" * (settings.MAX_PAGE_CHARS + 1)}
    )
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    assert rendered == []


def test_a_preview_within_the_limit_is_rendered(client, new_editor):
    client.force_login(new_editor)
    response = client.post("/markdownx/markdownify/", {"content": "[[spoiler:hidden]]"})
    assert response.status_code == 200
    assert 'class="spoiler"' in response.content.decode()


def test_example_text_over_its_limit_is_a_form_error_and_nothing_is_saved(client, editor, settings):
    WorkFactory(page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge")
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    client.force_login(editor)
    response = client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": "Big Eater", "text": "[[" * settings.MAX_SNIPPET_CHARS},
    )
    assert response.status_code == 400
    assert "the limit is 20,000" in response.content.decode()
    assert not Example.objects.exists()


def test_editing_an_example_beyond_the_limit_leaves_it_unchanged(client, editor, settings):
    example = ExampleFactory(text="Naomi orders three dinners and finishes them all.")
    client.force_login(editor)
    response = client.post(
        f"/examples/{example.pk}/edit", {"text": "x" * (settings.MAX_SNIPPET_CHARS + 1)}
    )
    assert response.status_code == 400
    example.refresh_from_db()
    assert example.text == "Naomi orders three dinners and finishes them all."


def test_a_quote_over_its_limit_is_a_form_error_and_nothing_is_saved(client, editor, settings):
    page = TropeFactory(page__name="BigEater", page__title="Big Eater").page
    revisions = page.history.count()
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/edit",
        {
            "title": page.title,
            "body": page.body,
            "base_revision": page.history.latest().history_id,
            "quote": "[" * (settings.MAX_SNIPPET_CHARS + 1),
            "laconic": "",
        },
    )
    assert response.status_code == 400
    assert "the limit is 20,000" in response.content.decode()
    page.refresh_from_db()
    assert page.quote == "" and page.history.count() == revisions


def test_form_data_larger_than_the_cap_is_refused(client, editor, settings):
    page = TropeFactory(page__name="BigEater").page
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/edit",
        content_type=FORM,
        data=urlencode({"title": page.title, "body": "é" * 1_000_000}),
    )
    assert response.status_code == 400
    assert Page.objects.get(pk=page.pk).body == page.body


def test_a_page_body_at_the_limit_fits_in_a_request(settings):
    prose = "Naomi orders *three* dinners, and finishes them all; see [[Main/BigEater]].\n"
    body = (prose * (settings.MAX_PAGE_CHARS // len(prose) + 1))[: settings.MAX_PAGE_CHARS]
    assert len(urlencode({"title": "Big Eater", "body": body})) < (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    assert len(("😀" * settings.MAX_PAGE_CHARS).encode()) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_render_cache_holds_a_bounded_number_of_bytes():
    cache = ByteBoundedCache(max_bytes=10_000)
    for number in range(100):
        cache.put(number, f"{number}" * 500)
    assert cache.size <= 10_000
    assert cache.get(99) is not None and cache.get(0) is None
    cache.put("huge", "x" * 20_000)
    assert cache.get("huge") is None


def test_long_sources_are_rendered_without_being_kept():
    before = markup.render.cache.size
    markup.render("[[spoiler:x]] " * 10_000)
    assert markup.render.cache.size == before


def test_a_block_of_brackets_skips_the_link_parsers_retries_but_keeps_its_wiki_links(monkeypatch):
    parser = importlib.import_module("wiki.markup.parser")  # the module, not its parser
    heavy = "[" * (parser.MAX_LINK_OPENERS * 2) + " [[Main/BigEater]] [a](/Main/Glutton)"
    guarded = python_calls(parse_everything, heavy)
    monkeypatch.setattr(parser, "MAX_LINK_OPENERS", len(heavy))
    unguarded = python_calls(parse_everything, heavy)
    monkeypatch.undo()

    assert guarded * 2 < unguarded
    html = markup.render(heavy)
    assert 'href="/Main/BigEater"' in html
    assert 'href="/Main/Glutton"' not in html  # left as text in a block that is no prose
    assert 'href="/Main/Glutton"' in markup.render("[a](/Main/Glutton)")
