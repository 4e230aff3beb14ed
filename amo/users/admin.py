from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from amo.addons.models import AddonUser
from amo.core.admin import InvalidatingModelAdmin
from amo.search import documents
from amo.users.models import User


def _authored_addons(users: QuerySet[User] | list[User]) -> list[int]:
    # From the primary, inside the admin's transaction.
    authors = AddonUser.objects.using("default").filter(user__in=users)
    return list(authors.values_list("addon_id", flat=True))


@admin.register(User)
class UserAdmin(InvalidatingModelAdmin, DjangoUserAdmin):
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
