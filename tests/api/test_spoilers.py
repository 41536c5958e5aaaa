"""No client shows a spoiler by accident: every answer of the API, read whole, spells a
spoiler only inside the spoiler marks of an `html` text; held changes and members' emails
never appear at all."""

import pytest

from tests.api.conftest import HELD, SECRETS, shown_text, strings

pytestmark = pytest.mark.django_db


def addresses(wiki):
    longer = wiki["trope"].page.history.get(history_change_reason="Longer").history_id
    return [
        "/api/v1/pages/Main/BigEater",
        "/api/v1/pages/Anime/MetallicRouge",
        "/api/v1/pages/Characters/MetallicRouge",
        "/api/v1/pages/Main/BigEater/history",
        "/api/v1/pages/Anime/MetallicRouge/history",
        "/api/v1/pages/Characters/MetallicRouge/history",
        f"/api/v1/pages/Main/BigEater/revisions/{longer}",
        "/api/v1/pages/Anime/MetallicRouge/characters",
        "/api/v1/pages/Anime/MetallicRouge/subpages",
        "/api/v1/pages",
        "/api/v1/works",
        "/api/v1/tropes",
        "/api/v1/examples",
        f"/api/v1/examples/{wiki['example'].pk}",
        f"/api/v1/examples/{wiki['about_hidden'].pk}",
        "/api/v1/changes",
        "/api/v1/changes?namespace=Anime",
        # The words around each spoiler, and the spoilers themselves, searched for.
        "/api/v1/search?q=eats",
        "/api/v1/search?q=android",
        "/api/v1/search?q=hides",
        *(f"/api/v1/search?q={secret}" for secret in SECRETS.values()),
        *(f"/api/v1/goto?q={secret[:5]}" for secret in SECRETS.values()),
        "/api/v1/goto?q=Meta",
    ]


def test_no_answer_shows_a_spoiler_outside_its_marks(client, wiki):
    seen = set()
    for address in addresses(wiki):
        response = client.get(address)
        assert response.status_code == 200, address
        for key, value in strings(response.json()):
            shown = shown_text(value) if key == "html" else value
            for what, secret in SECRETS.items():
                assert secret not in shown, f"{address} shows the {what} spoiler in {key}"
                if secret in value:
                    seen.add(what)
    # Each spoiler is given, marked, somewhere: the test looked where they are.
    assert seen == set(SECRETS)


def test_a_character_whose_name_is_a_spoiler_is_never_named_in_plain_text(client, wiki):
    secret = SECRETS["character name"]
    for address in addresses(wiki):
        for key, value in strings(client.get(address).json()):
            if secret in value:
                assert key == "html", f"{address} names the character in {key}"
                assert secret not in shown_text(value), address


def test_held_changes_and_emails_never_appear(client, wiki):
    for address in addresses(wiki):
        body = client.get(address).content.decode()
        assert HELD not in body, address
        assert "@example.org" not in body, address
