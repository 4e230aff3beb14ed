"""Collections in Django's admin.

Staff edit a collection with its add-ons inline. Saving recounts
`addon_count` from the rows, and featuring a collection stamps
`featured_at`, as the actions do; InvalidatingModelAdmin clears the caches.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
from amo.core.admin import InvalidatingModelAdmin


class CollectionAddonInline(admin.TabularInline):
    model = CollectionAddon
    fields = ("addon", "position", "notes")
    raw_id_fields = ("addon",)
    extra = 0


@admin.register(Collection)
class CollectionAdmin(InvalidatingModelAdmin):
    list_display = (
        "id",
        "slug",
        "author",
        "public",
        "featured",
        "addon_count",
        "favourite_count",
        "modified",
    )
    list_filter = ("public", "featured")
    search_fields = ("slug", "=id", "author__username")
    raw_id_fields = ("author",)
    readonly_fields = (
        "uuid",
        "addon_count",
        "favourite_count",
        "featured_at",
        "created",
        "modified",
    )
    inlines = (CollectionAddonInline,)
    list_per_page = 50
    show_full_result_count = False

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if obj.featured and not obj.public:
            # Only public collections are featured.
            obj.featured = False
        if obj.featured and obj.featured_at is None:
            obj.featured_at = timezone.now()
        elif not obj.featured:
            obj.featured_at = None
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        collection = form.instance
        count = CollectionAddon.objects.filter(collection=collection.pk).count()
        if count != collection.addon_count:
            # An update leaves `modified`, which save_model already set.
            Collection.objects.filter(pk=collection.pk).update(addon_count=count)
            collection.addon_count = count


class ReadOnlyAdmin(InvalidatingModelAdmin):
    """A list to look at: the rows change through their collection, whose
    counts they feed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CollectionAddon)
class CollectionAddonAdmin(ReadOnlyAdmin):
    list_display = ("id", "collection", "addon", "position", "created")
    search_fields = ("=collection__id", "collection__slug", "addon__slug")
    raw_id_fields = ("collection", "addon")
    list_per_page = 50
    show_full_result_count = False


@admin.register(CollectionFavourite)
class CollectionFavouriteAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "collection", "created")
    search_fields = ("=collection__id", "collection__slug", "user__username")
    raw_id_fields = ("user", "collection")
    list_per_page = 50
    show_full_result_count = False
