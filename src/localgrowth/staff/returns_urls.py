"""The staff pages of monitoring returns and change control, under /staff/."""

from django.urls import URLPattern, path

from . import baseline_pages, returns_pages

urlpatterns: list[URLPattern] = [
    path("returns/", returns_pages.returns_list, name="returns"),
    path("returns/workbook/", returns_pages.return_workbook, name="return-workbook"),
    path("returns/upload/", returns_pages.return_upload, name="return-upload"),
    path("returns/<int:pk>/", returns_pages.return_page, name="return"),
    path("returns/<int:pk>/approve/", returns_pages.return_approve, name="return-approve"),
    path("returns/<int:pk>/send-back/", returns_pages.return_send_back, name="return-send-back"),
    path(
        "returns/<int:pk>/compare/<int:other>/",
        returns_pages.return_compare,
        name="return-compare",
    ),
    path("baselines/", baseline_pages.changes_list, name="baseline-changes"),
    path("baselines/propose/", baseline_pages.propose_find, name="baseline-propose-find"),
    path("baselines/propose/<path:reference>/", baseline_pages.propose, name="baseline-propose"),
    path("baselines/<int:pk>/", baseline_pages.change_page, name="baseline-change"),
    path("baselines/<int:pk>/approve/", baseline_pages.change_approve, name="baseline-approve"),
    path("baselines/<int:pk>/reject/", baseline_pages.change_reject, name="baseline-reject"),
]
