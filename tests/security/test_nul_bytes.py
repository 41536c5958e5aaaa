"""A NUL character anywhere in an address gets a clear 400, never a 500 from the database."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=a%00",
        "/goto?q=a%00",
        "/examples/lookup?kind=trope&q=a%00",
        "/changes?namespace=a%00",
        "/changes?user=a%00",
        "/user/a%00",
        "/Main/BigEater?sort=%00",
    ],
)
def test_a_nul_character_in_an_address_is_refused_with_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Addresses cannot contain NUL characters" in response.content.decode()


def test_a_nul_character_in_a_get_form_is_refused_with_a_400(client):
    assert client.get("/search", {"q": "big\x00eater"}).status_code == 400
