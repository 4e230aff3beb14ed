"""The catalogue in Django's admin.

Saving or deleting anything that a search document contains (an add-on's
names, summaries, slug or guid, its tags, its authors) refreshes the
documents of the add-ons it touched, in the admin's transaction.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core.admin import InvalidatingModelAdmin
from amo.search import documents


class AddonUserInline(admin.TabularInline):
    model = AddonUser
    raw_id_fields = ("user",)
    extra = 0


class PreviewInline(admin.TabularInline):
    model = Preview
    fields = ("position", "caption", "image", "thumbnail", "sizes")
    extra = 0


@admin.register(Addon)
class AddonAdmin(InvalidatingModelAdmin):
    list_display = (
        "id",
        "slug",
        "guid",
        "type",
        "status",
        "promoted",
        "average_daily_users",
        "last_updated",
    )
    list_filter = ("type", "status", "promoted", "disabled_by_user")
    # Staff pick the recommended add-ons straight from the list.
    list_editable = ("promoted",)
    search_fields = ("slug", "guid", "sort_name", "=id", "=amo_id")
    raw_id_fields = ("current_version",)
    filter_horizontal = ("categories", "tags")
    readonly_fields = ("guid_key", "sort_name", "created", "modified")
    inlines = (AddonUserInline, PreviewInline)
    list_per_page = 50
    show_full_result_count = False

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # After the tags (a many-to-many field) and the authors (an inline)
        # are saved, which the document contains too.
        super().save_related(request, form, formsets, change)
        documents.refresh([form.instance.pk])


@admin.register(Category)
class CategoryAdmin(InvalidatingModelAdmin):
    list_display = ("id", "application", "type", "slug", "weight", "misc")
    list_filter = ("application", "type")
    search_fields = ("slug",)


def _tagged_addons(tags: QuerySet[Tag] | list[Tag]) -> list[int]:
    # From the primary, inside the admin's transaction.
    through = Addon.tags.through.objects.using("default")
    return list(through.filter(tag__in=tags).values_list("addon_id", flat=True))


@admin.register(Tag)
class TagAdmin(InvalidatingModelAdmin):
    list_display = ("id", "tag_text", "created")
    search_fields = ("tag_text",)

    def save_model(
        self, request: HttpRequest, obj: Tag, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        documents.refresh(_tagged_addons([obj]))

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        tagged = _tagged_addons([obj])
        super().delete_model(request, obj)
        documents.refresh(tagged)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Tag]) -> None:
        tagged = _tagged_addons(queryset)
        super().delete_queryset(request, queryset)
        documents.refresh(tagged)


@admin.register(AddonUser)
class AddonUserAdmin(InvalidatingModelAdmin):
    list_display = ("id", "addon", "user", "role", "listed", "position")
    list_filter = ("role", "listed")
    raw_id_fields = ("addon", "user")
    search_fields = ("addon__slug", "user__email", "user__username")

    def save_model(
        self, request: HttpRequest, obj: AddonUser, form: Any, change: bool
    ) -> None:
        # An author moved to another add-on leaves the first one too.
        before = set(
            AddonUser.objects.using("default")
            .filter(pk=obj.pk)
            .values_list("addon_id", flat=True)
        )
        super().save_model(request, obj, form, change)
        documents.refresh(before | {obj.addon_id})

    def delete_model(self, request: HttpRequest, obj: AddonUser) -> None:
        super().delete_model(request, obj)
        documents.refresh([obj.addon_id])

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[AddonUser]
    ) -> None:
        addon_ids = list(queryset.using("default").values_list("addon_id", flat=True))
        super().delete_queryset(request, queryset)
        documents.refresh(addon_ids)


@admin.register(Preview)
class PreviewAdmin(InvalidatingModelAdmin):
    list_display = ("id", "addon", "position", "created")
    raw_id_fields = ("addon",)
    search_fields = ("addon__slug",)
