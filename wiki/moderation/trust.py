"""New editors become trusted by themselves once they have shown good faith for long enough."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts import roles
from accounts.models import ModeratorAction, User
from accounts.roles import Role
from wiki import revisions


def promote_if_due(user: User) -> bool:
    """Make `user` a trusted editor if their edits and account age now qualify; say if so."""
    if roles.role_of(user) != Role.NEW_EDITOR or not user.auto_trust:
        return False
    if timezone.now() - user.date_joined < timedelta(days=settings.TRUST_AFTER_DAYS):
        return False
    edits = revisions.edit_count(user)
    if edits < settings.TRUST_AFTER_EDITS:
        return False
    user.groups.add(roles.group(Role.TRUSTED))
    ModeratorAction.record(
        None,
        ModeratorAction.Kind.GRANT_TRUST,
        user,
        reason=f"Automatic: {edits} edits in {settings.TRUST_AFTER_DAYS}+ days.",
    )
    return True
