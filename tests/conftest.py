"""Shared fixtures: fast settings, and the named people every test can use."""

import pytest
from django.core.cache import cache, caches

from accounts import roles
from accounts.models import Ban
from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VOTE_MIN_ACCOUNT_AGE_HOURS = 0  # test accounts are minutes old
    settings.SITE_URL = "http://testserver"  # the test client's host: absolute links work in it
    cache.clear()
    caches["limits"].clear()  # rate-limit counters must not leak between tests


@pytest.fixture
def reader(db):
    """A signed-up reader with no special rights."""
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
    return with_role(UserFactory(username="mona"), Role.MODERATOR)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def banned_user(db):
    user = UserFactory(username="bart")
    Ban.objects.create(user=user, scope=Ban.Scope.SITE, reason="Vandalism")
    return user


def with_role(user, role):
    user.groups.add(roles.group(role))
    user.refresh_from_db()
    return user


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
