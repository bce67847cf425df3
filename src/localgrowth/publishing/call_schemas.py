"""The API's response shapes for funding calls and the board's published scenarios (the rest
are in ``schemas``)."""

from datetime import date

from ninja import Field, Schema

from .schemas import MONEY, AreaRef, FundRef

# Funding calls and the board's published scenarios ---------------------------------------------


class CallBudgetOut(Schema):
    financial_year: str = Field(description="A financial year such as 2019/20.")
    amount: str = Field(description=MONEY)


class CriterionOut(Schema):
    code: str = Field(
        description="bcr, deliverability, risk, leverage and strategic_fit are worked out from "
        "the candidate; any other criterion is scored by assessors."
    )
    name: str
    weight: str = Field(description="The criterion's weight, as a decimal string.")
    direction: str = Field(description="benefit (higher is better) or cost (lower is better).")
    direction_label: str


class CallAreaShareOut(Schema):
    area: AreaRef
    min_share: str = Field(
        description="The least share of the funded grant that must go to projects in the area, "
        "from 0 to 1, as a decimal string."
    )


class FoundationCoverOut(Schema):
    foundation: str = Field(description="The foundation of productivity, by theme code.")
    title: str
    min_count: int = Field(description="The least number of funded projects that must serve it.")


class CallLinks(Schema):
    self: str = Field(description="The API address of the call.")
    scenarios: str = Field(description="The API address of the call's published scenarios.")


class CallOut(Schema):
    slug: str
    name: str
    fund: FundRef | None
    opens: date | None
    closes: date | None
    budget_total: str | None = Field(description=MONEY)
    budgets: list[CallBudgetOut] = Field(description="The budget of each financial year.")
    spend_deadline: date | None = Field(description="Grant must be spent by this date.")
    min_grant: str | None = Field(
        description="The smallest grant a candidate may ask for. " + MONEY
    )
    max_grant: str | None = Field(description="The largest grant a candidate may ask for. " + MONEY)
    min_match_share: str | None = Field(
        description="The least match funding, as a share of grant plus match funding, from 0 to "
        "1, as a decimal string; null when there is no such rule."
    )
    objective: str = Field(
        description="score (total weighted score) or net_benefit (total net present social "
        "value): what the portfolio is chosen by."
    )
    objective_label: str
    criteria: list[CriterionOut]
    area_shares: list[CallAreaShareOut] = Field(
        description="The least shares of the funded grant that must go to areas."
    )
    foundation_covers: list[FoundationCoverOut] = Field(
        description="The least numbers of funded projects that must serve foundations."
    )
    description: str
    source_url: str
    illustrative: bool = Field(description="True when any figure is invented for illustration.")
    candidate_count: int = Field(description="How many candidates bid into the call.")
    scenario_count: int = Field(description="How many of the call's scenarios are published.")
    links: CallLinks


class CallRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The API address of the call.")


class ScenarioYear(Schema):
    financial_year: str
    budget: str | None = Field(description="The year's budget. " + MONEY)
    grant_funded: str = Field(description="The grant the portfolio draws in the year, in pounds.")


class ScenarioTotals(Schema):
    funded: int = Field(description="How many candidates are funded, in full or in part.")
    grant_funded: str = Field(description="Pounds and pence as a decimal string.")
    grant_requested: str = Field(
        description="The grant the eligible candidates asked for, in pounds and pence."
    )
    gross_jobs: str = Field(
        description="The funded candidates' forecast gross jobs, scaled by the share funded."
    )
    gross_homes: str = Field(
        description="The funded candidates' forecast gross homes, scaled by the share funded."
    )
    unspent: str | None = Field(description="The total budget less the grant funded. " + MONEY)


class ScenarioLineOut(Schema):
    reference: str
    title: str
    area: str = Field(description="The federated area's name; empty when none.")
    eligible: bool
    funded: bool
    share: float = Field(description="The share funded, from 0 (not funded) to 1 (in full).")
    grant: str = Field(description="The grant requested, in pounds and pence.")
    grant_funded: str = Field(description="The grant funded, in pounds and pence.")
    bcr: float | None = Field(
        description="The benefit-cost ratio, to four decimal places; null when not worked out."
    )
    value_for_money: str = Field(description="The value for money category of the BCR.")
    weighted_sum_rank: int | None = Field(description="Among the eligible candidates, 1 the best.")
    topsis_rank: int | None = Field(description="Among the eligible candidates, 1 the best.")
    reason: str = Field(description="Why the candidate is in or out of the portfolio.")
    illustrative: bool


class ScenarioOut(Schema):
    id: int
    name: str
    saved_on: date
    objective: str = Field(description="score or net_benefit.")
    objective_label: str
    status: str = Field(
        description="optimal (proven the best), time_limit (the best found in the time "
        "allowed) or infeasible (no portfolio meets every constraint)."
    )
    message: str = Field(description="The status in words.")
    objective_value: str | None = Field(
        description="The portfolio's total: pounds and pence (net_benefit) or a score to four "
        "decimal places (score), as a decimal string; null when no portfolio was found."
    )
    gap: float | None = Field(
        description="How far the portfolio may be from the best possible, as a fraction of "
        "its total; null when not known."
    )
    gap_text: str = Field(description="The gap as a percentage, or 'not known'.")
    budget_total: str | None = Field(description=MONEY)
    years: list[ScenarioYear] = Field(description="Budget and grant funded by financial year.")
    totals: ScenarioTotals
    illustrative: bool = Field(description="True when any figure is invented for illustration.")
    lines: list[ScenarioLineOut] = Field(description="Every candidate, by reference.")


class CallScenarios(Schema):
    call: CallRef
    scenarios: list[ScenarioOut] = Field(description="The published scenarios, newest first.")
