"""Writing a strategy in the admin: the strategy, a version with its priorities, and a priority
with its evidence, sector strengths, actions and KPIs. Who may do what follows the roles
(editors add, change and delete; others only view).

A version that is not a draft is shown read-only, with its priorities and everything they hold:
no one can change, add to or delete it here (the model guard in ``versions`` refuses it
everywhere else). A version is published, and a new draft made from one, on the staff pages.
The evidence recorded at publication, the status and who published are never typed in.
Consultation comments are shown here read-only: they are moderated on a staff page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    Comment,
    Kpi,
    Priority,
    PriorityEvidence,
    PrioritySector,
    Strategy,
    Version,
    VersionStatus,
)

SNAPSHOT_FIELDS = ["period", "value", "status", "release", "similar_value"]


def _version_of(obj: object) -> Version | None:
    if isinstance(obj, Version):
        return obj
    if isinstance(obj, Priority):
        return obj.version
    return None


def _frozen(obj: object) -> bool:
    version = _version_of(obj)
    return version is not None and version.frozen


class FrozenAwareAdmin(SimpleHistoryAdmin):
    """An admin whose object is read-only once its version is not a draft, history included."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Reverting to an earlier state is a change: refused for a frozen version."""
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied("A version that is not a draft cannot change.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenAwareInline(admin.TabularInline):
    """An inline of a version or a priority: nothing added, changed or deleted once the
    version is not a draft."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class VersionInline(admin.TabularInline):
    """A strategy's versions, listed; each is opened on its own page."""

    model = Version
    extra = 0
    fields = ["number", "title", "status", "published_on"]
    readonly_fields = ["number", "title", "status", "published_on"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name", "area"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["area"]
    inlines = [VersionInline]


class PriorityInline(FrozenAwareInline):
    model = Priority
    fields = ["position", "code", "title", "framework_theme"]
    show_change_link = True


@admin.register(Version)
class VersionAdmin(FrozenAwareAdmin):
    list_display = ["strategy", "number", "title", "status", "published_on"]
    list_filter = ["strategy", "status"]
    search_fields = ["title", "strategy__name", "strategy__slug"]
    readonly_fields = [
        "status",
        "based_on",
        "published_on",
        "published_at",
        "published_by",
        "consultation_closes",
    ]
    raw_id_fields = ["document"]
    inlines = [PriorityInline]


class EvidenceInline(FrozenAwareInline):
    model = PriorityEvidence
    fields = ["position", "indicator", "area", "note", *SNAPSHOT_FIELDS]
    readonly_fields = SNAPSHOT_FIELDS
    autocomplete_fields = ["indicator", "area"]


class SectorInline(FrozenAwareInline):
    model = PrioritySector
    fields = ["industry", "note"]
    raw_id_fields = ["industry"]


class ActionInline(FrozenAwareInline):
    model = Action
    fields = [
        "position",
        "title",
        "owner",
        "timescale",
        "cost",
        "funding_source",
        "projects",
        "candidates",
    ]
    autocomplete_fields = ["projects", "candidates"]


class KpiInline(FrozenAwareInline):
    model = Kpi
    fields = [
        "indicator",
        "area",
        "baseline",
        "baseline_period",
        "target",
        "target_date",
        "target_note",
    ]
    autocomplete_fields = ["indicator", "area"]


@admin.register(Priority)
class PriorityAdmin(FrozenAwareAdmin):
    list_display = ["code", "title", "version", "position"]
    list_filter = ["version__strategy", "version__status"]
    search_fields = ["code", "title", "rationale"]
    list_select_related = ["version", "version__strategy"]
    autocomplete_fields = ["places", "framework_theme"]
    filter_horizontal = ["themes"]
    inlines = [EvidenceInline, SectorInline, ActionInline, KpiInline]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        """A priority is added to, or moved to, a draft only."""
        if db_field.name == "version":
            kwargs["queryset"] = Version.objects.filter(status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments, to read: they are moderated on the staff pages."""

    list_display = ["created_at", "version", "priority", "name", "organisation", "status"]
    list_filter = ["status", "version"]
    search_fields = ["name", "organisation", "text"]
    readonly_fields = [field.name for field in Comment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
