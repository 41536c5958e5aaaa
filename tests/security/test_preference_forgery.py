"""Another site cannot switch an anonymous reader's spoilers on (or their theme): the
preference switches answer only requests from Tropewise's own pages."""

import pytest

pytestmark = pytest.mark.django_db

SPOILERS = "/accounts/preferences/spoilers"
THEME = "/accounts/preferences/theme"


def test_a_cross_site_form_cannot_show_an_anonymous_readers_spoilers(client):
    response = client.post(SPOILERS, {"show": "1"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "show_spoilers" not in response.cookies
    assert "only be changed from Tropewise" in response.content.decode()


def test_a_sibling_site_cannot_set_the_theme(client):
    response = client.post(THEME, {"theme": "dark"}, headers={"Sec-Fetch-Site": "same-site"})
    assert response.status_code == 403
    assert "theme" not in response.cookies


def test_an_older_browser_is_checked_by_its_origin(client):
    forged = client.post(SPOILERS, {"show": "1"}, headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert client.post(SPOILERS, {"show": "1"}, headers={"Origin": "null"}).status_code == 403
    own = client.post(SPOILERS, {"show": "1"}, headers={"Origin": "http://testserver"})
    assert own.status_code == 302 and own.cookies["show_spoilers"].value == "1"


def test_without_origin_the_referer_must_be_one_of_our_pages(client):
    forged = client.post(
        SPOILERS, {"show": "1"}, headers={"Referer": "https://testserver.evil.example/page"}
    )
    assert forged.status_code == 403
    own = client.post(SPOILERS, {"show": "1"}, headers={"Referer": "http://testserver/Main/X"})
    assert own.status_code == 302


def test_a_request_that_says_nothing_of_where_it_came_from_is_refused(client):
    assert client.post(SPOILERS, {"show": "1"}).status_code == 403


def test_trusted_origins_may_switch(client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://tropewise.example"]
    response = client.post(
        THEME, {"theme": "dark"}, headers={"Origin": "https://tropewise.example"}
    )
    assert response.status_code == 302


def test_the_switches_from_our_own_pages_work_without_a_token(client):
    page = client.get("/help/markup").content.decode()
    assert "csrfmiddlewaretoken" not in page  # anonymous pages stay shareable by caches
    response = client.post(SPOILERS, {"show": "1"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302 and response.cookies["show_spoilers"].value == "1"
