"""The decision paper of a saved scenario, as a staff page and as a PDF, and the scenario's
figures as an XLSX workbook, under /staff/calls/<call>/scenarios/<scenario>/.

Each needs the permission to view scenarios; an unknown call or scenario, or a scenario of
another call, is 404. Every figure is the scenario's as saved: nothing is chosen again.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from localgrowth.prioritisation.models import Scenario
from localgrowth.prioritisation.workbook import XLSX_TYPE, scenario_workbook

from .access import staff_view
from .decision_paper import TEMPLATE, decision_paper
from .pages import render

VIEW = "prioritisation.view_scenario"


def saved_scenario(slug: str, pk: int) -> Scenario:
    """The call's scenario; 404 when there is no such call or scenario, or the scenario is
    another call's."""
    scenario = (
        Scenario.objects.select_related("call", "call__fund", "created_by")
        .filter(pk=pk, call__slug=slug[:60])
        .first()
    )
    if scenario is None:
        raise Http404("There is no such scenario of this call.")
    return scenario


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(scenario: Scenario, suffix: str) -> str:
    return f"{scenario.call.slug}-scenario-{scenario.pk}{suffix}"


@require_safe
@staff_view(VIEW)
def paper(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = decision_paper(saved_scenario(slug, pk))
    return render(request, TEMPLATE, {"paper": found})


@require_safe
@staff_view(VIEW)
def paper_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    from .decision_paper import paper_pdf as draw

    scenario = saved_scenario(slug, pk)
    content = draw(decision_paper(scenario, for_print=True))
    return _download(content, "application/pdf", _file_name(scenario, "-decision-paper.pdf"))


@require_safe
@staff_view(VIEW)
def workbook(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = saved_scenario(slug, pk)
    content = scenario_workbook(scenario, produced_on=timezone.localdate())
    return _download(content, XLSX_TYPE, _file_name(scenario, ".xlsx"))
