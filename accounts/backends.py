"""How a request's member is loaded: with their role, in one query."""

from django.contrib.auth.backends import ModelBackend

from accounts import roles
from accounts.models import User


class MemberBackend(ModelBackend):
    """Django's ModelBackend, loading each request's member with their role: what the role
    allows is asked on nearly every page, and reading it from the member's groups was a
    query of its own (accounts.roles.role_of reads it from the row)."""

    def get_user(self, user_id):
        user = roles.with_role(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
