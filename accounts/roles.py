"""Who may do what.

A role is a Django group (created by a data migration), so the admin shows and
edits it like any group; what each role may do is written here, once. Every
view and admin action asks `refusal(user, permission)` before acting.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.IntegerChoices):
    """Ordered: each role may do everything the ones below it may."""

    READER = 0, "Reader"
    NEW_EDITOR = 1, "New editor"
    TRUSTED = 2, "Trusted editor"
    MODERATOR = 3, "Moderator"
    ADMINISTRATOR = 4, "Administrator"


GROUPS = {
    Role.NEW_EDITOR: "New editors",
    Role.TRUSTED: "Trusted editors",
    Role.MODERATOR: "Moderators",
    Role.ADMINISTRATOR: "Administrators",
}

# Permissions.
EDIT = "edit"  # propose changes; below trusted they wait for review
EDIT_LIVE = "edit_live"  # changes to open and semi-protected pages go live at once
EDIT_LOCKED = "edit_locked"  # changes to locked pages go live at once
UPLOAD = "upload"
VOTE = "vote"
REPORT = "report"
REVIEW = "review"  # approve and reject pending changes
PROTECT = "protect"
RESOLVE_REPORTS = "resolve_reports"
BAN = "ban"
ROLLBACK = "rollback"
GRANT_TRUST = "grant_trust"
PURGE_VOTES = "purge_votes"
MANAGE_ROLES = "manage_roles"  # make moderators and administrators
TROPE_KIND = "trope_kind"  # make a trope a YMMV or trivia trope, which moves its examples
EXAMPLE_RULES = "example_rules"  # say whether a trope takes examples, and where they show
DISCUSS = "discuss"  # open threads and post in page discussions
MODERATE_DISCUSSIONS = "moderate_discussions"  # hide posts; lock, pin, move, resolve threads
REPAIR = "repair"  # decide repair cases; cut, restore and merge pages
CREATE_IN_MAIN = "create_in_main"  # create a trope page directly, not through the launch pad
STEER_LAUNCHES = "steer_launches"  # hold launch-pad drafts, announce and launch any of them

ALLOWED = {
    Role.READER: set(),
    Role.NEW_EDITOR: {EDIT, UPLOAD, VOTE, REPORT, DISCUSS},
    Role.TRUSTED: {EDIT_LIVE, TROPE_KIND},
    Role.MODERATOR: {
        EDIT_LOCKED,
        EXAMPLE_RULES,
        REVIEW,
        PROTECT,
        RESOLVE_REPORTS,
        BAN,
        ROLLBACK,
        GRANT_TRUST,
        PURGE_VOTES,
        MODERATE_DISCUSSIONS,
        REPAIR,
        CREATE_IN_MAIN,
        STEER_LAUNCHES,
    },
    Role.ADMINISTRATOR: {MANAGE_ROLES},
}

# What each kind of ban takes away, whatever the role; a ban never stops anyone reading.
# A site ban takes every permission, a moderator's and an administrator's included.
BANNED_FROM = {
    "edit": {EDIT, EDIT_LIVE, EDIT_LOCKED, UPLOAD},
    "site": set().union(*ALLOWED.values()),
}


def group(role):
    """The group that stands for `role` (made again, with its admin permissions, if someone
    deleted it)."""
    from django.contrib.auth.models import Group  # accounts.models imports this module

    found, created = Group.objects.get_or_create(name=GROUPS[role])
    if created and role == Role.MODERATOR:
        give_admin_permissions(found)
    return found


def give_admin_permissions(moderators):
    """Moderators may manage content and bans in the admin; accounts and the log they only
    read."""
    from django.contrib.auth.models import Permission

    moderators.permissions.add(
        *Permission.objects.filter(
            models.Q(content_type__app_label__in=["wiki", "tropes"])
            | models.Q(
                content_type__app_label="accounts",
                codename__in=[
                    "view_user",
                    "view_ban",
                    "add_ban",
                    "change_ban",
                    "view_moderatoraction",
                ],
            )
        )
    )


def role_of(user):
    """The user's role, from their groups; every active account is at least a new editor."""
    if not user.is_authenticated or not user.is_active:
        return Role.READER
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if not hasattr(user, "_role"):
        names = {name: role for role, name in GROUPS.items()}
        roles = [names[g] for g in user.groups.values_list("name", flat=True) if g in names]
        user._role = max(roles, default=Role.NEW_EDITOR)
    return user._role


def remember(user, rank, banned):
    """Keep the role and ban read with `user` (see accounts.backends), saving a query each."""
    user._role = Role.NEW_EDITOR if rank is None else Role(rank)
    if not banned:
        user._active_ban = None  # a member with a ban has it read when it matters


def permissions_of(role):
    return set().union(*(ALLOWED[lower] for lower in Role if lower <= role))


def has(user, permission):
    """Whether the user's role allows `permission`, bans aside."""
    return permission in permissions_of(role_of(user))


def outranks(user, other):
    """Whether `user` may use a staff power (a ban, trust) on `other`: only on lower roles."""
    return role_of(user) > role_of(other)


def site_banned(user):
    """Whether a site ban is in force on `user`: it shuts them out of the admin too."""
    ban = user.active_ban() if user.is_authenticated else None
    return ban is not None and ban.scope == "site"


def refusal(user, permission):
    """Why the user may not do `permission` now, or "" if they may."""
    if user.is_authenticated:  # a ban is the reason that matters most to the user
        ban = user.active_ban()
        if ban is not None and permission in BANNED_FROM[ban.scope]:
            return ban.explanation()
    if not has(user, permission):
        if not user.is_authenticated:
            return "Sign in first."
        if permission == EDIT_LIVE:
            return (
                "Only trusted editors can do this. Editors become trusted after "
                f"{settings.TRUST_AFTER_EDITS} approved edits over "
                f"{settings.TRUST_AFTER_DAYS} days."
            )
        return "Your role does not allow this."
    if permission == VOTE and not old_enough_to_vote(user):
        hours = settings.VOTE_MIN_ACCOUNT_AGE_HOURS
        return f"Accounts can vote once they are {hours} hours old."
    return ""


def old_enough_to_vote(user):
    age = timezone.now() - user.date_joined
    return age.total_seconds() >= settings.VOTE_MIN_ACCOUNT_AGE_HOURS * 3600
