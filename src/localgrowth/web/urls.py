from django.urls import path

from . import consultation_pages, strategy_line_of_sight, strategy_pages, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("strategy/", views.strategy, name="strategy"),
    path("strategy/<slug:slug>/", strategy_pages.strategy_detail, name="strategy-detail"),
    path(
        "strategy/<slug:slug>/<int:number>/",
        strategy_pages.strategy_version,
        name="strategy-version",
    ),
    path(
        "strategy/<slug:slug>/<int:number>/summary/",
        strategy_pages.strategy_summary,
        name="strategy-summary",
    ),
    path(
        "strategy/<slug:slug>/<int:number>/document.pdf",
        strategy_pages.strategy_pdf,
        name="strategy-pdf",
    ),
    path(
        "strategy/<slug:slug>/<int:number>/line-of-sight/",
        strategy_line_of_sight.line_of_sight,
        name="strategy-line-of-sight",
    ),
    path(
        "strategy/<slug:slug>/<int:number>/comment/",
        consultation_pages.comment,
        name="strategy-comment",
    ),
    path(
        "strategy/<slug:slug>/<int:number>/comment/sent/",
        consultation_pages.comment_sent,
        name="strategy-comment-sent",
    ),
    path("projects/", views.projects, name="projects"),
    path("projects/<path:reference>/", views.project, name="project"),
    path("areas/boundaries.geojson", views.boundaries, name="boundaries"),
    path("areas/<str:code>/shares.csv", views.area_shares_csv, name="area-shares-csv"),
    path("areas/<str:code>/", views.area, name="area"),
    path("evidence/", views.evidence, name="evidence"),
    path("evidence/indicators/<slug:code>/", views.evidence_indicator, name="evidence-indicator"),
    path(
        "evidence/indicators/<slug:code>/<slug:chart>.csv",
        views.evidence_indicator_csv,
        name="evidence-indicator-csv",
    ),
    path("evidence/areas/<str:code>/", views.evidence_area, name="evidence-area"),
    path(
        "evidence/areas/<str:code>/scorecard.csv",
        views.evidence_scorecard_csv,
        name="evidence-scorecard-csv",
    ),
    path(
        "evidence/areas/<str:code>/strengths/",
        views.evidence_strengths,
        name="evidence-strengths",
    ),
    path(
        "evidence/areas/<str:code>/strengths/<slug:table>.csv",
        views.evidence_strengths_csv,
        name="evidence-strengths-csv",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about-data/", views.about_data, name="about-data"),
    path("about-data/provenance/<slug:name>.md", views.provenance, name="provenance"),
]
