"""Records as the API gives them (see ``schemas``); the list's records come from
``exports.project_record``, which GeoJSON shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from localgrowth.framework.models import Document, Theme
from localgrowth.places.models import Area
from localgrowth.projects.area_shares import AreaTotals
from localgrowth.projects.models import Programme, Project
from localgrowth.web.headlines import Headline, programme_summary

from .exports import money, project_record

CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def project_detail_payload(project: Project, changes: list[tuple[datetime, str]]) -> dict[str, Any]:
    return {
        **project_record(project),
        "notes": project.notes,
        "match_funding": [
            {
                "source": line.source_name,
                "type": line.funding_type,
                "type_label": line.get_funding_type_display(),
                "amount": money(line.amount),
            }
            for line in project.match_funding.all()
        ],
        "spend": [
            {
                "financial_year": line.financial_year,
                "basis": line.basis,
                "amount": money(line.amount),
                "note": line.note,
            }
            for line in project.spend.all()
        ],
        "outputs": [
            {
                "output_type": line.output_type.code,
                "name": line.output_type.name,
                "unit": line.output_type.unit,
                "period": line.period,
                "basis": line.basis,
                "value": str(line.value),
                "note": line.note,
            }
            for line in project.outputs.all()
        ],
        "history": [{"date": when, "type": CHANGE_TYPES.get(kind, kind)} for when, kind in changes],
    }


def _area_ref(area: Area) -> dict[str, str]:
    return {"code": area.code, "name": area.name, "type": area.area_type}


def area_payload(area: Area, totals: AreaTotals, projects_url: str) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "type": area.area_type,
        "type_label": area.get_area_type_display(),
        "valid_from": area.valid_from,
        "valid_to": area.valid_to,
        "parents": [_area_ref(parent) for parent in area.parents.order_by("area_type", "code")],
        "children": [_area_ref(child) for child in area.children.order_by("area_type", "code")],
        "totals": {
            "project_count": totals.project_count,
            "shared_project_count": totals.shared_project_count,
            "grant": money(totals.grant),
            "total_cost": money(totals.total_cost),
            "jobs": str(totals.jobs),
            "homes": str(totals.homes),
        },
        "projects": projects_url,
    }


def progress_payload(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "name": programme.name,
        "partnership": programme.partnership.name,
        "start_date": programme.start_date,
        "end_date": programme.end_date,
        "funds": [{"code": fund.code, "name": fund.name} for fund in programme.funds.all()],
        "targets": [
            {
                "measure": target.measure,
                "measure_label": target.get_measure_display(),
                "value": str(target.value),
                "deadline": target.deadline,
                "set_on": target.set_on,
                "is_current": target.is_current,
                "wording": target.wording,
                "source_url": target.source_url,
            }
            for target in programme.targets.all()
        ],
        "snapshots": [
            {
                "as_at": snapshot.as_at,
                "as_at_label": snapshot.as_at_label,
                "measure": snapshot.measure,
                "measure_label": snapshot.get_measure_display(),
                "value": str(snapshot.value),
                "wording": snapshot.wording,
                "source_url": snapshot.source_url,
            }
            for snapshot in programme.snapshots.all()
        ],
        "headlines": [headline_record(h) for h in programme_summary(programme).headlines],
    }


def headline_record(headline: Headline) -> dict[str, Any]:
    """A headline as the home page shows it: the latest dated figure (undated ones are in
    ``snapshots``), the current target and what the figures say about its deadline."""
    figure, target, outcome = headline.figure, headline.target, headline.outcome
    return {
        "key": headline.key,
        "title": headline.title,
        "value": None if figure is None else str(figure.value),
        "as_at": None if figure is None else figure.as_at,
        "source_url": None if figure is None else figure.source.url,
        "target": None if target is None else str(target.value),
        "deadline": None if target is None else target.deadline,
        "outcome": None if outcome is None else str(outcome.outcome),
        "outcome_text": headline.outcome_text or None,
    }


def framework_payload(documents: list[Document], themes: list[Theme]) -> dict[str, Any]:
    return {
        "documents": [
            {
                "slug": document.slug,
                "title": document.title,
                "kind": document.kind,
                "kind_label": document.get_kind_display(),
                "publisher": document.publisher,
                "year": document.year,
                "status": document.status,
                "url": document.url,
            }
            for document in documents
        ],
        "themes": [
            {
                "code": theme.code,
                "kind": theme.kind,
                "kind_label": theme.get_kind_display(),
                "title": theme.title,
                "document": theme.document.slug if theme.document else None,
                "project_count": getattr(theme, "project_count", 0),
            }
            for theme in themes
        ],
    }
