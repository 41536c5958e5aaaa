import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_account_and_signs_in(client):
    response = client.post(
        "/accounts/signup",
        {
            "username": "naomi",
            "email": "naomi@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "next": "/browse",
        },
    )
    assert response["Location"] == "/browse"
    assert User.objects.get(username="naomi").email == "naomi@example.org"
    assert "naomi" in client.get("/").content.decode()


def test_handles_are_unique_whatever_their_case(client, reader):
    response = client.post(
        "/accounts/signup",
        {
            "username": reader.username.upper(),
            "email": "x@example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert "That handle is taken." in response.content.decode()


def test_bad_sign_up_keeps_what_was_typed(client):
    response = client.post(
        "/accounts/signup",
        {
            "username": "no spaces allowed",
            "email": "kept@example.org",
            "password1": "a",
            "password2": "b",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="kept@example.org"' in html
    assert "A handle is 2 to 30 letters" in html


def test_sign_in_and_out(client, reader):
    response = client.post(
        "/accounts/login", {"username": "rhea", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert "Sign out" in client.get("/").content.decode()
    assert client.get("/accounts/logout").status_code == 405
    client.post("/accounts/logout")
    assert "Sign in" in client.get("/").content.decode()


def test_wrong_password_is_refused_with_a_message(client, reader):
    response = client.post("/accounts/login", {"username": "rhea", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct handle and password" in response.content.decode()


def test_repeated_failed_sign_ins_lock_the_handle_out_from_that_address(client, settings, reader):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post("/accounts/login", {"username": "rhea", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post(
        "/accounts/login", {"username": "rhea", "password": "correct horse battery"}
    )
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


def test_sign_ups_from_one_address_are_limited(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    codes = []
    for n in range(2):
        client.logout()
        codes.append(
            client.post(
                "/accounts/signup",
                {
                    "username": f"new{n}",
                    "email": f"new{n}@example.org",
                    "password1": "a long enough pass",
                    "password2": "a long enough pass",
                },
            ).status_code
        )
    assert codes == [302, 429]
