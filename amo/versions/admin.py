from django.contrib import admin

from amo.core.admin import InvalidatingModelAdmin
from amo.versions.models import ApplicationsVersions, License, Version


class ApplicationsVersionsInline(admin.TabularInline):
    model = ApplicationsVersions
    extra = 0


@admin.register(Version)
class VersionAdmin(InvalidatingModelAdmin):
    list_display = ("id", "addon", "version", "channel", "deleted", "created")
    list_filter = ("channel", "deleted")
    raw_id_fields = ("addon", "license")
    search_fields = ("addon__slug", "addon__guid", "version")
    inlines = (ApplicationsVersionsInline,)


@admin.register(License)
class LicenseAdmin(InvalidatingModelAdmin):
    list_display = ("id", "slug", "url")
    search_fields = ("slug", "url")


@admin.register(ApplicationsVersions)
class ApplicationsVersionsAdmin(InvalidatingModelAdmin):
    list_display = ("id", "version", "application", "min", "max")
    list_filter = ("application",)
    raw_id_fields = ("version",)
    search_fields = ("version__addon__slug", "min", "max")
