from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from amo.users.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("id",)
    list_display = ("id", "email", "username", "display_name", "is_staff", "deleted")
    list_filter = ("is_staff", "is_superuser", "is_active", "deleted")
    search_fields = ("email", "username", "display_name", "=id", "=amo_id")
    readonly_fields = ("created", "modified", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        ("Profile", {"fields": ("display_name", "homepage", "biography", "amo_id")}),
        (
            "Permissions",
            {"fields": ("is_active", "deleted", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("created", "modified", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "username", "password1", "password2"),
            },
        ),
    )
