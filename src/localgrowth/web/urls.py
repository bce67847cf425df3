from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("strategy/", views.strategy, name="strategy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about-data/", views.about_data, name="about-data"),
    path("about-data/provenance/<slug:name>.md", views.provenance, name="provenance"),
]
