"""Load the SELEP demonstration: real places, the strategy framework, the programmes with their
targets and dated progress, and the 138 projects of the SELEP register."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from openpyxl import Workbook

from localgrowth.core.importing import ImportReport
from localgrowth.core.roles import ADMIN
from localgrowth.evidence.models import Observation
from localgrowth.evidence.services import load_evidence
from localgrowth.framework.importers import import_framework
from localgrowth.places.models import Partnership
from localgrowth.places.services import load_england_places
from localgrowth.projects.importers import import_projects
from localgrowth.projects.models import (
    Fund,
    HeadlineTarget,
    OutputType,
    Programme,
    ProgressSnapshot,
)
from localgrowth.projects.template import PROJECT_SHEETS

from . import programme, register
from .prioritisation import load_lgf3b_call
from .returns import load_illustrative_monitoring
from .strategy import load_strategy

DATA = Path(__file__).parent / "data"
Say = Callable[[str], None]


def load_demo(say: Say = print, *, evidence: bool = True) -> register.Conversion:
    """Load the SELEP demo: England's places, the strategy framework, the programme with its
    targets and progress, the evidence base (unless ``evidence`` is False), the projects, the
    LGF3b call and, when the evidence base holds values, the strategy.
    Loading again changes nothing."""
    load_england_places()
    say("Places: England's districts, counties, regions, combined authorities and LEPs loaded.")
    for name, sheet in (
        ("framework-documents.csv", "Documents"),
        ("framework-themes.csv", "Themes"),
    ):
        report = import_framework(DATA / name, sheet=sheet)
        say(f"Framework {sheet.lower()}: {report.summary()}")
    load_programmes()
    say("Funds, programmes, headline targets and progress snapshots loaded.")
    if evidence:
        load_evidence(say)
    conversion = register.convert(register.read_register())
    workbook = write_register_workbook(
        conversion, settings.VAR_DIR / "demo" / "selep-projects.xlsx"
    )
    projects: ImportReport = import_projects(workbook)
    say(f"Projects ({workbook.name}): {projects.summary()}")
    for reference, name in conversion.unmatched_areas:
        say(f"Area name not matched, project placed in its federated area: {reference} '{name}'")
    load_illustrative_monitoring(say)
    load_lgf3b_call(say)
    if Observation.objects.exists():
        load_strategy(say)
    else:
        say("Strategy: not loaded, as its priorities rest on the evidence base, which is empty.")
    return conversion


@transaction.atomic
def load_programmes() -> None:
    for output_type in programme.OUTPUT_TYPES:
        OutputType.objects.update_or_create(
            code=output_type.code,
            defaults={
                "name": output_type.name,
                "unit": output_type.unit,
                "description": output_type.description,
            },
        )
    for fund in programme.FUNDS:
        Fund.objects.update_or_create(
            code=fund.code,
            defaults={
                "name": fund.name,
                "kind": fund.kind,
                "round": fund.round,
                "description": fund.description,
                "source_url": fund.source_url,
            },
        )
    partnership = Partnership.objects.get(slug="selep")
    for fact in programme.PROGRAMMES:
        record, _ = Programme.objects.update_or_create(
            slug=fact.slug,
            defaults={
                "name": fact.name,
                "partnership": partnership,
                "start_date": fact.start,
                "end_date": fact.end,
                "description": fact.description,
            },
        )
        record.funds.set(Fund.objects.filter(code__in=fact.funds))
    _load_targets()
    _load_snapshots()


def _load_targets() -> None:
    programmes = {record.slug: record for record in Programme.objects.all()}
    for target in programme.TARGETS:
        HeadlineTarget.objects.update_or_create(
            programme=programmes[target.programme],
            measure=target.measure,
            is_current=target.is_current,
            set_on=target.set_on,
            defaults={
                "value": target.value,
                "deadline": target.deadline,
                "wording": target.wording,
                "source_url": target.source_url,
            },
        )


def _load_snapshots() -> None:
    growth_deal = Programme.objects.get(slug="selep-growth-deal")
    for snapshot in programme.GROWTH_DEAL_SNAPSHOTS:
        ProgressSnapshot.objects.update_or_create(
            programme=growth_deal,
            measure=snapshot.measure,
            as_at_label=snapshot.label,
            defaults={
                "as_at": snapshot.as_at,
                "value": snapshot.value,
                "wording": snapshot.wording,
                "source_url": snapshot.source_url,
            },
        )


def write_register_workbook(conversion: register.Conversion, path: Path) -> Path:
    """Write the converted register as a workbook in the import template."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheets = {
        "Projects": conversion.projects,
        "Match funding": conversion.match_funding,
        "Outputs": conversion.outputs,
        "Themes": conversion.themes,
    }
    for spec in PROJECT_SHEETS:
        if spec.name not in sheets:
            continue
        sheet = workbook.create_sheet(spec.name)
        names = [column.name for column in spec.columns]
        sheet.append(names)
        for row in sheets[spec.name]:
            sheet.append([row.get(name, "") or None for name in names])
    workbook.save(path)
    return path


def ensure_demo_admin(say: Say = print) -> None:
    """An administrator for the demo. The password comes from LOCALGROWTH_ADMIN_PASSWORD, or is
    generated once and kept, readable only by its owner, in the var directory."""
    import os

    users = get_user_model()
    secret_file = settings.VAR_DIR / "demo-admin-password"
    password = os.environ.get("LOCALGROWTH_ADMIN_PASSWORD")
    if password is None and secret_file.exists():
        password = secret_file.read_text().strip()
    if password is None:
        password = secrets.token_urlsafe(12)
        secret_file.write_text(password)
        secret_file.chmod(0o600)
    user, _ = users.objects.get_or_create(username="admin", defaults={"is_staff": True})
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ADMIN))
    say(
        f"Sign in at /admin/ as 'admin' with the password in {secret_file}"
        if not os.environ.get("LOCALGROWTH_ADMIN_PASSWORD")
        else "Sign in at /admin/ as 'admin' with LOCALGROWTH_ADMIN_PASSWORD."
    )
