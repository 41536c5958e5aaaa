"""Two app servers sharing one PostgreSQL and one Redis show every reader the same wiki.

Production runs several gunicorn servers behind one address, so a person's requests land on
any of them. These tests start two real servers, A and B, in production mode (DEBUG off) on
the test database and a Redis database of their own, and check over plain HTTP that what is
done on A shows at once on B: an edit, a vote, a sign-in. A copy of a page that B keeps after
A changed it, or a cache key only the server that wrote it clears, fails them.

They need PostgreSQL and Redis, and skip without them.
"""

import re
import urllib.request

import pytest
from django.conf import global_settings
from django.db import connection

from tests import servers
from tests.factories import ExampleFactory
from tests.servers import AppServer, Browser
from wiki.models import Page

PASSWORD = "correct horse battery"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the scale-out tests need PostgreSQL (set DATABASE_URL), as production runs",
    ),
    # Committed for real, not rolled back at the end: the servers read it on connections
    # of their own, which never see a test's open transaction.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def app_servers(django_db_setup, tmp_path_factory):
    """Servers A and B, answering on the test database; stopped however the tests end."""
    reason = servers.redis_missing()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("scale_out")
    environment = servers.production_environment(workdir, connection.settings_dict)
    servers.collect_static(environment)
    started = []
    try:
        for name in "AB":
            started.append(AppServer(name, environment, workdir / f"{name}.log"))
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def a_and_b(app_servers):
    servers.flush_shared_cache()  # no cached page or rate-limit count from an earlier test
    return app_servers


@pytest.fixture
def eddie(editor, settings):
    """The trusted editor, with a password the servers can check: they hash as production
    does, not with the tests' fast MD5 hasher."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    editor.set_password(PASSWORD)
    editor.save()
    return editor


@pytest.fixture
def example():
    return ExampleFactory(
        trope__page__name="BigEater",
        work__page__name="MetallicRouge",
        work__page__body="An android hunts her own kind on Mars.",
    )


def sign_in(browser, server, user):
    page = browser.get(server.url + "/accounts/login")
    response = browser.submit(
        page.form("/accounts/login"), username=user.username, password=PASSWORD
    )
    assert response.status == 302, f"sign-in on {server.name} failed:\n{response.text}"


def test_an_edit_saved_on_one_server_shows_at_once_on_the_other(a_and_b, eddie, example):
    a, b = a_and_b
    work = example.work.page.get_absolute_url()
    reader, editor = Browser(), Browser()
    sign_in(editor, a, eddie)

    before = reader.get(b.url + work)  # B may now keep a copy
    assert before.status == 200
    assert "An android hunts her own kind on Mars." in before.text

    edit = editor.get(a.url + work + "/edit")
    saved = editor.submit(edit.form(work + "/edit"), body="Noe hunts androids across Mars.")
    assert saved.status == 302, saved.text  # eddie is trusted: the edit is live at once
    assert Page.objects.get(pk=example.work.page.pk).body == "Noe hunts androids across Mars."

    after = reader.get(b.url + work)
    assert after.status == 200
    assert "Noe hunts androids across Mars." in after.text, "B still shows the page before the edit"
    assert "An android hunts her own kind on Mars." not in after.text


def test_a_vote_cast_on_one_server_shows_at_once_on_the_other(a_and_b, eddie, example):
    a, b = a_and_b
    work = example.work.page.get_absolute_url()
    example_page = f"/examples/{example.pk}"
    reader, voter = Browser(), Browser()
    sign_in(voter, a, eddie)

    assert "Rate this example" in reader.get(b.url + work).text
    assert "No votes yet" in reader.get(b.url + example_page).text

    page = voter.get(a.url + example_page)
    voted = voter.submit(page.form(example_page + "/vote"), value="4")
    assert voted.status == 302, voted.text
    example.refresh_from_db()
    assert (example.rating_average, example.rating_count) == (4, 1)

    for path in (work, example_page):
        shown = reader.get(b.url + path)
        assert '<span class="score">4</span> (1 vote)' in shown.text, f"B shows {path} unrated"


def test_a_session_started_on_one_server_is_honoured_by_the_other(a_and_b, eddie):
    a, b = a_and_b
    browser = Browser()
    assert browser.get(b.url + "/accounts/settings").status == 302  # to the sign-in form

    sign_in(browser, a, eddie)

    settings_page = browser.get(b.url + "/accounts/settings")
    assert settings_page.status == 200
    assert "Your settings" in settings_page.text
    assert f'Handle: <a href="/user/{eddie.username}">{eddie.username}</a>' in settings_page.text


def test_static_files_are_compressed_with_hashed_names_and_kept_forever(a_and_b):
    a, _ = a_and_b
    home = Browser().get(a.url + "/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
    request = urllib.request.Request(a.url + stylesheet, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
