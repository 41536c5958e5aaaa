"""Index pages as ordered lists: the pages an index's list items link to are its members, in
order, and each shows a "Previous · Index · Next" bar for every index it is on, kept right
whatever changes the index, its members or their names."""

import re

import pytest
from django.test import Client

from tests.factories import PageFactory, TropeFactory
from tests.helpers import form_data
from wiki import kinds, moving
from wiki.models import Page

pytestmark = pytest.mark.django_db

NAMES = ["Alpha", "Beta", "Gamma", "Delta"]


@pytest.fixture
def tropes():
    return {name: TropeFactory(page__name=name, page__title=f"{name} Trope") for name in NAMES}


@pytest.fixture
def index(tropes):
    return PageFactory(
        name="GreekTropes",
        title="Greek Tropes",
        kind=kinds.INDEX,
        body="Tropes named after letters.\n\n* [[Alpha]]\n* [[Beta]]: see also [[Delta]]\n"
        "* [[Gamma]]",
    )


@pytest.fixture
def reader():
    """An anonymous reader, who is shown kept copies of pages."""
    return Client()


def bars(html):
    """Each bar as its (previous, index, next) titles, "" where there is none."""
    found = []
    for item in re.findall(r'<li class="index-bar">(.*?)</li>', html, re.S):
        parts = re.match(
            r'.*index-bar-previous">(.*)<a class="index-bar-index"(.*)'
            r'<span class="index-bar-next">(.*)',
            item,
            re.S,
        )
        found.append(tuple(_words(part) for part in parts.groups()))
    return found


def _words(markup):
    """What a sighted reader reads of some markup: no arrows, no words for screen readers."""
    markup = re.sub(r'<span (?:class="sr-only"|aria-hidden="true")>.*?</span>', "", markup)
    text = re.sub(r"<[^>]*>|^[^<>]*>", " ", markup)
    return " ".join(text.split())


def bars_of(reader, name):
    return bars(reader.get(f"/Main/{name}").content.decode())


def edit_index(client, editor, index, body, **changes):
    client.force_login(editor)
    index.refresh_from_db()
    response = client.post(f"/Main/{index.name}/edit", form_data(index, body=body, **changes))
    assert response.status_code == 302


def test_each_page_an_index_lists_shows_its_neighbours_in_the_index_order(reader, index):
    assert bars_of(reader, "Alpha") == [("", "Greek Tropes", "Beta Trope")]
    assert bars_of(reader, "Beta") == [("Alpha Trope", "Greek Tropes", "Gamma Trope")]
    assert bars_of(reader, "Gamma") == [("Beta Trope", "Greek Tropes", "")]


def test_a_bar_links_its_previous_page_its_index_and_its_next_page(reader, index):
    html = reader.get("/Main/Beta").content.decode()
    bar = html[html.index('class="index-bars"') :]
    assert bar.index('href="/Main/Alpha"') < bar.index('href="/Main/GreekTropes"')
    assert bar.index('href="/Main/GreekTropes"') < bar.index('href="/Main/Gamma"')


def test_only_the_first_link_of_a_list_item_makes_a_member(reader, index):
    # Delta is linked in Beta's item, after Beta: it is on no bar, and the index is a link.
    html = reader.get("/Main/Delta").content.decode()
    assert bars(html) == []
    assert '<nav class="page-indexes" aria-label="Indexes">' in html
    assert 'href="/Main/GreekTropes">Greek Tropes</a>' in html


def test_links_outside_list_items_make_no_member(reader, tropes):
    PageFactory(name="Prose", title="Prose", kind=kinds.INDEX, body="About [[Alpha]].")
    assert bars_of(reader, "Alpha") == []


def test_a_page_on_several_indexes_shows_a_bar_for_each_by_index_title(reader, index):
    PageFactory(name="AnIndex", title="An Index", kind=kinds.INDEX, body="* [[Gamma]]\n* [[Beta]]")
    assert bars_of(reader, "Beta") == [
        ("Gamma Trope", "An Index", ""),
        ("Alpha Trope", "Greek Tropes", "Gamma Trope"),
    ]


def test_pages_that_are_not_indexes_make_no_bars(reader, tropes):
    PageFactory(name="Notes", title="Notes", body="* [[Alpha]]\n* [[Beta]]")
    assert bars_of(reader, "Alpha") == []


def test_a_link_to_another_name_of_a_page_counts_for_the_page(reader, tropes, editor):
    moving.add_alias(tropes["Gamma"].page, "Main", "GammaRays", editor)
    PageFactory(name="Rays", title="Rays", kind=kinds.INDEX, body="* [[Alpha]]\n* [[GammaRays]]")
    assert bars_of(reader, "Gamma") == [("Alpha Trope", "Rays", "")]


def test_reordering_the_index_changes_the_bars_at_once(client, reader, editor, index):
    assert bars_of(reader, "Alpha")[0][2] == "Beta Trope"  # kept for readers now
    edit_index(client, editor, index, "* [[Gamma]]\n* [[Alpha]]\n* [[Beta]]")
    assert bars_of(reader, "Alpha") == [("Gamma Trope", "Greek Tropes", "Beta Trope")]
    assert bars_of(reader, "Gamma") == [("", "Greek Tropes", "Alpha Trope")]
    assert bars_of(reader, "Beta") == [("Alpha Trope", "Greek Tropes", "")]


def test_a_page_taken_off_the_index_loses_its_bar_and_its_neighbours_meet(
    client, reader, editor, index
):
    for name in NAMES:
        bars_of(reader, name)
    edit_index(client, editor, index, "* [[Alpha]]\n* [[Gamma]]")
    assert bars_of(reader, "Beta") == []
    assert bars_of(reader, "Alpha") == [("", "Greek Tropes", "Gamma Trope")]
    assert bars_of(reader, "Gamma") == [("Alpha Trope", "Greek Tropes", "")]


