"""The evidence base in the admin: to inspect, not to edit. Indicators come from the catalogue
(data/indicators.csv) and values from official releases (localgrowth import indicators)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Indicator, Industry, Observation, Release


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "unit", "theme", "aggregation", "period_type"]
    list_filter = ["theme", "aggregation", "period_type", "by_industry"]
    search_fields = ["code", "title"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "source", "edition", "published", "file_name", "imported_at"]
    list_filter = ["source"]
    search_fields = ["title", "file_name", "sha256"]


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "classification", "level"]
    list_filter = ["classification", "level"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "industry", "period", "value", "release", "cell"]
    list_filter = ["indicator", "release"]
    search_fields = ["area__code", "area__name"]
    list_select_related = ["indicator", "area", "industry", "release"]
    raw_id_fields = ["area", "industry", "release"]
