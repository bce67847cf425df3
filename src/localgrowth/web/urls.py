from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("strategy/", views.strategy, name="strategy"),
    path("projects/", views.projects, name="projects"),
    path("projects/<path:reference>/", views.project, name="project"),
    path("areas/boundaries.geojson", views.boundaries, name="boundaries"),
    path("areas/<str:code>/", views.area, name="area"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about-data/", views.about_data, name="about-data"),
    path("about-data/provenance/<slug:name>.md", views.provenance, name="provenance"),
]
