"""Finding one's way: index pages, namespace tabs and breadcrumbs."""

import pytest

from tests.factories import PageFactory, TropeFactory, WorkFactory
from wiki import kinds

pytestmark = pytest.mark.django_db


def test_an_index_lists_its_tropes_and_each_trope_shows_its_indexes(client):
    TropeFactory(page__name="BigEater", page__title="Big Eater")
    TropeFactory(page__name="SleepySentinel", page__title="Sleepy Sentinel")
    PageFactory(
        namespace="Main",
        name="FoodTropes",
        title="Food Tropes",
        kind=kinds.INDEX,
        body="Tropes about food: [[BigEater]].",
    )
    PageFactory(
        namespace="Main",
        name="CharacterTropes",
        title="Character Tropes",
        kind=kinds.INDEX,
        body="[[BigEater]] and [[SleepySentinel]].",
    )
    index = client.get("/Main/CharacterTropes").content.decode()
    assert "Tropes in this index <small>(2)</small>" in index
    trope = client.get("/Main/BigEater").content.decode()
    indexes = trope[trope.index('class="page-indexes"') :]
    assert "Character Tropes" in indexes and "Food Tropes" in indexes
    sentinel = client.get("/Main/SleepySentinel").content.decode()
    assert "Food Tropes" not in sentinel[sentinel.index('class="page-indexes"') :]


def test_namespace_tabs_link_the_same_name_across_namespaces(client):
    TropeFactory(page__name="Heat", page__title="Heat")
    WorkFactory(page__namespace="Film", page__name="Heat", page__title="Heat")
    PageFactory(namespace="Manga", name="Heat", title="Heat")
    html = client.get("/Main/Heat").content.decode()
    tabs = html[
        html.index('class="namespace-tabs"') : html.index(
            "</nav>", html.index('class="namespace-tabs"')
        )
    ]
    assert 'href="/Film/Heat"' in tabs and 'aria-current="page">Main' in tabs
    assert "namespace-tabs" in client.get("/Manga/Heat").content.decode()
    # A work shows its own family's tab bar instead (tests/tropes/test_subpages.py).
    assert "namespace-tabs" not in client.get("/Film/Heat").content.decode()
    PageFactory(namespace="Main", name="Solo", title="Solo")
    assert "namespace-tabs" not in client.get("/Main/Solo").content.decode()


def test_breadcrumbs_lead_to_the_namespace(client):
    WorkFactory(page__namespace="Film", page__name="Heat", page__title="Heat")
    html = client.get("/Film/Heat").content.decode()
    assert 'aria-label="Breadcrumbs"' in html and 'href="/Film/"' in html
