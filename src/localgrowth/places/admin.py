from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, AreaAlias, Partnership


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "area_type", "valid_from", "valid_to"]
    list_filter = ["area_type", "valid_to"]
    search_fields = ["code", "name", "aliases__alias"]
    filter_horizontal = ["parents"]
    raw_id_fields = ["successor"]
    exclude = ["boundary"]
    readonly_fields = ["source"]


@admin.register(AreaAlias)
class AreaAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "area", "note"]
    search_fields = ["alias", "area__name", "area__code"]
    list_filter = ["area__area_type"]
    raw_id_fields = ["area"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "area"]
    search_fields = ["name", "short_name"]
    list_filter = ["federated_areas"]
    filter_horizontal = ["members", "federated_areas"]
    raw_id_fields = ["area"]
