"""Checking a permission at the top of a view."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts import roles


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
