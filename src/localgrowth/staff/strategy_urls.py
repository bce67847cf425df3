"""The staff pages of the strategy, under /staff/strategy/."""

from django.urls import URLPattern, path

from . import strategy_pages

urlpatterns: list[URLPattern] = [
    path("strategy/", strategy_pages.strategy_list, name="strategy"),
    path(
        "strategy/<slug:slug>/compare/",
        strategy_pages.version_compare,
        name="strategy-compare",
    ),
    path(
        "strategy/<slug:slug>/versions/<int:number>/",
        strategy_pages.version_page,
        name="strategy-version",
    ),
    path(
        "strategy/<slug:slug>/versions/<int:number>/publish/",
        strategy_pages.version_publish,
        name="strategy-publish",
    ),
    path(
        "strategy/<slug:slug>/versions/<int:number>/new-draft/",
        strategy_pages.version_new_draft,
        name="strategy-new-draft",
    ),
]
