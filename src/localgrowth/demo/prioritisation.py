"""The SELEP LGF3b open call as a prioritisation demo: the real call's money and rules, with
thirteen real SELEP projects of the period as its candidates.

Real: the call (£8.3m of unallocated Local Growth Fund, bids of £250k–£8m, spend by 31 March
2021, the Strategic Board's decision of 29 June 2018 to issue it), the projects, their grants,
match funding, jobs and homes where the register or its sources publish them, and the one
published benefit-cost ratio (M2 Junction 5, 3.5). Illustrative, and labelled so on the call and
on every candidate: the call's split by financial year, its opening and closing dates, the
criteria's weights, each candidate's cost profile, monetised benefits, optimism bias uplift,
deliverability and risk, and the East Malling grant. ``data/PROVENANCE.md`` says how each was
set; ``data/lgf3b-candidates.csv`` names, row by row, which figures are invented.

The candidates are loaded the way an officer would load them: written to a workbook in the
candidates template and imported with the candidates importer. Loading again changes nothing.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from openpyxl import Workbook

from localgrowth.domain.appraisal import discount_factor, present_value
from localgrowth.domain.eligibility import financial_year_of
from localgrowth.prioritisation.importers import SHEETS, import_candidates
from localgrowth.prioritisation.models import Call, CallBudget, CallCriterion, Scenario
from localgrowth.prioritisation.scenarios import save_scenario
from localgrowth.prioritisation.services import CallProblem
from localgrowth.projects.models import Fund

from . import register

DATA = Path(__file__).parent / "data"
CANDIDATES = DATA / "lgf3b-candidates.csv"
COSTS = DATA / "lgf3b-costs.csv"
Say = Callable[[str], None]

SLUG = "selep-lgf3b"
OPEN_CALL = "https://www.southeastlep.com/opportunities/open-call-for-lgf-3b-projects/"
FUNDING_NEWS = (
    "https://www.southeastlep.com/funding-available-for-growth-projects-in-the-south-east/"
)
TES_UPDATE = "https://readkong.com/page/local-growth-fund-lgf-round-3b-update-7803963"
KENT_PIPELINE = "https://online.flipbuilder.com/qkwi/efet/files/basic-html/page56.html"

BENEFIT_YEARS = 20
"""Illustrative benefits run, level in real terms, for this many years after a candidate's last
year of costs."""

CALL_FIELDS: dict[str, Any] = {
    "name": "SELEP Local Growth Fund 3b open call (2018)",
    "opens": date(2018, 6, 29),
    "closes": date(2018, 7, 31),
    "budget_total": Decimal("8300000.00"),
    "spend_deadline": date(2021, 3, 31),
    "min_grant": Decimal("250000.00"),
    "max_grant": Decimal("8000000.00"),
    "min_match_share": None,
    "objective": "score",
    "source_url": OPEN_CALL,
    "published": True,
    "illustrative": True,
    "description": (
        "Real: by mid-2018 SELEP had allocated £561.6m of its £570m Local Growth Fund to 97 "
        "projects, leaving £8.3m. On 29 June 2018 the Strategic Board agreed an open call for "
        "short-term projects to use it and form a pipeline for underspends: bids of £250,000 "
        "to £8m of capital grant, spent by 31 March 2021, aligned with SELEP's objectives, "
        "deliverable, high value for money and with some funding from other sources (no "
        f"least share was set) ({FUNDING_NEWS}; {TES_UPDATE}). The federated areas assessed "
        "expressions of interest in August 2018 with SELEP's independent technical evaluator, "
        "and no area could put forward more than £47.2m of bids. In Kent the pipeline funded "
        "Thanet Parkway, M2 Junction 5 (Stockbury), the Kent and Medway Medical School and the "
        f"East Malling Advanced Technology Horticultural Zone ({KENT_PIPELINE}), helped by "
        "£33.396m of LGF returned by projects that could not deliver by March 2021. "
        "Illustrative: the dates (29 June 2018 is the day the Strategic Board agreed the call, "
        "and 31 July 2018 stands in for its close, as expressions of interest were assessed "
        "in August; the exact dates are not in the sources held), the split of the £8.3m by "
        "financial year, the criteria's weights, and the thirteen candidates' cost profiles, "
        "benefits, optimism bias, deliverability and risk (and the East Malling grant). Nine "
        "candidates other than the four Kent schemes are real SELEP projects of the same "
        "years standing in as competing bids; the sources held do not say they bid into this "
        "call. See the demo's data provenance."
    ),
}

BUDGETS = {
    "2018/19": Decimal("300000.00"),
    "2019/20": Decimal("4000000.00"),
    "2020/21": Decimal("4000000.00"),
}
"""Illustrative: SELEP published only the total. Little could be spent in 2018/19, when the
bids were still being assessed; the rest is split evenly between the two years left."""


@dataclass(frozen=True)
class CriterionFact:
    code: str
    name: str
    weight: Decimal
    direction: str = "benefit"


CRITERIA = (
    CriterionFact("bcr", "Value for money (benefit-cost ratio)", Decimal("0.30")),
    CriterionFact("deliverability", "Deliverable by March 2021", Decimal("0.20")),
    CriterionFact("risk", "Delivery risk", Decimal("0.10"), "cost"),
    CriterionFact("leverage", "Funding from other sources per pound of grant", Decimal("0.15")),
    CriterionFact("strategic_fit", "Fit with SELEP's objectives (themes served)", Decimal("0.10")),
    CriterionFact(
        "inclusive_growth", "Inclusive growth (deprivation of the places served)", Decimal("0.15")
    ),
)
"""The published criteria (objectives, value for money, deliverability, other funding) plus
risk and inclusive growth; the weights are illustrative."""


def load_lgf3b_call(say: Say = print) -> None:
    """Load the LGF3b call and import its candidates. Needs the projects loaded first."""
    with transaction.atomic():
        changed = _load_call()
        path = write_candidates_workbook(settings.VAR_DIR / "demo" / "selep-lgf3b-candidates.xlsx")
        report = import_candidates(path)
    say(f"LGF3b call ({SLUG}): {'stored' if changed else 'unchanged'}.")
    say(f"LGF3b candidates ({path.name}, illustrative figures): {report.summary()}")
    say(f"LGF3b scenario: {_save_demo_scenario()}")


DEMO_SCENARIO = "Ranked by the call's criteria (illustrative)"


def _save_demo_scenario() -> str:
    """The portfolio chosen by the call's criteria, saved and published once, so the staff
    pages and the open data API have a scenario to show. It is not SELEP's decision."""
    call = Call.objects.get(slug=SLUG)
    if call.scenarios.filter(name=DEMO_SCENARIO).exists():
        return "unchanged."
    try:
        scenario = _save(call)
    except CallProblem as problem:
        return f"not saved: {problem}"
    scenario.published = True
    scenario.save(update_fields=["published"])
    return f"saved and published ({scenario.message})"


