"""Import the candidates bidding into a funding call: one row per candidate, with its costs,
benefits, assessors' scores, themes and the places it serves on sheets of their own.

Same rules as every importer: the whole file is read, every fault is reported with its file,
sheet, row and column, and nothing is stored unless the whole file is valid. The call must
exist already (make it in the admin). A candidate is known by its call and reference: a row for
a stored candidate updates it, and the lines a file gives for a candidate on the Costs,
Benefits, Scores, Themes or Places sheet replace that candidate's stored lines of that sheet.

The places a candidate serves are districts (district, unitary or metropolitan authorities),
named by GSS code or by exact name; their deprivation scores the inclusive growth criterion.

Whether a candidate meets the call's rules (a cost after the spend deadline, a grant too large)
is not an import fault: it is stored and reported as ineligible by ``localgrowth prioritise``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from localgrowth.core.importing import (
    Faults,
    ImportFailed,
    ImportReport,
    choose_sheets,
    in_file_order,
    read_file,
    record_run,
)
from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, Row, SheetSpec
from localgrowth.framework.models import Theme
from localgrowth.places.models import Area, AreaType
from localgrowth.projects.models import Project

from .models import (
    Call,
    CallCriterion,
    Candidate,
    CandidateBenefit,
    CandidateCost,
    CandidateScore,
)

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def parse_flag(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(f"{cells.quote(text)} is not yes or no. Write yes or no, or leave it empty.")


def parse_uplift(text: str) -> Decimal:
    """An uplift of 0 or more: "0.44" or "44%"."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    try:
        value = cells.parse_decimal(cleaned[:-1].rstrip() if percent else cleaned)
    except ValueError:
        raise ValueError(
            f"{cells.quote(text)} is not an uplift. Write it as a decimal or a percentage, "
            "such as 0.44 or 44%."
        ) from None
    return value / 100 if percent else value


def parse_rating(text: str) -> int:
    value = cells.parse_int(text)
    if not 1 <= value <= 5:
        raise ValueError(f"{cells.quote(text)} is not from 1 to 5. Write a whole number 1 to 5.")
    return value


