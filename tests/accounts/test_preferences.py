"""Reading preferences: show all spoilers, and the theme."""

import pytest

from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

SPOILERS = "/accounts/preferences/spoilers"
THEME = "/accounts/preferences/theme"
FROM_OUR_PAGE = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends from the site's pages


@pytest.mark.parametrize("url", [SPOILERS, THEME])
def test_preference_urls_refuse_get(client, url):
    assert client.get(url).status_code == 405


def test_show_all_spoilers_sets_a_cookie_for_anonymous_readers(client, db):
    PageFactory(namespace="Main", name="Twist", body="[[spoiler:It was a dream.]]")
    assert 'class="spoilers-shown"' not in client.get("/Main/Twist").content.decode()
    response = client.post(SPOILERS, {"show": "1", "next": "/Main/Twist"}, headers=FROM_OUR_PAGE)
    assert response["Location"] == "/Main/Twist"
    assert 'class="spoilers-shown"' in client.get("/Main/Twist").content.decode()


def test_show_all_spoilers_is_a_preference_for_signed_in_readers(client, reader):
    client.force_login(reader)
    client.post(SPOILERS, {"show": "1"})
    reader.refresh_from_db()
    assert reader.show_spoilers


def test_preference_redirect_never_leaves_the_site(client, db):
    response = client.post(
        SPOILERS, {"show": "1", "next": "https://evil.example/"}, headers=FROM_OUR_PAGE
    )
    assert response["Location"] == "/"


def test_theme_switch_is_remembered(client, reader):
    client.force_login(reader)
    client.post(THEME, {"theme": "dark"})
    reader.refresh_from_db()
    assert reader.theme == "dark"
    assert 'data-theme="dark"' in client.get("/help/markup").content.decode()
    assert client.post(THEME, {"theme": "neon"}).status_code == 400


def test_anonymous_theme_is_a_cookie(client, db):
    client.post(THEME, {"theme": "light"}, headers=FROM_OUR_PAGE)
    assert 'data-theme="light"' in client.get("/help/markup").content.decode()
