from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.dispatch import Signal, receiver

from accounts import roles
from accounts.models import User
from accounts.roles import Role, role_of

# Sent, with user_ids=[…], by code that changes what members own by a queryset update, which
# sends no model signal: what pages show of them alone has changed (wiki.own_stamps).
members_changed = Signal()


@receiver(post_save, sender=User)
def join_new_editors(sender, instance, created, raw=False, **kwargs):
    # However an account is made (sign-up, admin, command line), it starts as a new editor.
    if created and not raw:
        instance.groups.add(roles.group(Role.NEW_EDITOR))


@receiver(m2m_changed, sender=User.groups.through)
def moderators_use_the_admin(sender, instance, action, **kwargs):
    """Moderators work in the Django admin, which needs `is_staff`; it follows the role."""
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    instance.__dict__.pop("_role", None)
    staff = instance.is_superuser or role_of(instance) >= Role.MODERATOR
    if instance.is_staff != staff:
        instance.is_staff = staff
        instance.save(update_fields=["is_staff"])


@receiver(post_migrate)
def give_moderators_their_admin(sender, **kwargs):
    """Model permissions exist only once each app has migrated, so this runs after every
    app's migrations (and after a flush, which empties the groups too); adding what is
    already there does nothing."""
    roles.give_admin_permissions(roles.group(Role.MODERATOR))
