"""The staff pages of funding calls and their scenarios, under /staff/calls/."""

from django.urls import URLPattern, path

from . import call_pages

urlpatterns: list[URLPattern] = [
    path("calls/", call_pages.calls_list, name="calls"),
    path("calls/<slug:slug>/", call_pages.call_page, name="call"),
    path("calls/<slug:slug>/scenarios/new/", call_pages.scenario_new, name="scenario-new"),
    path(
        "calls/<slug:slug>/scenarios/compare/", call_pages.scenario_compare, name="scenario-compare"
    ),
    path("calls/<slug:slug>/scenarios/<int:pk>/", call_pages.scenario_page, name="scenario"),
    path(
        "calls/<slug:slug>/scenarios/<int:pk>/publish/",
        call_pages.scenario_publish,
        name="scenario-publish",
    ),
]
