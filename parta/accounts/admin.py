from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from parta.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("organization",)


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "is_locked", "must_change_password", "is_superuser", "last_login")
    list_filter = ("is_locked", "must_change_password", "is_superuser", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Parta"), {"fields": ("must_change_password", "is_locked", "last_school")}),
    )
    inlines = (RoleAssignmentInline,)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__short_name")
    autocomplete_fields = ("user", "organization")
