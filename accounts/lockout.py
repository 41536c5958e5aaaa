"""Sign-in protection that bounds password guessing without letting anyone lock a member out.

Each failed sign-in is counted three ways for PERIOD (15 minutes):

* for the account from this address: LOGIN_FAILURE_LIMIT failures refuse this address for
  this account;
* from this address, whatever the accounts: LOGIN_ADDRESS_FAILURE_LIMIT failures refuse this
  address (one client trying many handles);
* for the account, from every address: once LOGIN_ACCOUNT_FAILURE_LIMIT failures have come in,
  every address that has failed at least once for the account is refused for it.

An address that has not failed for an account is never refused on the account's behalf, so
the owner signing in with the right password from their own address gets in however many
guesses others make, and nobody can lock a member out. A guesser spread over many addresses
gets at most LOGIN_ACCOUNT_FAILURE_LIMIT guesses an account per period, plus one for each
address they bring. Addresses come from `ratelimit.client_ip`, which honours
TRUSTED_PROXY_COUNT.

The account is the user the handle names, found as authentication finds it (NFKC, case
ignored), so every spelling of a handle shares one count; a handle that names no one is
counted by its normalised form. A staff account passing its limit logs a warning.
"""

import hashlib
import logging
import unicodedata

from django.conf import settings
from django.http import HttpRequest

from accounts import ratelimit
from accounts.models import User
from accounts.roles import Role, role_of

PERIOD = 15 * 60
SCOPE = "login-failure"
HANDLE_MAX = User._meta.get_field("username").max_length

logger = logging.getLogger(__name__)


class SignIn:
    """One sign-in attempt: whether it is refused, and what a failure counts against."""

    def __init__(self, request: HttpRequest) -> None:
        handle = normalised_handle(request.POST.get("username", ""))
        self.user = account_named(handle)
        self.address = f"ip:{ratelimit.client_ip(request)}"
        if self.user is not None:
            self.account = f"user:{self.user.pk}"
        else:  # hashed: any text may be typed, and cache keys want plain characters
            self.account = "handle:" + hashlib.sha256(handle.encode()).hexdigest()[:32]
        self.account_here = f"{self.account}:{self.address}"

    def refused(self) -> bool:
        failed_here = _count(self.account_here)
        return (
            failed_here >= settings.LOGIN_FAILURE_LIMIT
            or _count(self.address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
            or (failed_here > 0 and _count(self.account) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT)
        )

    def failed(self) -> None:
        ratelimit.hit(SCOPE, self.account_here, PERIOD)
        ratelimit.hit(SCOPE, self.address, PERIOD)
        failures = ratelimit.hit(SCOPE, self.account, PERIOD)
        if failures == settings.LOGIN_ACCOUNT_FAILURE_LIMIT and is_staff(self.user):
            logger.warning(
                "%s failed sign-ins to staff account %s in %s minutes; the last from %s",
                failures,
                self.user,
                PERIOD // 60,
                self.address[3:],
            )


def normalised_handle(text: str) -> str:
    """The handle as authentication compares it: NFKC (as Django's sign-in form applies), any
    case."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def account_named(handle: str) -> User | None:
    if not handle or (HANDLE_MAX is not None and len(handle) > HANDLE_MAX):
        return None
    return User.objects.filter(username__iexact=handle).first()


def is_staff(user: User | None) -> bool:
    return user is not None and (user.is_staff or role_of(user) >= Role.MODERATOR)


def _count(key: str) -> int:
    return ratelimit.count(SCOPE, key, PERIOD)
