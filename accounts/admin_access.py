"""Admin pages whose rights come from roles rather than Django's model permissions."""

from accounts import roles


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

    def has_module_permission(self, request):
        return roles.has(request.user, self.permission)

    def has_view_permission(self, request, obj=None):
        return roles.has(request.user, self.permission)

    def has_change_permission(self, request, obj=None):
        return roles.has(request.user, self.permission)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
