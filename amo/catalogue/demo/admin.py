from django.contrib import admin

from amo.catalogue.demo.models import DemoLoad


@admin.register(DemoLoad)
class DemoLoadAdmin(admin.ModelAdmin):
    list_display = ("id", "created", "addons_added", "addons_present", "data_digest")
    search_fields = ("data_digest",)
    readonly_fields = ("created",)
