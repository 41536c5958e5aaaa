"""Every resource of the read API, as a client reads it: what each answer holds."""

import pytest

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from wiki import moving

pytestmark = pytest.mark.django_db


def test_the_root_names_every_resource(client):
    answer = client.get("/api/v1/").json()
    assert answer["works"] == "http://testserver/api/v1/works"
    assert answer["docs"] == "http://testserver/api/v1/docs"


def test_a_trope_page_comes_with_its_texts_and_its_kinds_fields(client, wiki):
    answer = client.get("/api/v1/pages/Main/BigEater").json()
    assert answer["title"] == "Big Eater"
    assert answer["kind"] == "trope"
    assert answer["url"] == "http://testserver/Main/BigEater"
    assert answer["body"]["text"] == "Eats a lot."
    assert 'class="spoiler"' in answer["body"]["html"]
    assert answer["quote"]["text"] == "Seconds?"
    assert answer["quote_attribution"] == "A cook"
    assert answer["trope"] == {
        "laconic": "Eats a lot.",
        "kind": "trope",
        "example_rule": "open",
        "examples_url": "http://testserver/api/v1/examples?trope=Main/BigEater",
    }
    assert answer["work"] is None
    assert answer["history_url"] == "http://testserver/api/v1/pages/Main/BigEater/history"


def test_a_work_page_comes_with_its_medium_year_and_where_its_parts_are(client, wiki):
    work = client.get("/api/v1/pages/Anime/MetallicRouge").json()["work"]
    assert work["medium"] == "Anime"
    assert work["year"] == 2024
    assert work["laconic"] == "Androids hunt."
    assert work["characters_url"].endswith("/api/v1/pages/Anime/MetallicRouge/characters")


def test_a_subpage_names_its_work_and_kind(client, wiki):
    subpage = client.get("/api/v1/pages/Characters/MetallicRouge").json()["subpage"]
    assert subpage["work"]["title"] == "Metallic Rouge"
    assert subpage["kind"] == "Characters"
    assert subpage["structure"] == "characters"


def test_a_missing_page_is_404(client, db):
    assert client.get("/api/v1/pages/Main/NoSuchPage").status_code == 404


def test_a_redirect_and_another_spelling_lead_to_the_pages_own_address(client, wiki, editor):
    moving.move_page(wiki["trope"].page, "Main", "GreatEater", editor)
    response = client.get("/api/v1/pages/Main/BigEater/history")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/v1/pages/Main/GreatEater/history"
    response = client.get("/api/v1/pages/main/greateater")
    assert response["Location"] == "http://testserver/api/v1/pages/Main/GreatEater"


def test_pages_are_listed_by_address_within_a_namespace(client, wiki):
    answer = client.get("/api/v1/pages?namespace=Main").json()
    assert [page["name"] for page in answer["results"]] == ["BigEater", "TheMole"]
    assert answer["next"] is None


def test_works_are_listed_by_medium(client, wiki):
    WorkFactory(page__namespace="Film", page__name="Alien", page__title="Alien", year=1979)
    answer = client.get("/api/v1/works?medium=Film").json()
    assert [(work["title"], work["year"]) for work in answer["results"]] == [("Alien", 1979)]


def test_tropes_are_listed_by_kind(client, wiki):
    TropeFactory(page__name="NightmareFuel", page__title="Nightmare Fuel", kind="ymmv")
    answer = client.get("/api/v1/tropes?kind=ymmv").json()
    assert [trope["name"] for trope in answer["results"]] == ["NightmareFuel"]
    assert answer["results"][0]["trope_kind"] == "ymmv"


def test_a_tropes_examples_come_with_rating_and_how_they_play_it(client, wiki):
    answer = client.get("/api/v1/examples?trope=Main/BigEater").json()
    (example,) = answer["results"]
    assert example["work"]["title"] == "Metallic Rouge"
    assert example["played"] == "subverted"
    assert example["played_label"] == "Subverted"
    assert example["rating"] == {"average": 4.0, "count": 1}
    assert example["text"]["text"] == "Rouge eats ten bowls."
    assert example["url"] == f"http://testserver/examples/{wiki['example'].pk}"


def test_an_example_about_a_character_names_it(client, wiki):
    example = client.get(f"/api/v1/examples/{wiki['about_hidden'].pk}").json()
    assert example["trope"]["title"] == "The Mole"
    assert example["character"]["name_is_spoiler"] is True
    assert example["character"]["name"]["text"] == ""


