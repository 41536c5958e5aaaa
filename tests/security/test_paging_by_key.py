"""Lists paged by key (recent changes, contributions, histories) show every change once,
walking older or newer, and measure each change's size from the revision before it, even
when that revision is on another screen."""

import re

import pytest
from django.utils import timezone

from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory
from tests.helpers import edit
from tropes.models import Example
from wiki.models import Page

pytestmark = pytest.mark.django_db


def links(html):
    return dict(re.findall(r'rel="(prev|next)" href="\?([^"]+)"', html))


def test_a_size_change_is_measured_from_the_previous_revision_on_another_screen(
    client, editor, monkeypatch
):
    monkeypatch.setattr("wiki.views.history.ENTRIES_PER_PAGE", 2)
    page = PageFactory(namespace="Main", name="Growing", body="")
    edit(page, editor, "First", body="x" * 10)
    edit(page, editor, "Second", body="x" * 25)
    edit(page, editor, "Third", body="x" * 5)
    first = client.get("/Main/Growing/history").content.decode()
    assert ">-20<" in first and ">+15<" in first and "First" not in first
    second = client.get(f"/Main/Growing/history?{links(first)['next']}").content.decode()
    assert "First" in second and ">+10<" in second


def test_a_size_change_counts_from_the_revision_before_whoever_made_it(client, editor, reader):
    example = ExampleFactory(text="Short.")
    example._history_user = reader
    example.text = "Short, then longer."
    example.save()
    html = client.get(f"/user/{reader.username}/contributions").content.decode()
    assert ">+13<" in html  # measured from the first version, made by someone else


def test_walking_older_then_newer_shows_every_change_once_even_at_the_same_instant(
    client, monkeypatch
):
    monkeypatch.setattr("wiki.views.changes.PER_PAGE", 3)
    user = UserFactory(username="walker")
    trope = TropeFactory()
    for n in range(4):
        edit(PageFactory(), user, f"Edit {n}", body=f"Text {n}")
        ExampleFactory(trope=trope, text=f"Example {n}")
    # Changes at the very same instant, in both history tables: order falls back on ids.
    now = timezone.now()
    Page.history.update(history_date=now)
    Example.history.update(history_date=now)
    expected = Page.history.count() + Example.history.count()

    seen, query, screens = [], "", []
    while True:
        html = client.get(f"/changes?{query}").content.decode()
        rows = re.findall(r'<tr class="change-[^"]+">(.*?)</tr>', html, re.S)
        screens.append(rows)
        seen += rows
        if "next" not in links(html):
            break
        query = links(html)["next"]
    assert len(seen) == expected and len(set(seen)) == expected

    back = screens[-2]
    html = client.get(f"/changes?{links(html)['prev']}").content.decode()
    assert re.findall(r'<tr class="change-[^"]+">(.*?)</tr>', html, re.S) == back
