"""The programme's monitoring settings in the admin: its rating rules and its additionality
assumptions, each change kept in the audit history. Editors set them; the programme dashboard
describes the rules in force and shows the assumptions beside the net outputs.

Returns and baseline changes are not edited here: they change only through their workflow
(the staff pages), so that every change is submitted, decided and recorded.
"""

from typing import Any

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localgrowth.domain.additionality import Additionality as AdditionalityAssumptions
from localgrowth.domain.rag import RagRules

from .models import Additionality, MonitoringRules
from .monitoring import RULE_FIELDS


class MonitoringRulesForm(forms.ModelForm):
    class Meta:
        model = MonitoringRules
        fields = ["programme", *RULE_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        values: dict[str, Any] = {name: cleaned.get(name) for name in RULE_FIELDS}
        if all(value is not None for value in values.values()):
            try:
                RagRules(**values)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(MonitoringRules)
class MonitoringRulesAdmin(SimpleHistoryAdmin):
    form = MonitoringRulesForm
    list_display = [
        "programme",
        "return_due_days",
        "spend_amber",
        "spend_red",
        "output_amber",
        "output_red",
        "late_red_days",
    ]
    fieldsets = [
        (None, {"fields": ["programme", "return_due_days"]}),
        ("Spend behind profile", {"fields": ["spend_amber", "spend_red"]}),
        ("Outputs below baseline", {"fields": ["output_amber", "output_red"]}),
        ("Milestone slip", {"fields": ["milestone_amber_days", "milestone_red_days"]}),
        ("Open risks", {"fields": ["risk_amber_score", "risk_red_score"]}),
        ("Late returns", {"fields": ["late_amber_days", "late_red_days"]}),
    ]


class AdditionalityForm(forms.ModelForm):
    class Meta:
        model = Additionality
        fields = [
            "programme",
            "output_type",
            "deadweight",
            "displacement",
            "leakage",
            "substitution",
            "multiplier",
            "basis",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        names = ("deadweight", "displacement", "leakage", "substitution", "multiplier")
        values: dict[str, Any] = {name: cleaned.get(name) for name in names}
        if all(value is not None for value in values.values()):
            try:
                AdditionalityAssumptions(**values)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(Additionality)
class AdditionalityAdmin(SimpleHistoryAdmin):
    form = AdditionalityForm
    list_display = [
        "programme",
        "output_type",
        "deadweight",
        "displacement",
        "leakage",
        "substitution",
        "multiplier",
    ]
    list_filter = ["programme", "output_type"]
    search_fields = ["basis"]
