from django.contrib import admin

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag


class AddonUserInline(admin.TabularInline):
    model = AddonUser
    raw_id_fields = ("user",)
    extra = 0


class PreviewInline(admin.TabularInline):
    model = Preview
    fields = ("position", "caption", "image", "thumbnail", "sizes")
    extra = 0


@admin.register(Addon)
class AddonAdmin(admin.ModelAdmin):
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


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("id", "application", "type", "slug", "weight", "misc")
    list_filter = ("application", "type")
    search_fields = ("slug",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("id", "tag_text", "created")
    search_fields = ("tag_text",)


@admin.register(AddonUser)
class AddonUserAdmin(admin.ModelAdmin):
    list_display = ("id", "addon", "user", "role", "listed", "position")
    list_filter = ("role", "listed")
    raw_id_fields = ("addon", "user")
    search_fields = ("addon__slug", "user__email", "user__username")


@admin.register(Preview)
class PreviewAdmin(admin.ModelAdmin):
    list_display = ("id", "addon", "position", "created")
    raw_id_fields = ("addon",)
    search_fields = ("addon__slug",)
