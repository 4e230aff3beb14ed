from django.contrib import admin

from amo.core.admin import InvalidatingModelAdmin
from amo.files.models import File


@admin.register(File)
class FileAdmin(InvalidatingModelAdmin):
    list_display = ("id", "filename", "status", "size", "created")
    list_filter = ("status",)
    raw_id_fields = ("version",)
    search_fields = ("filename", "hash", "version__addon__slug")
