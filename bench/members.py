"""Signed-in members for the benchmark and the soak: a session made in the database as signing
in makes one, and a CSRF secret to send with every change."""

import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, group


class Member:
    def __init__(self, user_id, username, session_key, csrf):
        self.user_id = user_id
        self.username = username
        self.csrf = csrf
        self.headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        }


def trusted_editor(username):
    """A trusted editor of a year's standing named `username`, signed in."""
    return signed_in(username, Role.TRUSTED)


def signed_in(username, role=None):
    """A member of a year's standing named `username` (old enough to vote), signed in; with
    `role` (say Role.TRUSTED) they are given it, otherwise they are a new editor."""
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@tropewise.invalid",
            "email_confirmed": True,
            "date_joined": timezone.now() - timedelta(days=365),
        },
    )
    if role is not None:
        user.groups.add(group(role))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return Member(user.pk, user.username, session.session_key, secrets.token_hex(16))
