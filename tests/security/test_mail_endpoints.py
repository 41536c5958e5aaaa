"""The site cannot be used to flood an address with mail, its answers do not tell which
addresses have accounts, and nobody can sign up with an address another account has."""

import pytest
from django.core import mail
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from accounts import mail as site_mail
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset"


def ask_reset(client, email, address="198.51.100.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_reset_mails_to_one_address_are_limited_from_any_number_of_clients(
    client, settings, reader
):
    settings.MAIL_RATE_LIMIT = 3
    codes = [ask_reset(client, "rhea@example.org", f"203.0.113.{n}").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_one_client_cannot_send_reset_mails_to_many_addresses(client, settings):
    settings.MAIL_RATE_LIMIT = 3
    for n in range(3):
        UserFactory(username=f"target{n}")
    codes = [ask_reset(client, f"target{n}@example.org").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "Too many password reset emails" in ask_reset(client, "x@example.org").content.decode()


def test_a_reset_asks_the_same_of_the_database_whether_or_not_the_address_has_an_account(
    client, reader
):
    with CaptureQueriesContext(connection) as known:
        known_answer = ask_reset(client, "rhea@example.org")
    with CaptureQueriesContext(connection) as unknown:
        unknown_answer = ask_reset(client, "nobody@example.org")
    assert len(known.captured_queries) == len(unknown.captured_queries)
    assert known_answer["Location"] == unknown_answer["Location"]


def test_mail_asked_for_during_a_request_goes_out_only_once_the_answer_is_finished():
    request_started.disconnect(close_old_connections)  # as the test client does
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        site_mail.send("Tropewise: hello", "Body", ["rhea@example.org"])
        assert mail.outbox == []  # the answer is still being written
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert [message.to for message in mail.outbox] == [["rhea@example.org"]]


def test_a_member_cannot_use_the_email_change_to_mail_many_addresses(reader_client, settings):
    settings.MAIL_RATE_LIMIT = 3
    codes = [
        reader_client.post(
            "/accounts/email",
            {"email": f"other{n}@example.org", "password": "correct horse battery"},
        ).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_links_in_reset_mails_point_at_the_site_whatever_host_was_asked(client, settings, reader):
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    settings.SITE_URL = "https://tropewise.example"
    client.post(RESET, {"email": "rhea@example.org"}, HTTP_HOST="alias.example")
    assert "https://tropewise.example/accounts/password/reset/" in mail.outbox[0].body
    assert "alias.example" not in mail.outbox[0].body


def test_sign_up_refuses_an_address_another_account_has(client, reader):
    response = client.post(
        "/accounts/signup",
        {
            "username": "impostor",
            "email": "RHEA@Example.org",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert "That address belongs to another account" in response.content.decode()
    assert not User.objects.filter(username="impostor").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "url, data",
    [
        (
            "/accounts/password",
            {
                "old_password": "guess",
                "new_password1": "N3w-pass-phrase!",
                "new_password2": "N3w-pass-phrase!",
            },
        ),
        ("/accounts/email", {"email": "new@example.org", "password": "guess"}),
    ],
)
def test_a_borrowed_session_cannot_guess_the_password_through_account_forms(
    client, reader, settings, url, data
):
    settings.LOGIN_FAILURE_LIMIT = 3
    client.force_login(reader)

    answers = [client.post(url, data).status_code for _ in range(5)]

    assert 429 not in answers[:3] and answers[3:] == [429, 429]
