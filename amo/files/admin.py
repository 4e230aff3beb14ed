from django.contrib import admin

from amo.core.admin import InvalidatingModelAdmin
from amo.files.models import File, FileUpload


@admin.register(File)
class FileAdmin(InvalidatingModelAdmin):
    list_display = ("id", "filename", "status", "size", "created")
    list_filter = ("status",)
    raw_id_fields = ("version",)
    search_fields = ("filename", "hash", "version__addon__slug")


@admin.register(FileUpload)
class FileUploadAdmin(admin.ModelAdmin):
    list_display = ("uuid", "name", "user", "addon", "state", "valid", "created")
    list_filter = ("state", "valid", "channel")
    search_fields = ("=uuid", "name", "guid", "sha256", "user__email", "addon__slug")
    raw_id_fields = ("user", "addon", "submitted_version")
    readonly_fields = ("uuid",)
    show_full_result_count = False
