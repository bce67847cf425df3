"""The evidence base as the open data API gives it: an indicator's description, its
observations as CSV, and a scorecard line, shaped from ``localgrowth.evidence.analysis`` and
the evidence models."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from localgrowth.evidence import analysis
from localgrowth.evidence.models import Indicator


def indicator_record(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    observations = reverse("api-v1:indicator-observations", kwargs={"code": indicator.code})
    return {
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "decimal_places": indicator.decimal_places,
        "polarity": indicator.polarity,
        "theme": indicator.theme_id,
        "theme_title": indicator.theme.title,
        "source_publisher": indicator.source_publisher,
        "source_title": indicator.source_title,
        "source_url": indicator.source_url,
        "licence": indicator.licence,
        "attribution": indicator.attribution,
        "geography_level": indicator.geography_level,
        "period_type": indicator.period_type,
        "aggregation": indicator.aggregation,
        "numerator_title": indicator.numerator_title,
        "denominator_title": indicator.denominator_title,
        "aggregation_note": indicator.aggregation_note,
        "method_note": indicator.method_note,
        "comparable_over_time": indicator.comparable_over_time,
        "by_industry": indicator.by_industry,
        "latest_period": analysis.latest_period(indicator),
        "observations": request.build_absolute_uri(observations),
    }


def area_ref(area: Any) -> dict[str, str] | None:
    if area is None:
        return None
    return {"code": area.code, "name": area.name, "type": area.area_type}


def observations_csv(rows: Any, indicator: Indicator) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    by_industry = indicator.by_industry
    ratio = indicator.aggregation == "ratio"
    header = [
        "area_code",
        "area_name",
        *(["industry_code"] if by_industry else []),
        "period",
        "period_start",
        "value",
        "lower",
        "upper",
        *(["numerator", "denominator"] if ratio else []),
        "release",
        "release_date",
    ]
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                row.area.code,
                row.area.name,
                *([row.industry.code if row.industry else ""] if by_industry else []),
                row.period,
                row.period_start.isoformat(),
                repr(row.value),
                "" if row.lower is None else repr(row.lower),
                "" if row.upper is None else repr(row.upper),
                *(
                    [
                        "" if row.numerator is None else repr(row.numerator),
                        "" if row.denominator is None else repr(row.denominator),
                    ]
                    if ratio
                    else []
                ),
                row.release.title,
                row.release.published.isoformat() if row.release.published else "",
            ]
        )
    return HttpResponse(
        buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{indicator.code}.csv"'},
    )


def comparison(found: analysis.Comparison | None) -> dict[str, Any] | None:
    return None if found is None else vars(found)


def scorecard_line(line: analysis.ScorecardLine) -> dict[str, Any]:
    value = line.value
    rank = line.rank
    found = line.trend
    return {
        "indicator": line.indicator.code,
        "title": line.indicator.title,
        "unit": line.indicator.unit,
        "polarity": line.indicator.polarity,
        "period": line.period,
        "value": None if value is None else value.value,
        "lower": None if value is None else value.lower,
        "upper": None if value is None else value.upper,
        "published": None if value is None else value.published,
        "england": comparison(line.england),
        "region": comparison(line.region),
        "similar_places": comparison(line.similar),
        "rank": None
        if rank is None
        else {
            "position": rank.position,
            "of": rank.of,
            "quintile": rank.quintile,
            "has_direction": rank.has_direction,
        },
        "rag": None if line.rag is None else str(line.rag),
        "rag_label": None if line.rag is None else line.rag.label,
        "significance": line.significance,
        "trend": None
        if found is None
        else {
            "base_period": line.trend_base or "",
            "base_year": found.base_year,
            "base_value": found.base_value,
            "latest_year": found.latest_year,
            "change": found.change,
            "percent_change": found.percent_change,
            "cagr_percent": found.cagr_percent,
            "note": found.note,
        },
        "trend_note": line.trend_note,
        "note": line.note,
    }