def _save(call: Call) -> Scenario:
    return save_scenario(
        call,
        name=DEMO_SCENARIO,
        notes=(
            "Chosen by the exact portfolio choice from the call's criteria and illustrative "
            "weights. It is not SELEP's decision: the Kent schemes funded through the LGF3b "
            "pipeline were Thanet Parkway, M2 J5 Stockbury, Kent and Medway Medical School and "
            "East Malling Advanced Technology Horticultural Zone."
        ),
    )


def _save_if_changed(
    model: type[models.Model], lookup: Mapping[str, Any], fields: Mapping[str, Any]
) -> tuple[Any, bool]:
    """The row ``lookup`` finds, created or updated to ``fields``; saved (and so given a
    history row) only when something differs."""
    record = model._default_manager.filter(**lookup).first()
    if record is None:
        return model._default_manager.create(**lookup, **fields), True
    dirty = False
    for name, value in fields.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            dirty = True
    if dirty:
        record.save()
    return record, dirty


def _load_call() -> bool:
    """Store the call, its budgets and criteria; whether anything changed."""
    fund = Fund.objects.get(code="lgf-3b")
    call, changed = _save_if_changed(Call, {"slug": SLUG}, {**CALL_FIELDS, "fund": fund})
    for year, amount in BUDGETS.items():
        changed |= _save_if_changed(
            CallBudget, {"call": call, "financial_year": year}, {"amount": amount}
        )[1]
    stale = CallBudget.objects.filter(call=call).exclude(financial_year__in=BUDGETS)
    changed |= stale.exists()
    for budget in stale:
        budget.delete()
    for fact in CRITERIA:
        changed |= _save_if_changed(
            CallCriterion,
            {"call": call, "code": fact.code},
            {"name": fact.name, "weight": fact.weight, "direction": fact.direction},
        )[1]
    return changed


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def register_references() -> dict[str, dict[str, str]]:
    """Each register project's reference and row, by its name in the register."""
    return {
        row["name"]: {**row, "reference": register.reference(number)}
        for number, row in enumerate(register.read_register(), start=1)
    }


