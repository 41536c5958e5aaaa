"""Shared fixtures: fast settings, and the named people every test can use."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # rate-limit counters must not leak between tests


@pytest.fixture
def reader(db):
    """A signed-up reader with no special rights."""
    return UserFactory(username="rhea")


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie")


@pytest.fixture
def moderator(db):
    return UserFactory(username="mona", is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
