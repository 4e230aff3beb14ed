"""Search documents in the admin, read-only: `amo reindex` rebuilds them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amo.search.models import SearchDocument, SearchKey


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list and detail view of rows that only code writes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SearchDocument)
class SearchDocumentAdmin(ReadOnlyAdmin):
    list_display = ("addon", "name_terms", "modified")
    search_fields = ("addon__slug", "addon__guid", "names")
    raw_id_fields = ("addon",)
    show_full_result_count = False


@admin.register(SearchKey)
class SearchKeyAdmin(ReadOnlyAdmin):
    list_display = ("id", "addon", "kind", "value")
    list_filter = ("kind",)
    search_fields = ("value", "addon__slug")
    raw_id_fields = ("addon",)
    show_full_result_count = False