def test_examples_of_one_trope_in_one_work(client, wiki):
    ExampleFactory(trope=wiki["trope"])  # in another work
    answer = client.get("/api/v1/examples?trope=Main/BigEater&work=Anime/MetallicRouge").json()
    assert [example["id"] for example in answer["results"]] == [wiki["example"].pk]


def test_examples_of_an_unknown_work_are_404(client, wiki):
    assert client.get("/api/v1/examples?work=Anime/NoSuchShow").status_code == 404
    assert client.get("/api/v1/examples?work=not-a-name").status_code == 400
    assert client.get("/api/v1/examples/999999").status_code == 404


def test_a_works_subpages_are_listed_from_the_work_or_a_subpage(client, wiki):
    for address in ("Anime/MetallicRouge", "Characters/MetallicRouge"):
        answer = client.get(f"/api/v1/pages/{address}/subpages").json()
        assert [subpage["kind"] for subpage in answer] == ["Characters"]
    assert client.get("/api/v1/pages/Main/BigEater/subpages").status_code == 404


def test_a_works_characters_come_in_order_with_their_tropes(client, wiki):
    answer = client.get("/api/v1/pages/Anime/MetallicRouge/characters").json()
    rouge, hidden = answer["results"]
    assert rouge["name"] == {"html": "Rouge Redstar", "text": "Rouge Redstar"}
    assert rouge["folder"] == "Heroes"
    assert rouge["url"] == "http://testserver/Characters/MetallicRouge#RougeRedstar"
    assert hidden["name"]["text"] == ""
    assert hidden["anchor"].startswith("Spoiler")
    assert [example["trope"]["title"] for example in hidden["examples"]] == ["The Mole"]
    assert hidden["description"]["text"] == "Hides."


def test_a_history_lists_the_pages_revisions_newest_first(client, wiki):
    answer = client.get("/api/v1/pages/Main/BigEater/history").json()
    page_entries = [entry for entry in answer["results"] if entry["is_page"]]
    assert [entry["summary"] for entry in page_entries[:2]] == ["Back", "Longer"]
    assert page_entries[0]["author"] == "eddie"
    assert page_entries[0]["revision_url"].startswith(
        "http://testserver/api/v1/pages/Main/BigEater/revisions/"
    )
    assert any(entry["about"] == "Big Eater in Metallic Rouge" for entry in answer["results"])


def test_a_revision_shows_the_texts_as_they_were(client, wiki):
    longer = wiki["trope"].page.history.get(history_change_reason="Longer")
    answer = client.get(f"/api/v1/pages/Main/BigEater/revisions/{longer.history_id}").json()
    assert answer["body"]["text"] == "Eats a lot. Then more."
    assert answer["author"] == "eddie"
    assert answer["previous_id"] < longer.history_id < answer["next_id"]
    assert client.get("/api/v1/pages/Main/BigEater/revisions/1234567").status_code == 404


def test_recent_changes_are_filtered_by_member_and_namespace(client, wiki):
    answer = client.get("/api/v1/changes?user=eddie").json()
    assert {entry["author"] for entry in answer["results"]} == {"eddie"}
    answer = client.get("/api/v1/changes?namespace=Anime").json()
    assert answer["results"]
    assert all("Metallic Rouge" in entry["about"] for entry in answer["results"])
    assert client.get("/api/v1/changes?kind=vandalised").status_code == 400


def test_search_finds_pages_with_a_snippet(client, wiki):
    answer = client.get("/api/v1/search?q=android").json()
    assert answer["count"] == 1
    (result,) = answer["results"]
    assert result["title"] == "Metallic Rouge"
    assert "<mark>" in result["snippet"]["html"]
    assert "android" in result["snippet"]["text"]
    assert "<mark>" not in result["snippet"]["text"]


def test_go_to_suggests_pages_by_title(client, wiki):
    answer = client.get("/api/v1/goto?q=Metal").json()
    assert answer[0]["title"] == "Metallic Rouge"
    assert answer[0]["api_url"] == "http://testserver/api/v1/pages/Anime/MetallicRouge"


def test_a_cut_page_is_gone_and_its_work_and_examples_unlisted(client, wiki, moderator):
    from wiki import cutting

    cutting.cut_page(wiki["work"].page, moderator, "Not a real show")
    assert client.get("/api/v1/pages/Anime/MetallicRouge").status_code == 410
    assert client.get("/api/v1/pages/Anime/MetallicRouge/history").status_code == 410
    assert client.get("/api/v1/works").json()["results"] == []
    assert client.get("/api/v1/examples").json()["results"] == []
    assert client.get("/api/v1/examples?work=Anime/MetallicRouge").status_code == 404
