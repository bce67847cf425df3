"""Two versions of one project's return for one quarter, side by side: what was added, removed
or changed in the spend, outputs, milestones, risks, sign-off and narrative.

The lines are read from the database here; how they are matched and compared is
``localgrowth.domain.return_versions``, in pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from localgrowth.domain.return_versions import Counts, Line, LineDiff, compare_lines, count

from .models import Return

MONEY, NUMBER, DATE, TEXT = "money", "number", "date", "text"


class NotVersionsOfOneReturn(Exception):
    """The two returns are not two versions of one project's return for one quarter."""


@dataclass(frozen=True)
class Section:
    """One table of the comparison."""

    slug: str
    caption: str
    key_headings: tuple[str, ...]
    value_headings: tuple[str, ...]
    value_kinds: tuple[str, ...]
    """How each value column is shown: money, number, date or text."""
    diffs: list[LineDiff]

    @property
    def counts(self) -> Counts:
        return count(self.diffs)


@dataclass(frozen=True)
class Comparison:
    older: Return
    newer: Return
    sections: list[Section]

    @property
    def any_difference(self) -> bool:
        return any(section.counts.any_difference for section in self.sections)


def _basis(code: str) -> str:
    return "Actual" if code == "actual" else "Forecast"


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value is not None else ""


def spend_lines(version: Return) -> list[Line]:
    return [
        Line((line.financial_year, _basis(line.basis)), (line.amount,))
        for line in version.spend.order_by("financial_year", "basis")
    ]


def output_lines(version: Return) -> list[Line]:
    return [
        Line(
            (
                line.output_type.name,
                line.output_type.unit,
                line.period or "Whole life",
                _basis(line.basis),
            ),
            (line.value,),
        )
        for line in version.outputs.select_related("output_type").order_by(
            "output_type__name", "period", "basis"
        )
    ]


def milestone_lines(version: Return) -> list[Line]:
    return [
        Line(
            (line.name,),
            (line.baseline_date, line.forecast_date, line.actual_date, line.get_status_display()),
        )
        for line in version.milestones.order_by("position")
    ]


def risk_lines(version: Return) -> list[Line]:
    return [
        Line(
            (line.description,),
            (
                line.likelihood,
                line.impact,
                line.likelihood * line.impact,
                line.owner,
                line.mitigation,
                line.get_status_display(),
            ),
        )
        for line in version.risks.order_by("position")
    ]


def sign_off_lines(version: Return) -> list[Line]:
    return [
        Line(("Signed off by",), (version.sign_off_name,)),
        Line(("Role",), (version.sign_off_role,)),
        Line(("Date signed",), (_day(version.sign_off_date),)),
        Line(("Narrative",), (version.narrative,)),
    ]


def compare_versions(first: Return, second: Return) -> Comparison:
    """The older and the newer of two versions of one return, compared line by line."""
    same = (first.project_id, first.financial_year, first.quarter) == (
        second.project_id,
        second.financial_year,
        second.quarter,
    )
    if not same or first.pk == second.pk:
        raise NotVersionsOfOneReturn(
            "These are not two versions of one project's return for one quarter."
        )
    older, newer = sorted((first, second), key=lambda version: version.version)
    sections = [
        Section(
            "spend",
            "Spend by financial year",
            ("Financial year", "Forecast or actual"),
            ("Amount",),
            (MONEY,),
            compare_lines(spend_lines(older), spend_lines(newer)),
        ),
        Section(
            "outputs",
            "Outputs",
            ("Output type", "Unit", "Period", "Forecast or actual"),
            ("Value",),
            (NUMBER,),
            compare_lines(output_lines(older), output_lines(newer)),
        ),
        Section(
            "milestones",
            "Milestones",
            ("Milestone",),
            ("Baseline date", "Forecast date", "Actual date", "Status"),
            (DATE, DATE, DATE, TEXT),
            compare_lines(milestone_lines(older), milestone_lines(newer)),
        ),
        Section(
            "risks",
            "Risks",
            ("Risk",),
            ("Likelihood", "Impact", "Score", "Owner", "Mitigation", "Status"),
            (NUMBER, NUMBER, NUMBER, TEXT, TEXT, TEXT),
            compare_lines(risk_lines(older), risk_lines(newer)),
        ),
        Section(
            "sign-off",
            "Sign-off and narrative",
            ("Item",),
            ("Value",),
            (TEXT,),
            compare_lines(sign_off_lines(older), sign_off_lines(newer)),
        ),
    ]
    return Comparison(older, newer, sections)
