from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.http import HttpRequest

from amo.addons.models import AddonUser
from amo.core.admin import InvalidatingModelAdmin
from amo.search import documents
from amo.users.models import APIKey, User


def _authored_addons(users: QuerySet[User] | list[User]) -> list[int]:
    # From the primary, inside the admin's transaction.
    authors = AddonUser.objects.using("default").filter(user__in=users)
    return list(authors.values_list("addon_id", flat=True))


@admin.register(User)
class UserAdmin(InvalidatingModelAdmin, DjangoUserAdmin):
    ordering = ("id",)
    list_display = ("id", "email", "username", "display_name", "is_staff", "deleted")
    list_filter = ("is_staff", "is_superuser", "is_active", "deleted", "groups")
    search_fields = ("email", "username", "display_name", "=id", "=amo_id")
    readonly_fields = ("created", "modified", "last_login", "email_confirmed")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "homepage",
                    "biography",
                    "picture_hash",
                    "amo_id",
                    "read_dev_agreement",
                )
            },
        ),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "deleted",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (
            "Dates",
            {"fields": ("created", "modified", "last_login", "email_confirmed")},
        ),
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

    # The search documents of a user's add-ons contain the user's name.
    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        documents.refresh(_authored_addons([obj]))

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        authored = _authored_addons([obj])
        super().delete_model(request, obj)
        documents.refresh(authored)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        authored = _authored_addons(queryset)
        super().delete_queryset(request, queryset)
        documents.refresh(authored)


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    """API keys; the secret is never shown, in the list or the form."""

    list_display = ("id", "key", "user", "is_active", "created", "revoked")
    list_filter = ("is_active",)
    search_fields = ("key", "user__email", "user__username", "=user__id")
    raw_id_fields = ("user",)
    exclude = ("secret",)
    readonly_fields = ("key", "created")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Keys are made on the API keys page or by `amo createapikey`,
        # which hand the secret to its owner.
        return False


# Django's own models, for staff who audit permissions, sessions and
# what other staff changed here.


@admin.register(Permission)
class PermissionAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "codename", "content_type")
    list_filter = ("content_type__app_label",)
    search_fields = ("name", "codename", "content_type__app_label")


@admin.register(ContentType)
class ContentTypeAdmin(admin.ModelAdmin):
    list_display = ("id", "app_label", "model")
    list_filter = ("app_label",)
    search_fields = ("app_label", "model")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions by key and expiry; their data (signed, opaque) stays out."""

    list_display = ("session_key", "expire_date")
    search_fields = ("=session_key",)
    exclude = ("session_data",)
    readonly_fields = ("session_key", "expire_date")
    date_hierarchy = "expire_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The admin's own log of changes, read-only."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
    list_filter = ("action_flag", "content_type__app_label")
    search_fields = ("object_repr", "change_message", "user__email")
    raw_id_fields = ("user",)
    date_hierarchy = "action_time"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
