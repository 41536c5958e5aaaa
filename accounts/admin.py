from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.admin_access import ReadOnlyAdmin
from accounts.models import Ban, ModeratorAction, OutgoingMail, User
from accounts.roles import Role


class BanInline(admin.TabularInline):
    model = Ban
    fk_name = "user"
    extra = 0
    fields = ["scope", "reason", "expires", "lifted", "created_by", "created"]
    readonly_fields = ["scope", "reason", "expires", "lifted", "created_by", "created"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # bans are given from the Bans page, which logs them


def administers(request):
    """Whether the request comes from an administrator, free of bans that would stop them."""
    return not roles.refusal(request.user, roles.MANAGE_ROLES)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are the administrators' to change; moderators see those below them, to trust."""

    list_display = ["username", "email", "role", "date_joined", "last_login", "is_active"]
    list_filter = ["groups", "is_active", "date_joined"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Reading preferences", {"fields": ["show_spoilers", "theme"]}),
        ("Trust", {"fields": ["auto_trust"]}),
    ]
    # What a moderator sees of an account: no address, no password, nothing to type into.
    moderator_fieldsets = [
        (None, {"fields": ["username", "is_active", "is_staff", "is_superuser", "groups"]}),
        ("Trust", {"fields": ["auto_trust"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [BanInline]
    actions = ["grant_trust", "remove_trust"]

    @admin.display(description="role")
    def role(self, user):
        return Role(roles.role_of(user)).label

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_view_permission(self, request, obj=None):
        if administers(request):
            return True
        # Moderators open the accounts they may act on: those below their own role.
        trusts = not roles.refusal(request.user, roles.GRANT_TRUST)
        return trusts and (obj is None or roles.outranks(request.user, obj))

    def has_add_permission(self, request):
        return administers(request)

    def has_change_permission(self, request, obj=None):
        return administers(request)  # handles, addresses, passwords and roles

    def has_delete_permission(self, request, obj=None):
        return administers(request) and super().has_delete_permission(request, obj)

    def get_list_display(self, request):
        if administers(request):
            return self.list_display
        return [field for field in self.list_display if field != "email"]

    def get_search_fields(self, request):
        # Searching by address would tell a moderator who owns it; the ban form's search too.
        return self.search_fields if administers(request) else ["username"]

    def get_fieldsets(self, request, obj=None):
        if administers(request):
            return super().get_fieldsets(request, obj)
        return self.moderator_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if administers(request):
            return super().get_readonly_fields(request, obj)
        return [
            "username",
            "email",
            "is_active",
            "password",
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
            "auto_trust",
            "last_login",
            "date_joined",
        ]

    def user_change_password(self, request, id, form_url=""):
        if not administers(request):
            raise PermissionDenied("Only administrators set passwords.")
        return super().user_change_password(request, id, form_url)

    def has_grant_trust_permission(self, request):
        return not roles.refusal(request.user, roles.GRANT_TRUST)

    # Both actions touch only editors, who rank below every moderator.
    @admin.action(description="Make the selected new editors trusted", permissions=["grant_trust"])
    def grant_trust(self, request, queryset):
        trusted = roles.group(Role.TRUSTED)
        changed = [user for user in queryset if roles.role_of(user) == Role.NEW_EDITOR]
        with transaction.atomic():  # each change is logged, and all are made or none
            for user in changed:
                user.groups.add(trusted)
                ModeratorAction.record(request.user, ModeratorAction.Kind.GRANT_TRUST, user)
        messages.success(request, f"{len(changed)} editor(s) made trusted.")

    @admin.action(description="Remove trust from the selected editors", permissions=["grant_trust"])
    def remove_trust(self, request, queryset):
        trusted = roles.group(Role.TRUSTED)
        changed = [user for user in queryset if roles.role_of(user) == Role.TRUSTED]
        with transaction.atomic():  # each change is logged, and all are made or none
            for user in changed:
                user.groups.remove(trusted)
                user.auto_trust = False  # or the next edit would grant it again
                user.save(update_fields=["auto_trust"])
                ModeratorAction.record(request.user, ModeratorAction.Kind.REMOVE_TRUST, user)
        messages.success(request, f"{len(changed)} editor(s) no longer trusted.")


OUTRANKED = "You can only ban members whose role is below yours, and never yourself."


class BanForm(forms.ModelForm):
    actor = None  # who gives the ban, set for each request by BanAdmin.get_form

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not roles.outranks(self.actor, user):
            raise forms.ValidationError(OUTRANKED)
        return user


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    form = BanForm
    list_display = ["user", "scope", "reason", "expires", "in_force", "created_by", "created"]
    list_filter = ["scope", "created"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__username", "reason"]
    autocomplete_fields = ["user"]
    actions = ["lift"]

    @admin.display(boolean=True, description="in force")
    def in_force(self, ban):
        return ban.lifted is None and (ban.expires is None or ban.expires > timezone.now())

    def bans(self, request):
        return not roles.refusal(request.user, roles.BAN)  # banned moderators ban no one

    def has_module_permission(self, request):
        return self.bans(request)

    def has_view_permission(self, request, obj=None):
        return self.bans(request)

    def has_add_permission(self, request):
        return self.bans(request)

    def has_change_permission(self, request, obj=None):
        return self.bans(request) and obj is None  # a ban is lifted, not edited

    def has_delete_permission(self, request, obj=None):
        return False  # lifted bans stay on record

    def has_lift_permission(self, request):
        return self.bans(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class made for this request
        form.actor = request.user
        return form

    def save_model(self, request, ban, form, change):
        ban.created_by = request.user
        super().save_model(request, ban, form, change)
        ModeratorAction.record(
            request.user,
            ModeratorAction.Kind.BAN,
            ban.user,
            reason=f"{ban.get_scope_display()}. {ban.reason}",
        )

    @admin.action(description="Lift the selected bans", permissions=["lift"])
    def lift(self, request, queryset):
        bans = list(queryset.filter(lifted=None).select_related("user"))
        beyond = sorted(
            {str(ban.user) for ban in bans if not roles.outranks(request.user, ban.user)}
        )
        if beyond:  # their own ban, or a ban given to an equal or higher role
            raise PermissionDenied(
                "You can only lift the bans of members whose role is below "
                f"yours, and never your own: {', '.join(beyond)}."
            )
        with transaction.atomic():  # each lift is logged, and all are lifted or none
            for ban in bans:
                ban.lifted = timezone.now()
                ban.save(update_fields=["lifted"])
                ModeratorAction.record(request.user, ModeratorAction.Kind.LIFT_BAN, ban.user)
        messages.success(request, f"{len(bans)} ban(s) lifted.")


@admin.register(ModeratorAction)
class ModeratorActionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The moderation log: read-only, for moderators and for the record."""

    list_display = ["created", "actor", "kind", "target", "reason"]
    list_filter = ["kind", "created"]
    list_select_related = ["actor"]
    search_fields = ["target", "reason", "actor__username"]
    date_hierarchy = "created"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Mail waiting to be sent, and mail given up, for staff to see when the mail server fails.
    Never the bodies (they may carry a password-reset link); the addresses only to
    administrators, as on the accounts."""

    list_display = ["created", "subject", "status", "attempts", "next_attempt", "last_error"]
    list_filter = ["status", "created"]
    search_fields = ["subject"]
    date_hierarchy = "created"
    fields = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "next_attempt",
        "last_error",
        "created",
        "finished",
    ]

    def has_module_permission(self, request):
        return roles.role_of(request.user) >= Role.MODERATOR

    def has_view_permission(self, request, obj=None):
        return roles.role_of(request.user) >= Role.MODERATOR

    def get_fields(self, request, obj=None):
        if administers(request):
            return self.fields
        return [field for field in self.fields if field != "recipients"]
