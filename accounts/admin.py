from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "date_joined", "last_login", "is_staff", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Reading preferences", {"fields": ["show_spoilers", "theme"]}),
    ]
