"""WCAG 2.2 reflow (1.4.10): at 320 CSS pixels wide every public and staff page fits the
viewport; a wide table scrolls inside its own container, which a keyboard can reach."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db
WIDTH = 320
PASSWORD = "correct horse battery staple 7"
THANET = "E07000114"
SELEP = "E37000056"

PUBLIC = [
    "/",
    "/projects/",
    "/projects/SELEP-001/",
    f"/areas/{THANET}/",
    f"/areas/{SELEP}/",
    "/strategy/",
    "/evidence/",
    f"/evidence/areas/{THANET}/",
    f"/evidence/areas/{THANET}/strengths/",
    f"/evidence/indicators/gva-per-hour-worked/?area={THANET}&compare=england",
    "/about-data/",
    "/accessibility/",
    "/api/v1/docs",
]
STAFF = [
    "/staff/",
    "/staff/programme/?programme=selep-growth-deal",
    "/staff/returns/",
    "/staff/baselines/",
    "/staff/calls/",
    "/staff/strategy/",
    "/staff/consultation/",
]


def strategy_pages() -> list[str]:
    from localgrowth.strategy.models import Version

    version = Version.objects.select_related("strategy").order_by("-number").first()
    if version is None:
        return []
    args = [version.strategy.slug, version.number]
    return [
        reverse("web:strategy-detail", args=args[:1]),
        reverse("web:strategy-version", args=args),
        reverse("web:strategy-summary", args=args),
        reverse("web:strategy-line-of-sight", args=args),
    ]


def staff_detail_pages() -> list[str]:
    from localgrowth.prioritisation.models import Call
    from localgrowth.returns.models import Return

    found = []
    quarterly = Return.objects.order_by("pk").first()
    if quarterly is not None:
        found.append(reverse("staff:return", args=[quarterly.pk]))
    call = Call.objects.order_by("pk").first()
    if call is not None:
        found.append(reverse("staff:call", args=[call.slug]))
    return found


WIDTH_AND_CAUSE = """(limit) => {
    const width = () => document.documentElement.scrollWidth;
    const cause = [];
    let parent = document.body;
    while (parent && cause.length < 8) {
        let found = null;
        for (const child of parent.children) {
            const shown = child.style.display;
            child.style.display = 'none';
            const fits = width() <= limit;
            child.style.display = shown;
            if (fits) { found = child; break; }
        }
        if (!found) break;
        cause.push(found.tagName.toLowerCase() + (found.id ? '#' + found.id : ''));
        parent = found;
    }
    return {width: width(), wide: cause};
}"""


def too_wide(page) -> dict:
    """The page's width, and the chain of elements that makes it wider than the viewport (the
    element whose hiding makes the page fit, then its child that does, and so on)."""
    return page.evaluate(WIDTH_AND_CAUSE, WIDTH)


def described(faults: dict) -> str:
    return "\n".join(
        f"{path}: {found['width']} px, from {' > '.join(found['wide'])}"
        for path, found in faults.items()
    )


@pytest.fixture
def narrow(page, server, demo, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    page.set_viewport_size({"width": WIDTH, "height": 900})
    return page, server.url


def assert_every_page_fits(page, base: str, paths: list[str], axe) -> None:
    """Each page answers 200, is no wider than the viewport and has no axe violation."""
    faults, violations = {}, {}
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        found = too_wide(page)
        if found["width"] > WIDTH:
            faults[path] = found
        if found_violations := axe(page):
            violations[path] = [(v["id"], v["nodes"][:3]) for v in found_violations]
    assert faults == {}, described(faults)
    assert violations == {}


def test_every_public_page_fits_320_pixels_and_passes_axe(narrow, axe):
    page, base = narrow
    assert_every_page_fits(page, base, PUBLIC + strategy_pages(), axe)


def test_every_staff_page_fits_320_pixels_and_passes_axe(narrow, axe):
    page, base = narrow
    User.objects.create_superuser("reflow", password=PASSWORD)
    page.goto(f"{base}/admin/login/?next=/staff/")
    page.fill("#id_username", "reflow")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_every_page_fits(page, base, STAFF + staff_detail_pages(), axe)


def test_a_wide_table_scrolls_in_a_region_the_keyboard_reaches(narrow, axe):
    page, base = narrow
    page.goto(f"{base}/projects/")
    page.wait_for_load_state("networkidle")
    region = page.locator(".lg-table-scroll").first
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label")
    assert axe(page) == []
