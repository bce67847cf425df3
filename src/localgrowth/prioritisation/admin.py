from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Call,
    CallAdditionality,
    CallAreaShare,
    CallBudget,
    CallCriterion,
    CallFoundationCover,
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


class CallAreaShareInline(admin.TabularInline):
    model = CallAreaShare
    extra = 0
    raw_id_fields = ["area"]


class CallFoundationCoverInline(admin.TabularInline):
    model = CallFoundationCover
    extra = 0


class CallAdditionalityInline(admin.StackedInline):
    model = CallAdditionality
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name", "opens", "closes", "budget_total", "published", "illustrative"]
    search_fields = ["slug", "name"]
    inlines = [
        CallBudgetInline,
        CallCriterionInline,
        CallAreaShareInline,
        CallFoundationCoverInline,
        CallAdditionalityInline,
    ]


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
    autocomplete_fields = ["places"]
    inlines = [CandidateCostInline, CandidateBenefitInline, CandidateScoreInline]
