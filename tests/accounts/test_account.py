"""A member's own settings: preferences, a confirmed email address, and their password."""

import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import User
from tests.factories import ExampleFactory, TropeFactory, UserFactory, WorkFactory
from tropes import votes

pytestmark = pytest.mark.django_db


def link_in(message):
    """The path of the link in an email, which points at SITE_URL whatever host was asked."""
    return re.search(re.escape(settings.SITE_URL) + r"(\S+)", message.body).group(1)


def sign_up(client, handle="newbie"):
    return client.post(
        "/accounts/signup",
        {
            "username": handle,
            "email": f"{handle}@example.org",
            "password1": "a long enough pass",
            "password2": "a long enough pass",
        },
    )


def test_signing_up_sends_a_link_that_confirms_the_address(client):
    sign_up(client)
    user = User.objects.get(username="newbie")
    assert not user.email_confirmed
    response = client.get(link_in(mail.outbox[0]))
    assert "is confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed


def test_a_forged_confirmation_link_is_refused(client):
    response = client.get("/accounts/email/confirm/not-a-token")
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def test_changing_the_email_needs_the_password_and_a_new_confirmation(client, reader):
    client.force_login(reader)
    wrong = client.post("/accounts/email", {"email": "new@example.org", "password": "nope"})
    assert "That is not your password." in wrong.content.decode()
    client.post(
        "/accounts/email", {"email": "new@example.org", "password": "correct horse battery"}
    )
    reader.refresh_from_db()
    assert (reader.email, reader.email_confirmed) == ("new@example.org", False)
    assert mail.outbox[-1].to == ["new@example.org"]


def test_password_reset_goes_only_to_confirmed_addresses(client):
    UserFactory(username="sure", email="sure@example.org")
    UserFactory(username="unsure", email="unsure@example.org", email_confirmed=False)
    client.post("/accounts/password/reset", {"email": "unsure@example.org"})
    assert mail.outbox == []
    client.post("/accounts/password/reset", {"email": "sure@example.org"})
    reset = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = reset.redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "another long pass", "new_password2": "another long pass"}
    )
    assert User.objects.get(username="sure").check_password("another long pass")


def test_password_change(client, reader):
    client.force_login(reader)
    response = client.post(
        "/accounts/password",
        {
            "old_password": "correct horse battery",
            "new_password1": "a brand new pass",
            "new_password2": "a brand new pass",
        },
    )
    assert response["Location"] == "/accounts/password/done"
    reader.refresh_from_db()
    assert reader.check_password("a brand new pass")


def test_preferences_change_how_pages_read(client, reader):
    trope = TropeFactory(page__name="BigEater", page__body="[[folder:More]]\nInside.\n[[/folder]]")
    low = ExampleFactory(trope=trope, work=WorkFactory(page__title="Aaa"), text="Low.")
    high = ExampleFactory(trope=trope, work=WorkFactory(page__title="Zzz"), text="High.")
    votes.cast_vote(UserFactory(), low, 1)
    votes.cast_vote(UserFactory(), high, 5)
    client.force_login(reader)
    response = client.post(
        "/accounts/settings",
        {
            "theme": "dark",
            "show_spoilers": "on",
            "folders_open": "on",
            "example_sort": "rating",
        },
    )
    assert response["Location"] == "/accounts/settings"
    html = client.get("/Main/BigEater").content.decode()
    assert 'class="spoilers-shown folders-open"' in html
    assert html.index("High.") < html.index("Low.")


def test_settings_need_an_account(client):
    assert client.get("/accounts/settings")["Location"].startswith("/accounts/login")
