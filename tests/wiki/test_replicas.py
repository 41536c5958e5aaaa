"""Read replicas: which database a request's queries go to."""

import copy

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from tests.factories import PageFactory
from tropewise.serving.replicas import READ_PRIMARY_COOKIE, REPLICA, replica_reads
from wiki.models import Follow, Page

HOME = "/"
THEME = "/accounts/preferences/theme"


# Transactional: inside the transaction a plain test runs in, every read goes to the primary,
# as it must.
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """A "replica" alias as DATABASE_REPLICA_URL configures it: a test mirror of the primary,
    reaching the test database over a connection of its own.

    Module-scoped so that it exists before each test's database setup checks the aliases
    the test declares.
    """
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {
        **copy.deepcopy(primary),
        "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
    }
    # What Django's test runner does for a mirror configured from the start.
    connections[REPLICA].creation.set_as_test_mirror(primary)
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings):
    """The replica's connection, with the router and middleware installed as settings do."""
    settings.DATABASE_ROUTERS = ["tropewise.serving.replicas.ReplicaRouter"]
    settings.MIDDLEWARE = ["tropewise.serving.replicas.replica_reads", *settings.MIDDLEWARE]
    return connections[REPLICA]


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_a_page_view_reads_from_the_replica(replica, reader_client):
    with queries_on(DEFAULT_DB_ALIAS) as primary, queries_on(REPLICA) as replicated:
        response = reader_client.get(HOME)
    assert response.status_code == 200
    assert len(replicated) > 0  # the session, the member, the page's own reads
    assert len(primary) == 0


def test_a_post_reads_and_writes_on_the_primary(replica, reader_client, reader):
    with queries_on(DEFAULT_DB_ALIAS) as primary, queries_on(REPLICA) as replicated:
        response = reader_client.post(THEME, {"theme": "dark"})
    assert response.status_code == 302
    assert len(replicated) == 0
    assert any(query["sql"].startswith("UPDATE") for query in primary)
    reader.refresh_from_db()
    assert reader.theme == "dark"


def test_after_a_change_the_client_reads_from_the_primary_for_a_few_seconds(
    replica, reader_client, settings
):
    response = reader_client.post(THEME, {"theme": "dark"})
    assert response.cookies[READ_PRIMARY_COOKIE]["max-age"] == settings.REPLICA_LAG_SECONDS

    with queries_on(REPLICA) as replicated:
        page = reader_client.get(HOME)
    assert 'data-theme="dark"' in page.content.decode()
    assert len(replicated) == 0

    del reader_client.cookies[READ_PRIMARY_COOKIE]  # the cookie expires
    with queries_on(REPLICA) as replicated:
        reader_client.get(HOME)
    assert len(replicated) > 0


@pytest.mark.parametrize("forged", ["1", "1:made:up"])
def test_a_read_primary_cookie_the_server_did_not_sign_is_ignored(replica, client, forged):
    client.cookies[READ_PRIMARY_COOKIE] = forged
    with queries_on(DEFAULT_DB_ALIAS) as primary, queries_on(REPLICA) as replicated:
        assert client.get(HOME).status_code == 200
    assert len(replicated) > 0 and len(primary) == 0


def test_a_read_primary_cookie_is_ignored_once_its_seconds_are_over(
    replica, reader_client, settings, monkeypatch
):
    import time

    reader_client.post(THEME, {"theme": "dark"})
    later = time.time() + settings.REPLICA_LAG_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with queries_on(REPLICA) as replicated:
        reader_client.get(HOME)  # the browser kept the cookie longer than it was told
    assert len(replicated) > 0


def test_a_refused_change_keeps_the_client_on_the_replica(replica, reader_client):
    response = reader_client.post(THEME, {"theme": "neon"})
    assert response.status_code == 400
    assert READ_PRIMARY_COOKIE not in response.cookies


def test_reads_inside_a_transaction_go_to_the_primary(replica, rf):
    def view(request):
        outside = router.db_for_read(Page)
        with transaction.atomic():
            inside = router.db_for_read(Page)
        return HttpResponse(f"{outside} {inside}")

    assert replica_reads(view)(rf.get(HOME)).content == b"replica default"


def test_outside_a_request_everything_goes_to_the_primary(replica):
    assert router.db_for_read(Page) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Page) == DEFAULT_DB_ALIAS


def test_only_the_primary_is_migrated(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "wiki", model_name="page")
    assert not router.allow_migrate(REPLICA, "wiki", model_name="page")


def test_an_object_read_from_the_replica_can_be_linked_to_one_on_the_primary(replica, reader):
    page = PageFactory()
    member = type(reader).objects.using(REPLICA).get(pk=reader.pk)
    Follow.objects.create(user=member, page=page)
    assert Follow.objects.filter(user=reader, page=page).exists()
