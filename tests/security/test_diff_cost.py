"""Diffs take a bounded number of steps whatever the texts, and are computed once per pair."""

import pytest

from tests.factories import PageFactory
from wiki import diffs


@pytest.fixture
def spent(monkeypatch):
    """The steps each diff computed during the test took, in order."""
    budgets = []

    class CountingBudget(diffs.Budget):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            budgets.append(self)

    monkeypatch.setattr(diffs, "Budget", CountingBudget)
    return lambda: [diffs.STEP_BUDGET - budget.left for budget in budgets]


@pytest.fixture
def computed(monkeypatch):
    """The pairs of texts diffed (not served from the cache) during the test."""
    pairs, compute = [], diffs.compute_rows

    def counting_compute(old_text, new_text, *args):
        pairs.append((old_text, new_text))
        return compute(old_text, new_text, *args)

    monkeypatch.setattr(diffs, "compute_rows", counting_compute)
    return pairs


def save_body(client, page, body):
    latest = page.history.order_by("history_id").last()
    response = client.post(
        f"/{page.namespace}/{page.name}/edit",
        {"title": page.title, "body": body, "base_revision": latest.history_id},
    )
    assert response.status_code == 302
    return page.history.order_by("history_id").last()


def test_the_repeated_word_attack_costs_bounded_work_and_is_diffed_once(
    client, editor, spent, computed
):
    page = PageFactory(namespace="Main", name="BigN", title="Big N")
    client.force_login(editor)
    save_body(client, page, "a " * 20_000)
    planted = save_body(client, page, "b " + "a " * 20_000)
    client.logout()

    response = client.get(f"/Main/BigN/compare?to={planted.history_id}")
    assert response.status_code == 200
    assert len(computed) == 1 and max(spent()) <= diffs.STEP_BUDGET
    assert "<del>a a a" in response.content.decode()  # too many words: the line shown whole

    again = client.get(f"/Main/BigN/compare?to={planted.history_id}")
    assert again.status_code == 200
    assert len(computed) == 1  # served from the cache


@pytest.mark.parametrize(
    "old, new",
    [
        ("a\nb\n" * 20_000, "b\na\n" * 20_000),  # every line repeated, none in place
        ("x y " * 1_000, "y x " * 1_000),  # a long line whose words all moved
        ("\n".join(f"{n} a b" for n in range(3_000)), "\n".join(f"{n} b a" for n in range(3_000))),
    ],
)
def test_costly_diffs_stop_at_the_budget_and_still_show_every_change(old, new, spent):
    rows = diffs.compute_rows(old, new)
    assert spent() and max(spent()) <= diffs.STEP_BUDGET
    old_shown = [row.old_number for row in rows if row.old_number]
    new_shown = [row.new_number for row in rows if row.new_number]
    assert old_shown == sorted(old_shown) and new_shown == sorted(new_shown)
    assert rows  # the texts differ, and the rows say so


@pytest.mark.parametrize("size", [1_000, 4_000, 16_000])
def test_a_small_change_to_a_long_text_costs_steps_in_proportion_to_the_change(size, spent):
    old = "\n".join(f"Line {n} of the page." for n in range(size))
    new = old.replace("Line 500 of", "Line five hundred of")
    rows = diffs.compute_rows(old, new)
    assert [row.kind for row in rows if row.kind != "equal"] == ["change"]
    assert "<ins>five hundred</ins>" in rows[2].new
    assert sum(spent()) < 100


def test_word_changes_are_still_marked_within_a_line():
    rows = diffs.compute_rows("one two three", "one 2 three")
    assert (rows[0].old, rows[0].new) == ("one <del>two</del> three", "one <ins>2</ins> three")