def parse_score(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(
            f"{cells.quote(text)} is not a number. Write a score such as 3.5."
        ) from None
    if not value.is_finite():
        raise ValueError(f"{cells.quote(text)} is not a number. Write a score such as 3.5.")
    return value


def _key_columns() -> list[Column]:
    return [
        Column(
            "call",
            cells.parse_text(60),
            required=True,
            description="Slug of the call, as on the Candidates sheet.",
            example="lgf3b-2019",
        ),
        Column(
            "reference",
            cells.parse_text(40),
            required=True,
            description="The candidate's reference, as on the Candidates sheet.",
            example="LGF3B-01",
        ),
    ]


CANDIDATES = SheetSpec(
    "Candidates",
    description="One row per candidate. A row whose call and reference are stored updates it.",
    columns=[
        Column(
            "call",
            cells.parse_text(60),
            required=True,
            description="Slug of a stored call (made in the admin).",
            example="lgf3b-2019",
        ),
        Column(
            "reference",
            cells.parse_text(40),
            required=True,
            description="Unique within the call.",
            example="LGF3B-01",
        ),
        Column("title", cells.parse_text(300), required=True, example="Example town centre link"),
        Column(
            "project",
            cells.parse_text(40),
            description="Reference of the stored project it is, if any.",
        ),
        Column("promoter", cells.parse_text(200), example="Kent County Council"),
        Column(
            "federated_area",
            cells.parse_text(20),
            description="Code of the federated area it serves.",
        ),
        Column(
            "grant",
            cells.parse_amount,
            required=True,
            description="Grant asked for, in pounds.",
            example="1500000",
        ),
        Column(
            "match_funding",
            cells.parse_amount,
            description="Other funding, in pounds; empty for none.",
            example="500000",
        ),
        Column(
            "optimism_bias",
            parse_uplift,
            description="Uplift to costs for optimism bias, as a decimal or percentage.",
            example="44%",
        ),
        Column(
            "gross_jobs", cells.parse_decimal, description="Forecast gross jobs.", example="120"
        ),
        Column(
            "gross_homes", cells.parse_decimal, description="Forecast gross homes.", example="0"
        ),
        Column(
            "deliverability",
            parse_rating,
            required=True,
            description="1 (doubtful) to 5 (certain).",
            example="4",
        ),
        Column(
            "risk",
            parse_rating,
            required=True,
            description="1 (low) to 5 (high).",
            example="2",
        ),
        Column(
            "min_share",
            cells.parse_share,
            description="Least share of its costs it can be funded at; empty for all or nothing.",
            example="60%",
        ),
        Column(
            "exclusive_group",
            cells.parse_text(60),
            description="Candidates with the same group are alternatives: at most one is funded.",
        ),
        Column(
            "depends_on",
            cells.parse_text(40),
            description="Reference of a candidate in the same call it can only be funded with.",
        ),
        Column("must_fund", parse_flag, description="yes or no.", example="no"),
        Column("excluded", parse_flag, description="yes or no.", example="no"),
        Column(
            "illustrative",
            parse_flag,
            description="yes when any figure in the row is invented for illustration.",
            example="no",
        ),
    ],
)

COSTS = SheetSpec(
    "Costs",
    required=False,
    description="Each candidate's total cost (all funders) by financial year, in real prices.",
    columns=[
        *_key_columns(),
        Column("financial_year", cells.parse_financial_year, required=True, example="2019/20"),
        Column("amount", cells.parse_amount, required=True, example="1000000"),
    ],
)

BENEFITS = SheetSpec(
    "Benefits",
    required=False,
    description="Each candidate's monetised benefits by financial year, in real prices.",
    columns=[
        *_key_columns(),
        Column("financial_year", cells.parse_financial_year, required=True, example="2020/21"),
        Column("amount", cells.parse_amount, required=True, example="400000"),
    ],
)

SCORES = SheetSpec(
    "Scores",
    required=False,
    description="Assessors' scores on the call's criteria that are not worked out from the data.",
    columns=[
        *_key_columns(),
        Column(
            "criterion",
            cells.parse_text(40),
            required=True,
            description="Code of one of the call's criteria.",
            example="inclusive-growth",
        ),
        Column("score", parse_score, required=True, example="3"),
    ],
)

THEMES = SheetSpec(
    "Themes",
    required=False,
    description="The foundations, Grand Challenges and priorities each candidate serves.",
    columns=[
        *_key_columns(),
        Column(
            "theme",
            cells.parse_text(60),
            required=True,
            description="Code of a stored theme.",
            example="foundation-infrastructure",
        ),
    ],
)

PLACES = SheetSpec(
    "Places",
    required=False,
    description=(
        "The districts each candidate serves, one row each; their deprivation scores the "
        "inclusive growth criterion."
    ),
    columns=[
        *_key_columns(),
        Column(
            "place",
            cells.parse_text(200),
            required=True,
            description=(
                "GSS code or exact name of a district, unitary or metropolitan authority "
                "(not a county or a federated area)."
            ),
            example="E07000114",
        ),
    ],
)

SHEETS = [CANDIDATES, COSTS, BENEFITS, SCORES, THEMES, PLACES]

Key = tuple[str, str]


def import_candidates(
    path: Path,
    *,
    user: Any = None,
    dry_run: bool = False,
    display_name: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    name = display_name or path.name
    specs = choose_sheets(path, SHEETS, sheet)
    table = read_file(path, specs, name)
    faults = Faults(name)
    calls = {call.slug: call for call in Call.objects.all()}
    rows = table.rows
    keyed = _check_candidates(rows.get("Candidates", []), calls, faults)
    known = set(keyed) | {
        (slug, reference)
        for slug, reference in Candidate.objects.values_list("call__slug", "reference")
    }
    for spec in (COSTS, BENEFITS):
        _check_years(rows.get(spec.name, []), calls, known, faults)
    criteria = {
        (slug, code): criterion
        for criterion in CallCriterion.objects.select_related("call")
        for slug, code in [(criterion.call.slug, criterion.code)]
    }
    _check_lines(
        rows.get("Scores", []),
        calls,
        known,
        faults,
        "criterion",
        lambda row, slug, value: (slug, value) in criteria,
        lambda slug, value: (
            f"The call '{slug}' has no criterion '{value}'. Use the code of one "
            "of its criteria, or add the criterion to the call in the admin."
        ),
    )
    themes = set(Theme.objects.values_list("code", flat=True))
    _check_lines(
        rows.get("Themes", []),
        calls,
        known,
        faults,
        "theme",
        lambda row, slug, value: value in themes,
        lambda slug, value: (
            f"There is no theme '{value}'. Use the code of a stored theme (see the framework)."
        ),
    )
    places = _check_places(rows.get("Places", []), calls, known, faults)
    all_faults = [*table.faults, *faults.items]
    if all_faults:
        raise ImportFailed(in_file_order(all_faults, specs))
    report = ImportReport(file=name, dry_run=dry_run)
    with transaction.atomic():
        _store(rows, table.present, calls, criteria, places, report, user)
        record_run("candidates", path, name, report, user)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _call(row: Row, calls: dict[str, Call], faults: Faults) -> str | None:
    slug = row.values.get("call")
    if slug is None:
        return None
    if slug not in calls:
        faults.add(
            row,
            "call",
            slug,
            f"There is no call '{slug}'. Make the call in the admin first, or use the slug of a "
            "stored call.",
        )
        return None
    return str(slug)


def _check_candidates(rows: list[Row], calls: dict[str, Call], faults: Faults) -> dict[Key, Row]:
    keyed: dict[Key, Row] = {}
    for row in rows:
        slug = _call(row, calls, faults)
        reference = row.values.get("reference")
        if slug is None or reference is None:
            continue
        key = (slug, reference)
        if key in keyed:
            faults.add(
                row,
                "reference",
                reference,
                f"'{reference}' in call '{slug}' is already on row {keyed[key].number}. "
                "Remove or correct the repeated row.",
            )
            continue
        keyed[key] = row
    stored = {
        (slug, reference)
        for slug, reference in Candidate.objects.values_list("call__slug", "reference")
    }
    for (slug, _), row in keyed.items():
        values = row.values
        if (code := values.get("project")) and not Project.objects.filter(reference=code).exists():
            faults.add(
                row,
                "project",
                code,
                f"There is no project '{code}'. Use a stored project's reference, or leave it "
                "empty.",
            )
        if (code := values.get("federated_area")) and not Area.objects.filter(
            code=code, area_type="federated_area"
        ).exists():
            faults.add(
                row,
                "federated_area",
                code,
                f"There is no federated area '{code}'. Use the code of a stored federated area, "
                "or leave it empty.",
            )
        if (needed := values.get("depends_on")) is not None:
            if needed == values.get("reference"):
                faults.add(
                    row,
                    "depends_on",
                    needed,
                    "A candidate cannot depend on itself. Leave it empty or name another.",
                )
            elif (slug, needed) not in keyed and (slug, needed) not in stored:
                faults.add(
                    row,
                    "depends_on",
                    needed,
                    f"There is no candidate '{needed}' in call '{slug}'. Add it to this sheet, "
                    "or leave it empty.",
                )
        if values.get("must_fund") and values.get("excluded"):
            faults.add(
                row,
                "excluded",
                "yes",
                "A candidate cannot be both must fund and excluded. Answer no to one of them.",
            )
    return keyed


def _candidate_known(
    row: Row, calls: dict[str, Call], known: set[Key], faults: Faults
) -> Key | None:
    slug = _call(row, calls, faults)
    reference = row.values.get("reference")
    if slug is None or reference is None:
        return None
    if (slug, reference) not in known:
        faults.add(
            row,
            "reference",
            reference,
            f"There is no candidate '{reference}' in call '{slug}'. Add it to the Candidates "
            "sheet, or use the reference of a stored candidate.",
        )
        return None
    return (slug, reference)


def _check_years(rows: list[Row], calls: dict[str, Call], known: set[Key], faults: Faults) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = _candidate_known(row, calls, known, faults)
        year = row.values.get("financial_year")
        if key is None or year is None:
            continue
        if (*key, year) in seen:
            faults.add(
                row,
                "financial_year",
                year,
                f"{key[1]} already has {year} on row {seen[(*key, year)]}. Give each year once.",
            )
        seen[(*key, year)] = row.number


def _check_lines(
    rows: list[Row],
    calls: dict[str, Call],
    known: set[Key],
    faults: Faults,
    column: str,
    exists: Callable[[Row, str, str], bool],
    missing: Callable[[str, str], str],
) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = _candidate_known(row, calls, known, faults)
        value = row.values.get(column)
        if key is None or value is None:
            continue
        if not exists(row, key[0], value):
            faults.add(row, column, value, missing(key[0], value))
        elif (*key, value) in seen:
            faults.add(
                row,
                column,
                value,
                f"{key[1]} already has '{value}' on row {seen[(*key, value)]}. Give it once.",
            )
        seen[(*key, value)] = row.number


def _district(value: str) -> Area | str:
    """The district a Places cell names (by GSS code, else by exact name, ignoring case), or
    the reason it names none."""
    wanted = value.strip()
    by_code = Area.objects.filter(code__iexact=wanted)
    matches = by_code if by_code.exists() else Area.objects.filter(name__iexact=wanted)
    districts = list(matches.filter(area_type=AreaType.DISTRICT))
    if len(districts) > 1:
        current = [area for area in districts if area.valid_to is None]
        districts = current if len(current) == 1 else districts
    codes = {area.code for area in districts}
    if len(codes) == 1:
        return districts[0]
    if len(codes) > 1:
        return (
            f"'{wanted}' names {len(codes)} districts ({', '.join(sorted(codes))}). "
            "Give the GSS code of the one meant."
        )
    other = matches.first()
    if other is not None:
        kind = AreaType(other.area_type).label.lower()
        article = "an" if kind[0] in "aeiou" else "a"
        return (
            f"'{wanted}' is {other.name} ({other.code}), {article} {kind}, not a district. "
            "Give each district, unitary or metropolitan authority the candidate serves, one "
            "row each."
        )
    return (
        f"There is no district '{wanted}'. Give a district's GSS code, such as E07000114, or "
        "its exact name, such as Thanet."
    )


def _check_places(
    rows: list[Row], calls: dict[str, Call], known: set[Key], faults: Faults
) -> dict[Key, list[Area]]:
    """Each candidate's districts from the Places sheet; a fault for each place that is not one
    district, or that the candidate already has on an earlier row."""
    found: dict[Key, list[Area]] = {}
    seen: dict[tuple[str, str, int], int] = {}
    for row in rows:
        key = _candidate_known(row, calls, known, faults)
        value = row.values.get("place")
        if key is None or value is None:
            continue
        area = _district(value)
        if isinstance(area, str):
            faults.add(row, "place", value, area)
            continue
        if (*key, area.pk) in seen:
            faults.add(
                row,
                "place",
                value,
                f"{key[1]} already has {area.name} ({area.code}) on row "
                f"{seen[(*key, area.pk)]}. Give each place once.",
            )
            continue
        seen[(*key, area.pk)] = row.number
        found.setdefault(key, []).append(area)
    return found


def _candidate_fields(values: dict[str, Any]) -> dict[str, Any]:
    project = values.get("project")
    area = values.get("federated_area")
    return {
        "title": values["title"],
        "project": Project.objects.get(reference=project) if project else None,
        "promoter": values.get("promoter") or "",
        "federated_area": Area.objects.get(code=area, area_type="federated_area") if area else None,
        "grant": values["grant"],
        "match_funding": values.get("match_funding") or Decimal("0.00"),
        "optimism_bias": values.get("optimism_bias") or Decimal(0),
        "gross_jobs": values.get("gross_jobs") or Decimal(0),
        "gross_homes": values.get("gross_homes") or Decimal(0),
        "deliverability": values["deliverability"],
        "risk": values["risk"],
        "min_share": values.get("min_share"),
        "exclusive_group": values.get("exclusive_group") or "",
        "must_fund": bool(values.get("must_fund")),
        "excluded": bool(values.get("excluded")),
        "illustrative": bool(values.get("illustrative")),
    }


def _store(
    rows: dict[str, list[Row]],
    present: set[str],
    calls: dict[str, Call],
    criteria: dict[tuple[str, str], CallCriterion],
    places: dict[Key, list[Area]],
    report: ImportReport,
    user: Any,
) -> None:
    changed: dict[Key, bool] = {}
    candidates: dict[Key, Candidate] = {}
    for row in rows.get("Candidates", []):
        values = row.values
        slug, reference = values["call"], values["reference"]
        call = calls[slug]
        fields = _candidate_fields(values)
        candidate = Candidate.objects.filter(call=call, reference=reference).first()
        created = candidate is None
        if candidate is None:
            candidate = Candidate(call=call, reference=reference, **fields)
            dirty = True
        else:
            dirty = False
            for field, value in fields.items():
                if getattr(candidate, field) != value:
                    setattr(candidate, field, value)
                    dirty = True
        if dirty:
            candidate._history_user = user  # type: ignore[attr-defined]
            candidate.save()
        candidates[(slug, reference)] = candidate
        changed[(slug, reference)] = dirty
        if created:
            report.created.append(f"{slug} {reference}")
    for row in rows.get("Candidates", []):
        key = (row.values["call"], row.values["reference"])
        needed = row.values.get("depends_on")
        candidate = candidates[key]
        target = None
        if needed:
            target = candidates.get((key[0], needed)) or Candidate.objects.get(
                call__slug=key[0], reference=needed
            )
        if candidate.depends_on_id != (target.pk if target else None):
            candidate.depends_on = target
            candidate._history_user = user  # type: ignore[attr-defined]
            candidate.save()
            changed[key] = True

    def candidate_for(key: Key) -> Candidate:
        if key not in candidates:
            candidates[key] = Candidate.objects.get(call__slug=key[0], reference=key[1])
        return candidates[key]

    for sheet, model in (("Costs", CandidateCost), ("Benefits", CandidateBenefit)):
        if sheet not in present:
            continue
        wanted: dict[Key, dict[str, Decimal]] = {}
        for row in rows.get(sheet, []):
            key = (row.values["call"], row.values["reference"])
            wanted.setdefault(key, {})[row.values["financial_year"]] = row.values["amount"]
        for key, lines in wanted.items():
            candidate = candidate_for(key)
            manager = model._default_manager.filter(candidate=candidate)
            stored = dict(manager.values_list("financial_year", "amount"))
            if stored != lines:
                manager.delete()
                for year, amount in sorted(lines.items()):
                    line = model(candidate=candidate, financial_year=year, amount=amount)
                    line._history_user = user  # type: ignore[union-attr]
                    line.save()
                changed[key] = True
    if "Scores" in present:
        scores: dict[Key, dict[str, Decimal]] = {}
        for row in rows.get("Scores", []):
            key = (row.values["call"], row.values["reference"])
            scores.setdefault(key, {})[row.values["criterion"]] = row.values["score"]
        for key, given in scores.items():
            candidate = candidate_for(key)
            stored_scores = {
                score.criterion.code: score.value
                for score in CandidateScore.objects.filter(candidate=candidate).select_related(
                    "criterion"
                )
            }
            if stored_scores != given:
                CandidateScore.objects.filter(candidate=candidate).delete()
                for code, value in sorted(given.items()):
                    score = CandidateScore(
                        candidate=candidate, criterion=criteria[(key[0], code)], value=value
                    )
                    score._history_user = user  # type: ignore[attr-defined]
                    score.save()
                changed[key] = True
    if "Themes" in present:
        themed: dict[Key, set[str]] = {}
        for row in rows.get("Themes", []):
            key = (row.values["call"], row.values["reference"])
            themed.setdefault(key, set()).add(row.values["theme"])
        for key, codes in themed.items():
            candidate = candidate_for(key)
            if set(candidate.themes.values_list("code", flat=True)) != codes:
                candidate.themes.set(Theme.objects.filter(code__in=codes))
                changed[key] = True
    if "Places" in present:
        for key, areas in places.items():
            candidate = candidate_for(key)
            served = {area.pk for area in areas}
            if set(candidate.places.values_list("pk", flat=True)) != served:
                candidate.places.set(areas)
                changed[key] = True
    new = set(report.created)
    for key, dirty in sorted(changed.items()):
        label = f"{key[0]} {key[1]}"
        if label in new:
            continue
        (report.updated if dirty else report.unchanged).append(label)
