from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from accounts import roles
from accounts.admin_access import ReadOnlyAdmin
from accounts.models import Ban, ModeratorAction, User
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "date_joined", "last_login", "is_active"]
    list_filter = ["groups", "is_active", "date_joined"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Reading preferences", {"fields": ["show_spoilers", "theme"]}),
        ("Trust", {"fields": ["auto_trust"]}),
    ]
    inlines = [BanInline]
    actions = ["grant_trust", "remove_trust"]

    @admin.display(description="role")
    def role(self, user):
        return Role(roles.role_of(user)).label

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        # Only administrators hand out roles and rights; moderators change trust by action.
        if roles.has(request.user, roles.MANAGE_ROLES):
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "auto_trust",
                "last_login", "date_joined"]

    def has_grant_trust_permission(self, request):
        return roles.has(request.user, roles.GRANT_TRUST)

    @admin.action(description="Make the selected new editors trusted", permissions=["grant_trust"])
    def grant_trust(self, request, queryset):
        trusted = roles.group(Role.TRUSTED)
        changed = [user for user in queryset if roles.role_of(user) == Role.NEW_EDITOR]
        for user in changed:
            user.groups.add(trusted)
            ModeratorAction.record(request.user, ModeratorAction.Kind.GRANT_TRUST, user)
        messages.success(request, f"{len(changed)} editor(s) made trusted.")

    @admin.action(description="Remove trust from the selected editors", permissions=["grant_trust"])
    def remove_trust(self, request, queryset):
        trusted = roles.group(Role.TRUSTED)
        changed = [user for user in queryset if roles.role_of(user) == Role.TRUSTED]
        for user in changed:
            user.groups.remove(trusted)
            user.auto_trust = False  # or the next edit would grant it again
            user.save(update_fields=["auto_trust"])
            ModeratorAction.record(request.user, ModeratorAction.Kind.REMOVE_TRUST, user)
        messages.success(request, f"{len(changed)} editor(s) no longer trusted.")


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["user", "scope", "reason", "expires", "in_force", "created_by", "created"]
    list_filter = ["scope", "created"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__username", "reason"]
    autocomplete_fields = ["user"]
    actions = ["lift"]

    @admin.display(boolean=True, description="in force")
    def in_force(self, ban):
        return ban.lifted is None and (ban.expires is None or ban.expires > timezone.now())

    def has_module_permission(self, request):
        return roles.has(request.user, roles.BAN)

    def has_view_permission(self, request, obj=None):
        return roles.has(request.user, roles.BAN)

    def has_add_permission(self, request):
        return roles.has(request.user, roles.BAN)

    def has_change_permission(self, request, obj=None):
        return roles.has(request.user, roles.BAN) and obj is None  # a ban is lifted, not edited

    def has_delete_permission(self, request, obj=None):
        return False  # lifted bans stay on record

    def has_lift_permission(self, request):
        return roles.has(request.user, roles.BAN)

    def save_model(self, request, ban, form, change):
        ban.created_by = request.user
        super().save_model(request, ban, form, change)
        ModeratorAction.record(request.user, ModeratorAction.Kind.BAN, ban.user,
                               reason=f"{ban.get_scope_display()}. {ban.reason}")

    @admin.action(description="Lift the selected bans", permissions=["lift"])
    def lift(self, request, queryset):
        lifted = 0
        for ban in queryset.filter(lifted=None).select_related("user"):
            ban.lifted = timezone.now()
            ban.save(update_fields=["lifted"])
            ModeratorAction.record(request.user, ModeratorAction.Kind.LIFT_BAN, ban.user)
            lifted += 1
        messages.success(request, f"{lifted} ban(s) lifted.")


@admin.register(ModeratorAction)
class ModeratorActionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The moderation log: read-only, for moderators and for the record."""

    list_display = ["created", "actor", "kind", "target", "reason"]
    list_filter = ["kind", "created"]
    list_select_related = ["actor"]
    search_fields = ["target", "reason", "actor__username"]
    date_hierarchy = "created"
