from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document, Theme


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "year", "status", "publisher"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["title", "slug", "publisher", "summary"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "document", "position"]
    list_filter = ["kind", "document"]
    search_fields = ["code", "title", "description"]
