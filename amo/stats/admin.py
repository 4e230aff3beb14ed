from django.contrib import admin

from amo.stats.models import DailyDownloads, DailyUsers, DownloadTotal


@admin.register(DailyUsers)
class DailyUsersAdmin(admin.ModelAdmin):
    list_display = ("id", "addon", "date", "count")
    search_fields = ("addon__slug", "addon__guid")
    raw_id_fields = ("addon",)
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(DailyDownloads)
class DailyDownloadsAdmin(admin.ModelAdmin):
    list_display = ("id", "addon", "date", "count")
    search_fields = ("addon__slug", "addon__guid")
    raw_id_fields = ("addon",)
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(DownloadTotal)
class DownloadTotalAdmin(admin.ModelAdmin):
    list_display = ("addon", "baseline", "counted")
    search_fields = ("addon__slug", "addon__guid")
    raw_id_fields = ("addon",)
    show_full_result_count = False
