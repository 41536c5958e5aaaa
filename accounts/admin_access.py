"""The admin's doors: who gets in at all, and admin pages whose rights come from roles."""

from django.contrib import admin

from accounts import roles


class StaffSite(admin.AdminSite):
    """The Django admin, closed to anyone under a site ban whatever their role."""

    def has_permission(self, request):
        return super().has_permission(request) and not roles.site_banned(request.user)

    def login(self, request, extra_context=None):
        # A banned moderator is sent here like anyone refused; tell them why.
        if roles.site_banned(request.user):
            extra_context = {
                **(extra_context or {}),
                "ban": request.user.active_ban().explanation(),
            }
        return super().login(request, extra_context)


class ReadOnlyAdmin:
    """Records that change only through the site's own functions, or never."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoleAdmin:
    """A moderation queue open to the roles allowed `permission`; nothing is added or deleted."""

    permission = None

    def allowed(self, request):
        return not roles.refusal(request.user, self.permission)  # a ban counts too

    def has_module_permission(self, request):
        return self.allowed(request)

    def has_view_permission(self, request, obj=None):
        return self.allowed(request)

    def has_change_permission(self, request, obj=None):
        return self.allowed(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContentAdmin:
    """Wiki content: Django's model permissions say who, and an edit ban takes them away."""

    def may_edit(self, request):
        return not roles.refusal(request.user, roles.EDIT_LOCKED)

    def has_add_permission(self, request):
        return self.may_edit(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request) and super().has_delete_permission(request, obj)
