"""Recent changes, contributions and the Atom feeds."""

import pytest

from tests.factories import ExampleFactory, PageFactory, UserFactory, WorkFactory
from tests.helpers import edit, import_examples
from wiki import moving

pytestmark = pytest.mark.django_db


@pytest.fixture
def wiki(editor, moderator):
    work = WorkFactory(page__namespace="Film", page__name="Heat", page__title="Heat")
    edit(work.page, editor, "Plot summary", body="A heist [[spoiler:goes wrong at the bank]].")
    trope_page = PageFactory(namespace="Main", name="Notes", title="Notes")
    edit(trope_page, moderator, "Tidy", body="Tidied.")
    example = ExampleFactory(
        work=work, trope__page__title="Big Eater", text="Chris eats [[spoiler:the last doughnut]]."
    )
    return work, example


def test_recent_changes_list_page_and_example_edits_newest_first(client, wiki):
    html = client.get("/changes").content.decode()
    assert html.index("example Big Eater in Heat") < html.index("Tidy") < html.index("Plot summary")
    assert 'href="/Film/Heat/compare?to=' in html


def test_recent_changes_filter_by_namespace_user_and_kind(client, wiki, editor):
    by_namespace = client.get("/changes", {"namespace": "film"}).content.decode()
    assert "Plot summary" in by_namespace and "Tidy" not in by_namespace
    assert "example Big Eater in Heat" in by_namespace  # examples filter by their work
    by_user = client.get("/changes", {"user": editor.username}).content.decode()
    assert "Plot summary" in by_user and "Tidy" not in by_user
    created = client.get("/changes", {"kind": "created"}).content.decode()
    assert "Plot summary" not in created and "example Big Eater in Heat" in created
    assert client.get("/changes", {"kind": "nonsense", "page": "x"}).status_code == 200


def test_reverts_are_their_own_kind_of_change(client, wiki, editor):
    work, _ = wiki
    first = work.page.history.order_by("history_id").first()
    edit(work.page, editor, "Reverted to the revision of long ago by nobody", body=first.body)
    html = client.get("/changes", {"kind": "reverted"}).content.decode()
    assert "Reverted to the revision" in html and "Plot summary" not in html


def test_moves_are_their_own_kind_of_change(client, wiki, editor):
    work, _ = wiki
    moving.move_page(work.page, "Film", "HeatNineteenNinetyFive", editor, summary="Disambiguate")
    html = client.get("/changes", {"kind": "moved"}).content.decode()
    assert "Moved from Film/Heat to Film/HeatNineteenNinetyFive" in html
    assert "Plot summary" not in html
    assert "Moved from" not in client.get("/changes", {"kind": "edited"}).content.decode()


def test_contributions_list_one_editors_changes(client, wiki, editor):
    html = client.get(f"/user/{editor.username}/contributions").content.decode()
    assert "Plot summary" in html and "Tidy" not in html
    assert client.get("/user/nobody-here/contributions").status_code == 404


def test_changes_feed_is_atom_with_spoilers_masked(client, wiki):
    response = client.get("/changes/feed")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "Plot summary" in body
    assert "[spoiler]" in body
    assert "goes wrong at the bank" not in body and "last doughnut" not in body


def test_page_history_feed(client, wiki):
    body = client.get("/Film/Heat/history/feed").content.decode()
    assert "history of Heat" in body and "Plot summary" in body and "Tidy" not in body
    assert "goes wrong at the bank" not in body
    assert client.get("/Film/Nothing/history/feed").status_code == 404


@pytest.mark.parametrize("count", [3, 60])
def test_recent_changes_cost_the_same_queries_whatever_the_wiki_size(
    client, count, django_assert_max_num_queries
):
    user = UserFactory()
    for n in range(count):
        edit(PageFactory(), user, f"Edit {n}", body=f"Text {n}")
    import_examples([(f"Trope{n}", f"Anime/Show{n}") for n in range(count)])
    with django_assert_max_num_queries(8):
        assert client.get("/changes").status_code == 200
