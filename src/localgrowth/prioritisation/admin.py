from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Call,
    CallBudget,
    CallCriterion,
    Candidate,
    CandidateBenefit,
    CandidateCost,
    CandidateScore,
)


class CallBudgetInline(admin.TabularInline):
    model = CallBudget
    extra = 0


class CallCriterionInline(admin.TabularInline):
    model = CallCriterion
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name", "opens", "closes", "budget_total", "illustrative"]
    search_fields = ["slug", "name"]
    inlines = [CallBudgetInline, CallCriterionInline]


class CandidateCostInline(admin.TabularInline):
    model = CandidateCost
    extra = 0


class CandidateBenefitInline(admin.TabularInline):
    model = CandidateBenefit
    extra = 0


class CandidateScoreInline(admin.TabularInline):
    model = CandidateScore
    extra = 0


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "call", "grant", "must_fund", "excluded"]
    list_filter = ["call"]
    search_fields = ["reference", "title", "promoter"]
    raw_id_fields = ["project", "federated_area", "depends_on"]
    filter_horizontal = ["themes"]
    inlines = [CandidateCostInline, CandidateBenefitInline, CandidateScoreInline]
