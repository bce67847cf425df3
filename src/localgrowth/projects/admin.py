from django.contrib import admin

# Inlines are stacked, not tabular: each field then has its own label, as WCAG asks.
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Fund,
    HeadlineTarget,
    MatchFunding,
    OutputLine,
    OutputType,
    Programme,
    ProgressSnapshot,
    Project,
    ProjectArea,
    ProjectSource,
    ProjectTheme,
    SpendLine,
)


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "round"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "description"]


class HeadlineTargetInline(admin.StackedInline):
    model = HeadlineTarget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "partnership", "start_date", "end_date"]
    list_filter = ["partnership", "funds"]
    search_fields = ["name", "slug", "description"]
    filter_horizontal = ["funds"]
    inlines = [HeadlineTargetInline]


@admin.register(HeadlineTarget)
class HeadlineTargetAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "measure", "value", "deadline", "is_current", "set_on"]
    list_filter = ["programme", "measure", "is_current"]
    search_fields = ["wording", "source_url"]


@admin.register(ProgressSnapshot)
class ProgressSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "as_at_label", "measure", "value"]
    list_filter = ["programme", "measure"]
    search_fields = ["wording", "as_at_label", "source_url"]


@admin.register(OutputType)
class OutputTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit"]
    search_fields = ["code", "name"]


class ProjectAreaInline(admin.StackedInline):
    model = ProjectArea
    extra = 0
    raw_id_fields = ["area"]


class MatchFundingInline(admin.StackedInline):
    model = MatchFunding
    extra = 0


class SpendLineInline(admin.StackedInline):
    model = SpendLine
    extra = 0


class OutputLineInline(admin.StackedInline):
    model = OutputLine
    extra = 0


class ProjectThemeInline(admin.StackedInline):
    model = ProjectTheme
    extra = 0


class ProjectSourceInline(admin.StackedInline):
    model = ProjectSource
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "fund", "status", "category", "federated_area", "grant"]
    list_filter = [
        "programme",
        "fund",
        "status",
        "category",
        "federated_area",
        "location_precision",
        "themes",
    ]
    search_fields = ["reference", "title", "summary", "promoter", "place_name", "notes"]
    raw_id_fields = ["location_district"]
    list_select_related = ["fund", "federated_area"]
    inlines = [
        ProjectAreaInline,
        MatchFundingInline,
        SpendLineInline,
        OutputLineInline,
        ProjectThemeInline,
        ProjectSourceInline,
    ]
    readonly_fields = ["location_district", "location_match", "location_distance_m"]
