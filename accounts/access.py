"""Checking a permission, and counting a write against its rate limit, at the top of a view."""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import ratelimit, roles


def requires(permission):
    """Let the view run only for a user allowed `permission` now (role, bans, account age).

    Anonymous users are sent to sign in; anyone else refused gets a 403 that
    says why (a ban's reason and end, say).
    """

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, permission)
            return view(request, *args, **kwargs)

        return checked

    return decorator


def check(user, permission):
    """Raise PermissionDenied with the reason if `user` may not do `permission`."""
    reason = roles.refusal(user, permission)
    if reason:
        raise PermissionDenied(reason)


def member_below(user, handle):
    """The member named `handle`, on whom `user` may use a staff power (rollback, vote
    purge): 404 if nobody has that handle, 403 unless their role is below the user's."""
    member = get_object_or_404(get_user_model(), username__iexact=handle)
    if not roles.outranks(user, member):
        raise PermissionDenied(f"{member} has a role as high as yours: ask an administrator.")
    return member


def rate_limited(scope, limit_setting, what, refused=ratelimit.too_many_requests):
    """Count each POST of a signed-in member in `scope`; past the setting's limit a minute, 429.

    Every view that changes something wears this, so a new one cannot forget its limit. It
    also answers `ratelimit.Exceeded` raised further in (too many changes waiting for review,
    say). `refused(request, what, why)` makes the answer: an HTML page unless the view's
    callers expect something else. Anonymous POSTs are not counted: the view sends them to
    sign in, and one shared count would let anyone lock everyone else out.
    """

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            try:
                if request.method == "POST" and request.user.is_authenticated:
                    limit = getattr(settings, limit_setting)
                    if not ratelimit.allow(scope, request.user.pk, limit):
                        raise ratelimit.Exceeded(what)
                return view(request, *args, **kwargs)
            except ratelimit.Exceeded as refusal:
                return refused(request, refusal.what, refusal.why)

        limited.rate_limit_scope = scope  # kept by outer decorators: tests find unlimited views
        return limited

    return decorator


def password_checks_limited(view):
    """Forms that ask for the member's password (email and password changes) allow
    LOGIN_FAILURE_LIMIT tries a minute: a borrowed session must not become a password
    guesser."""
    return rate_limited("password-check", "LOGIN_FAILURE_LIMIT", "password checks")(view)


def edits_limited(view):
    """The limit most changes share (edits, examples, moves, follows…): EDIT_RATE_LIMIT a minute."""
    return rate_limited("edit", "EDIT_RATE_LIMIT", "changes")(view)