def test_a_page_added_to_the_index_shows_its_bar_at_once(client, reader, editor, index):
    bars_of(reader, "Delta"), bars_of(reader, "Gamma")
    edit_index(client, editor, index, index.body + "\n* [[Delta]]")
    assert bars_of(reader, "Delta") == [("Gamma Trope", "Greek Tropes", "")]
    assert bars_of(reader, "Gamma") == [("Beta Trope", "Greek Tropes", "Delta Trope")]


def test_an_edit_elsewhere_in_the_index_leaves_its_pages_kept_copies_alone(
    client, reader, editor, index
):
    before = Page.objects.get(name="Alpha").shown_stamp
    edit_index(client, editor, index, index.body.replace("letters", "Greek letters"))
    assert Page.objects.get(name="Alpha").shown_stamp == before


def test_retitling_the_index_shows_its_new_title_on_every_bar(client, reader, editor, index):
    bars_of(reader, "Alpha")
    edit_index(client, editor, index, index.body, title="Letter Tropes")
    assert bars_of(reader, "Alpha") == [("", "Letter Tropes", "Beta Trope")]


def test_retitling_a_page_shows_its_new_title_on_its_neighbours_bars(client, reader, editor, index):
    bars_of(reader, "Alpha"), bars_of(reader, "Gamma")
    beta = Page.objects.get(name="Beta")
    client.force_login(editor)
    client.post("/Main/Beta/edit", form_data(beta, title="Bravo Trope"))
    assert bars_of(reader, "Alpha") == [("", "Greek Tropes", "Bravo Trope")]
    assert bars_of(reader, "Gamma") == [("Bravo Trope", "Greek Tropes", "")]


def test_a_moved_page_keeps_its_place_and_its_neighbours_link_its_new_name(
    client, reader, editor, index
):
    bars_of(reader, "Alpha")
    client.force_login(editor)
    response = client.post(
        "/Main/Beta/move", {"namespace": "Main", "name": "Bravo", "title": "Bravo Trope"}
    )
    assert response.status_code == 302
    html = reader.get("/Main/Alpha").content.decode()
    assert bars(html) == [("", "Greek Tropes", "Bravo Trope")]
    assert 'href="/Main/Bravo"' in html
    assert bars_of(reader, "Bravo") == [("Alpha Trope", "Greek Tropes", "Gamma Trope")]


def test_a_deleted_page_leaves_its_neighbours_side_by_side(reader, index):
    bars_of(reader, "Alpha"), bars_of(reader, "Gamma")
    Page.objects.get(name="Beta").delete()
    assert bars_of(reader, "Alpha") == [("", "Greek Tropes", "Gamma Trope")]
    assert bars_of(reader, "Gamma") == [("Alpha Trope", "Greek Tropes", "")]


def test_a_page_made_after_its_index_lists_it_joins_it(client, reader, editor, tropes):
    index = PageFactory(
        name="Waiting", title="Waiting", kind=kinds.INDEX, body="* [[Alpha]]\n* [[Epsilon]]"
    )
    bars_of(reader, "Alpha")
    TropeFactory(page__name="Epsilon", page__title="Epsilon Trope")
    assert bars_of(reader, "Epsilon") == [("Alpha Trope", "Waiting", "")]
    assert bars_of(reader, "Alpha") == [("", "Waiting", "Epsilon Trope")]
    assert index.index_entries.count() == 2


def test_a_deleted_index_takes_its_bars_with_it(reader, index):
    bars_of(reader, "Alpha")
    index.delete()
    assert bars_of(reader, "Alpha") == []


@pytest.mark.parametrize("indexes", [0, 1, 6])
def test_a_page_costs_the_same_queries_on_any_number_of_indexes(
    reader, tropes, indexes, django_assert_max_num_queries
):
    for n in range(indexes):
        PageFactory(
            name=f"Index{n}", title=f"Index {n}", kind=kinds.INDEX, body="* [[Alpha]]\n* [[Beta]]"
        )
    # The trope page's seven (tests/tropes/test_pages.py), its bars read with its backlinks.
    with django_assert_max_num_queries(7):
        html = reader.get("/Main/Beta").content.decode()
    assert len(bars(html)) == indexes


@pytest.fixture
def big_index(db):
    for n in range(100):
        TropeFactory(page__name=f"Member{n}")
    body = "Members.\n\n" + "\n".join(f"* [[Member{n}]]" for n in range(100))
    return PageFactory(name="Big", title="Big", kind=kinds.INDEX, body=body)


def test_an_edit_that_leaves_an_index_list_alone_costs_what_any_edit_does(
    client, editor, big_index, django_assert_max_num_queries
):
    client.force_login(editor)
    data = form_data(big_index, body=big_index.body.replace("Members.", "The members."))
    with django_assert_max_num_queries(16):
        assert client.post("/Main/Big/edit", data).status_code == 302


def test_an_edit_that_changes_an_index_list_costs_three_queries_more(
    client, editor, big_index, django_assert_max_num_queries
):
    client.force_login(editor)
    reordered = "\n".join(f"* [[Member{n}]]" for n in reversed(range(100)))
    data = form_data(big_index, body=reordered)
    # The pages listed and those listed until now; the entries deleted and written again.
    with django_assert_max_num_queries(16 + 3):
        assert client.post("/Main/Big/edit", data).status_code == 302
    first = big_index.index_entries.order_by("position").first()
    assert first.page.name == "Member99"