def _year(financial_year: str) -> int:
    return int(financial_year[:4])


def _financial_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def illustrative_benefits(
    costs: Mapping[str, Decimal], *, bcr: Decimal, optimism_bias: Decimal, base_year: int
) -> dict[str, Decimal]:
    """Level yearly benefits for ``BENEFIT_YEARS`` years after the last year of ``costs``, set
    so that their present value over the present value of the costs (after the optimism bias
    uplift) is ``bcr``, discounted as the appraisal does from ``base_year`` (year 0)."""
    pv_costs = present_value(
        {_year(year) - base_year: float(amount) for year, amount in costs.items()}
    ) * (1 + float(optimism_bias))
    first = max(_year(year) for year in costs) + 1
    years = range(first, first + BENEFIT_YEARS)
    annuity = math.fsum(discount_factor(year - base_year) for year in years)
    amount = Decimal(float(bcr) * pv_costs / annuity).quantize(Decimal("0.01"))
    return {_financial_year(year): amount for year in years}


def candidate_sheets() -> dict[str, list[dict[str, Any]]]:
    """The candidates, with their costs, benefits, themes and places, as rows of the candidates
    template's sheets."""
    projects = register_references()
    costs: dict[str, dict[str, Decimal]] = {}
    for line in read_csv(COSTS):
        costs.setdefault(line["reference"], {})[line["financial_year"]] = Decimal(line["amount"])
    base_year = _year(financial_year_of(CALL_FIELDS["opens"]))
    sheets: dict[str, list[dict[str, Any]]] = {
        "Candidates": [],
        "Costs": [],
        "Benefits": [],
        "Themes": [],
        "Places": [],
    }
    for row in read_csv(CANDIDATES):
        reference = row["reference"]
        project = projects[row["register_name"]]
        key = {"call": SLUG, "reference": reference}
        sheets["Candidates"].append(
            {
                **key,
                "title": project["name"],
                "project": project["reference"],
                "promoter": row["promoter"],
                "federated_area": register.FEDERATED_AREAS[project["federated_area"]],
                "grant": row["grant"],
                "match_funding": row["match_funding"],
                "optimism_bias": row["optimism_bias"],
                "gross_jobs": row["gross_jobs"],
                "gross_homes": row["gross_homes"],
                "deliverability": row["deliverability"],
                "risk": row["risk"],
                "illustrative": "yes",
            }
        )
        profile = costs[reference]
        sheets["Costs"] += [
            {**key, "financial_year": year, "amount": str(amount)}
            for year, amount in sorted(profile.items())
        ]
        benefits = illustrative_benefits(
            profile,
            bcr=Decimal(row["bcr"]),
            optimism_bias=Decimal(row["optimism_bias"]),
            base_year=base_year,
        )
        sheets["Benefits"] += [
            {**key, "financial_year": year, "amount": str(amount)}
            for year, amount in benefits.items()
        ]
        category = register.CATEGORIES[project["category"]]
        sheets["Themes"] += [
            {**key, "theme": theme} for theme, _ in register.THEME_RULES.get(category, [])
        ]
        sheets["Places"] += [
            {**key, "place": place.strip()} for place in row["places"].split(";") if place.strip()
        ]
    return sheets


def write_candidates_workbook(path: Path) -> Path:
    """Write the LGF3b candidates as a workbook in the candidates import template."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sheets = candidate_sheets()
    workbook = Workbook(write_only=True)
    for spec in SHEETS:
        if spec.name not in sheets:
            continue
        sheet = workbook.create_sheet(spec.name)
        names = [column.name for column in spec.columns]
        sheet.append(names)
        for row in sheets[spec.name]:
            sheet.append([row.get(name) or None for name in names])
    workbook.save(path)
    return path
