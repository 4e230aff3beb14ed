"""Ratings, their flags and aggregates in Django's admin.

Staff correct ratings here; the moderation queue is a page of its own.
Saving or deleting a rating recounts its add-on's aggregates once the
transaction commits (amo.ratings.actions.queue_aggregates), and
InvalidatingModelAdmin clears the caches. Aggregates are read-only: the
aggregate job writes them.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from amo.core.admin import InvalidatingModelAdmin
from amo.ratings.actions import queue_aggregates
from amo.ratings.models import Rating, RatingAggregate, RatingFlag


class RatingFlagInline(admin.TabularInline):
    model = RatingFlag
    fields = ("user", "flag", "note", "created")
    readonly_fields = ("created",)
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Rating)
class RatingAdmin(InvalidatingModelAdmin):
    list_display = (
        "id",
        "addon",
        "user",
        "score",
        "is_latest",
        "held",
        "needs_moderation",
        "deleted",
        "created",
    )
    list_filter = ("needs_moderation", "held", "deleted", "is_latest", "score")
    search_fields = ("=id", "addon__slug", "user__username", "body")
    raw_id_fields = ("addon", "version", "user", "reply_to")
    readonly_fields = ("ip_address", "previous_count", "created", "modified")
    inlines = (RatingFlagInline,)
    list_per_page = 50
    show_full_result_count = False

    def save_model(
        self, request: HttpRequest, obj: Rating, form: Any, change: bool
    ) -> None:
        # A rating moved to another add-on changes the counts of both.
        before = set(
            Rating.objects.using("default")
            .filter(pk=obj.pk)
            .values_list("addon_id", flat=True)
        )
        super().save_model(request, obj, form, change)
        for addon_id in before | {obj.addon_id}:
            queue_aggregates(addon_id)

    def delete_model(self, request: HttpRequest, obj: Rating) -> None:
        addon_id = obj.addon_id
        super().delete_model(request, obj)
        queue_aggregates(addon_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Rating]) -> None:
        addon_ids = set(queryset.using("default").values_list("addon_id", flat=True))
        super().delete_queryset(request, queryset)
        for addon_id in sorted(addon_ids):
            queue_aggregates(addon_id)


@admin.register(RatingFlag)
class RatingFlagAdmin(admin.ModelAdmin):
    list_display = ("id", "rating", "user", "flag", "created")
    list_filter = ("flag",)
    search_fields = ("=rating__id", "user__username", "note")
    raw_id_fields = ("rating", "user")
    show_full_result_count = False


@admin.register(RatingAggregate)
class RatingAggregateAdmin(admin.ModelAdmin):
    list_display = (
        "addon",
        "count_1",
        "count_2",
        "count_3",
        "count_4",
        "count_5",
        "text_count",
        "baseline_count",
        "computed",
    )
    search_fields = ("addon__slug", "addon__guid")
    raw_id_fields = ("addon",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
