from django.contrib import admin

from amo.devhub.models import ActivityLog, ImageUpload


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ("id", "created", "action", "addon", "version", "user")
    list_filter = ("action",)
    search_fields = ("addon__slug", "addon__guid", "user__email", "user__username")
    raw_id_fields = ("addon", "version", "user")
    date_hierarchy = "created"
    show_full_result_count = False


@admin.register(ImageUpload)
class ImageUploadAdmin(admin.ModelAdmin):
    list_display = ("id", "addon", "kind", "state", "user", "created", "processed")
    list_filter = ("kind", "state")
    search_fields = ("addon__slug", "addon__guid", "user__email", "path")
    raw_id_fields = ("addon", "user", "preview")
    show_full_result_count = False
