"""The staff pages of strategy consultations, under /staff/consultation/."""

from django.urls import URLPattern, path

from . import consultation_pages

VERSION = "consultation/<slug:slug>/<int:number>/"

urlpatterns: list[URLPattern] = [
    path("consultation/", consultation_pages.consultations, name="consultation"),
    path(VERSION, consultation_pages.queue, name="consultation-version"),
    path(f"{VERSION}comments.csv", consultation_pages.export, name="consultation-export"),
    path(
        f"{VERSION}comments/<int:pk>/",
        consultation_pages.comment_page,
        name="consultation-comment",
    ),
    path(
        f"{VERSION}comments/<int:pk>/publish/",
        consultation_pages.approve,
        name="consultation-approve",
    ),
    path(
        f"{VERSION}comments/<int:pk>/reject/",
        consultation_pages.reject,
        name="consultation-reject",
    ),
]
