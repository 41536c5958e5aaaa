"""Signing members in: each request reads the member with their role and any ban in force.

Django's backend reads the member alone; the role (from their groups) and their ban were then
two more queries on every signed-in request. Here they come as two subqueries of the same row.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

from accounts import roles
from accounts.models import Ban, User


def _role_rank():
    """The highest rank among the member's role groups (none: a new editor)."""
    ranks = (
        User.groups.through.objects.filter(user=OuterRef("pk"))
        .annotate(
            rank=Case(
                *(
                    When(group__name=name, then=Value(int(role)))
                    for role, name in roles.GROUPS.items()
                ),
                default=Value(int(roles.Role.NEW_EDITOR)),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank")
        .values("rank")[:1]
    )
    return Subquery(ranks, output_field=IntegerField())


def _ban_in_force():
    bans = Ban.objects.in_force().filter(user=OuterRef("pk")).values("pk")[:1]
    return Subquery(bans)


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            User._default_manager.annotate(role_rank=_role_rank(), ban_in_force=_ban_in_force())
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        roles.remember(user, user.role_rank, banned=user.ban_in_force is not None)
        return user
