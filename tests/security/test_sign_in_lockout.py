"""Sign-in protection: every spelling of a handle shares one budget, limits count the real
client behind the proxies, and failing for someone's handle never locks the owner out."""

import logging

import pytest

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


def sign_in(client, handle, password, address="198.51.100.1", **headers):
    client.logout()
    return client.post(
        "/accounts/login",
        {"username": handle, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_unicode_spellings_of_a_handle_share_its_failure_budget(client, settings, reader):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 5
    spellings = ["rhea", "ｒｈｅａ", "𝐫𝐡𝐞𝐚", "rｈea", "RHEA"]
    for n, handle in enumerate(spellings):  # one failure from each of five addresses
        assert sign_in(client, handle, "wrong", address=f"203.0.113.{n}").status_code == 200
    for n, handle in enumerate(spellings + ["𝐫hea"]):
        assert sign_in(client, handle, RIGHT, address=f"203.0.113.{n % 5}").status_code == 429


def test_every_spelling_counts_against_the_account_from_one_address(client, settings, reader):
    settings.LOGIN_FAILURE_LIMIT = 3
    for handle in ["ｒｈｅａ", "𝐫𝐡𝐞𝐚", "rｈea"]:
        sign_in(client, handle, "wrong")
    assert sign_in(client, "𝐫hea", RIGHT).status_code == 429


def test_a_handle_that_names_no_one_is_still_counted_by_its_normalised_form(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    sign_in(client, "ghost", "wrong")
    sign_in(client, "ｇｈｏｓｔ", "wrong")
    assert sign_in(client, "𝐠𝐡𝐨𝐬𝐭", "wrong").status_code == 429


def test_behind_a_proxy_failures_from_one_client_do_not_lock_out_everyone(client, settings, reader):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):
        sign_in(
            client, f"nobody{n}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    refused = sign_in(
        client, "nobody9", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    member = sign_in(
        client, "rhea", RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert member.status_code == 302


def test_addresses_a_client_writes_into_x_forwarded_for_are_ignored(client, settings, reader):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):  # the proxy appends the real address after the client's inventions
        sign_in(
            client,
            "rhea",
            "wrong",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5",
        )
    assert (
        sign_in(
            client, "rhea", RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5"
        ).status_code
        == 429
    )


# Too short to have come through two proxies, or no address where the first proxy writes one.
@pytest.mark.parametrize("forwarded", ["203.0.113.{n}", "not-an-address-{n}, 10.0.0.9"])
def test_a_header_that_did_not_come_through_every_proxy_counts_against_the_proxy(
    client, settings, reader, forwarded
):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):
        sign_in(
            client, "rhea", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded.format(n=n)
        )
    assert (
        sign_in(
            client, "rhea", RIGHT, address="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded.format(n=9)
        ).status_code
        == 429
    )
    assert (
        sign_in(
            client, "rhea", RIGHT, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.9"
        ).status_code
        == 302
    )


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, settings, reader):
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):
        sign_in(client, "rhea", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert sign_in(client, "rhea", RIGHT, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_nobody_can_lock_a_moderator_out_by_failing_for_their_handle(
    client, settings, moderator, caplog
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 10
    with caplog.at_level(logging.WARNING, logger="accounts.lockout"):
        for n in range(30):
            sign_in(client, "mona", "wrong", address=f"203.0.113.{n}")
    assert sign_in(client, "mona", RIGHT, address="192.0.2.44").status_code == 302
    assert "failed sign-ins to staff account mona" in caplog.text


def test_guessing_from_many_addresses_is_bounded(client, settings, reader):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 10
    addresses = [f"203.0.113.{n}" for n in range(20)]
    guesses = 0
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        for address in addresses:
            guesses += sign_in(client, "rhea", "wrong", address=address).status_code == 200
    # Past the account's limit, each address gets the one guess that makes it a failed one.
    assert guesses <= settings.LOGIN_ACCOUNT_FAILURE_LIMIT + len(addresses)
    assert sign_in(client, "rhea", RIGHT, address=addresses[0]).status_code == 429


def test_one_address_trying_many_handles_is_refused(client, settings, reader):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for n in range(4):
        sign_in(client, f"someone{n}", "wrong")
    assert sign_in(client, "rhea", RIGHT).status_code == 429
    assert sign_in(client, "rhea", RIGHT, address="192.0.2.9").status_code == 302
