"""Test settings, and the people every test can use.

The cast: an anonymous reader is the test client with no one signed in; `reader`, a member
who signs in to read, vote, follow and report; `new_editor`, whose changes wait for review;
`editor`, a trusted editor, whose changes go live; `moderator` (and `other_moderator`);
`admin_user`; and `banned_user`. A test that needs another person of one of these kinds makes
one with `UserFactory`.
"""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test.utils import override_settings

from accounts.models import Ban
from accounts.roles import Role
from tests.factories import UserFactory
from tests.helpers import with_role

# Whatever REDIS_URL says, the tests' caches live in this process: clearing them between tests
# must never empty a real Redis. Tests that need Redis name it themselves (security/kept_pages).
TEST_SETTINGS = override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "limits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "limits",
        },
    },
    PAGE_STAMPS_SHARED=False,  # no cache is shared with another process
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    VOTE_MIN_ACCOUNT_AGE_HOURS=0,  # test accounts are minutes old
    SITE_URL="http://testserver",  # the test client's host: absolute links work in it
)


def pytest_configure(config):
    TEST_SETTINGS.enable()
    # Tests build whole wikis in single statements no web request makes (and share two cores):
    # they run without the web's statement timeout, which test_database_outage.py tests apart.
    # In place, before any connection opens: overriding DATABASES would not reach them.
    for database in settings.DATABASES.values():
        if "options" in database.get("OPTIONS", {}):
            database["OPTIONS"]["options"] = "-c statement_timeout=0"


def pytest_unconfigure(config):
    TEST_SETTINGS.disable()


# Modules whose tests share something beyond their own database. Under xdist (`make test`)
# each group runs on one worker: what is built once per module is built once (the demo, the
# big wiki, the app servers), and no two workers empty each other's Redis databases.
SHARED_BY_MODULE = {
    "test_demo.py": "the demo",
    "test_pagination_cost.py": "the big wiki",
    "test_cache_flooding.py": "redis databases 13 and 14",
    "test_kept_pages_rules.py": "redis databases 13 and 14",
    "test_database_outage.py": "redis databases 13 and 14",
    "test_own_copies.py": "redis databases 13 and 14",
    "test_search_replay.py": "redis databases 13 and 14",
    "test_backup_restore.py": "the demo, dumped and restored",
    "test_dump_round_trip.py": "the demo, exported and imported",
    "test_scale_out.py": "app servers and redis database 15",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Every other test goes to whichever worker is free; all are handed out in the order
    pytest-django gives them, so on each worker the tests that empty the database when they
    end (transactional ones) come after those that need what migrations left there."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedByModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::")[0].rsplit("/", 1)[-1]
            return SHARED_BY_MODULE.get(module, nodeid)

    config.option.loadscopereorder = False
    return SharedByModuleScheduling(config, log)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    caches["limits"].clear()  # rate-limit counters must not leak between tests


@pytest.fixture
def reader(db):
    """A member who signs in to read: to vote, follow, report and set preferences. Any member
    may edit, so by rights a new editor; a person of their own, so that a test can have both."""
    return UserFactory(username="rhea")


@pytest.fixture
def new_editor(db):
    """Just signed up: their changes wait for review."""
    return UserFactory(username="nina")


@pytest.fixture
def editor(db):
    """A trusted editor: their changes go live at once."""
    return with_role(UserFactory(username="eddie"), Role.TRUSTED)


@pytest.fixture
def moderator(db):
    """Reviews held changes, reports and members below them; opens the admin."""
    return with_role(UserFactory(username="mona"), Role.MODERATOR)


@pytest.fixture
def other_moderator(db):
    """A second moderator, for what moderators may do to each other."""
    return with_role(UserFactory(username="otto"), Role.MODERATOR)


@pytest.fixture
def admin_user(db):
    """A superuser: everything a moderator may do, and the accounts of staff too."""
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def banned_user(db):
    """Banned from the whole site: may sign in, read and follow pages; not edit, vote or report."""
    user = UserFactory(username="bart")
    Ban.objects.create(user=user, scope=Ban.Scope.SITE, reason="Vandalism")
    return user


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
