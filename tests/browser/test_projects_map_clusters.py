"""The Projects Map when the server clusters: circles with counts and a text alternative, the
count of projects represented kept, and new clusters asked for as the map moves. The point limit
is lowered so that the demo's 138 projects are clustered."""

import pytest

from localgrowth.publishing import maps

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(server, demo, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(maps, "POINT_LIMIT", 20)
    return server.url


def test_many_projects_are_drawn_as_server_clusters(page, site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site + "/projects/")
    page.wait_for_selector("#projects-map[data-state='ready']", timeout=15000)
    assert page.get_attribute("#projects-map", "data-clustered") == "true"
    assert int(page.get_attribute("#projects-map", "data-marker-count")) <= 138
    circles = page.locator("#projects-map .lg-cluster--server")
    assert circles.count() > 0
    first = circles.first
    assert first.get_attribute("title").endswith(": zoom in")
    assert "projects" in first.inner_text()
    assert "zoom in to see them one by one" in page.inner_text("#projects-map-status")
    assert any("bbox=" in url for url in requests)

    asked = len(requests)
    first.click()
    page.wait_for_function(
        "document.querySelector('#projects-map').getAttribute('data-state') === 'ready'"
    )
    page.wait_for_load_state("networkidle")
    assert len([url for url in requests[asked:] if "/api/v1/projects/map" in url]) >= 1
    assert page.console_errors == []
