"""The data the service ships, with source, licence and date: a summary of the PROVENANCE files
(``places/data/PROVENANCE.md``, ``demo/data/PROVENANCE.md`` and
``evidence/data/PROVENANCE.md``), which are also served in full, and the official releases held
in the evidence base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from localgrowth.evidence.models import Release

PACKAGE = Path(__file__).resolve().parents[1]
PROVENANCE_FILES = {
    "places": PACKAGE / "places" / "data" / "PROVENANCE.md",
    "demo": PACKAGE / "demo" / "data" / "PROVENANCE.md",
    "evidence": PACKAGE / "evidence" / "data" / "PROVENANCE.md",
}

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CC_BY = "Creative Commons Attribution 4.0"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/"
OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
OS_ATTRIBUTION = "Contains OS data © Crown copyright and database right"


@dataclass(frozen=True)
class Link:
    text: str
    url: str = ""


@dataclass(frozen=True)
class DataSource:
    slug: str
    name: str
    what: str
    publisher: str
    dated: str
    licence: Link
    source: Link
    attribution: str
    caveats: str
    provenance: str  # which PROVENANCE file describes it in full


def _github(repository: str, commit: str) -> Link:
    return Link(
        f"{repository} at commit {commit[:7]}", f"https://github.com/{repository}/tree/{commit}"
    )


SOURCES = (
    DataSource(
        "district-boundaries",
        "Local authority district boundaries",
        "England's 296 districts and unitary authorities, ultra-generalised (BUC, 500 m), with "
        "their names, codes and centroids.",
        "Office for National Statistics (Open Geography Portal)",
        "December 2023 boundaries",
        Link(f"{OGL} and OS copyright", OGL_URL),
        _github("jhellingsdata/RADataHub", "2403994c487ed15ac85fff28ef968b66b3edbaa3"),
        f"{OGL_ATTRIBUTION} {OS_ATTRIBUTION} 2023. Source: Office for National Statistics.",
        "Very coarse at the coast: points such as Hastings Pier fall just outside every polygon, "
        "so the nearest district within 2 km is used and the project says so.",
        "places",
    ),
    DataSource(
        "lep-boundaries",
        "Local Enterprise Partnership boundaries",
        "The 38 LEPs of England (BUC); the South East LEP is E37000056, and E37000030 before "
        "April 2020.",
        "Office for National Statistics",
        "May 2021 boundaries",
        Link(f"{OGL} and OS copyright", OGL_URL),
        _github(
            "dfe-analytical-services/lsip_dashboard", "dd8896767a11cfe6e3859c0ce64e5179beae5fa9"
        ),
        f"{OGL_ATTRIBUTION} {OS_ATTRIBUTION} 2021. Source: Office for National Statistics.",
        "Some LEPs overlap where a district belonged to two of them.",
        "places",
    ),
    DataSource(
        "region-lookup",
        "District to region lookup",
        "Which of England's 9 regions each district is in.",
        "Office for National Statistics",
        "December 2023",
        Link(OGL, OGL_URL),
        _github("open-innovations/true-north", "423d134347a1d987164f8bc4d0150d7b47df1ea3"),
        OGL_ATTRIBUTION,
        "The South East LEP spans two regions: East of England and South East.",
        "places",
    ),
    DataSource(
        "combined-authority-lookup",
        "District to combined authority lookup",
        "The districts of England's 15 combined authorities.",
        "Office for National Statistics",
        "May 2025",
        Link(OGL, OGL_URL),
        _github(
            "dfe-analytical-services/lsip_dashboard", "ace69761dfd4f8b139c9dd5ea6d3e06bdf3f8f6a"
        ),
        OGL_ATTRIBUTION,
        "Uses 2025 district codes; two recoded districts are mapped back to their 2023 codes.",
        "places",
    ),
    DataSource(
        "lep-lookup",
        "District to LEP lookup (derived)",
        "The LEP or LEPs covering more than half of each district's area.",
        "Derived by this project from the two boundary files above",
        "December 2023 districts, May 2021 LEPs",
        Link(f"Derived from {OGL} data", OGL_URL),
        Link("Derived: not published elsewhere"),
        f"{OGL_ATTRIBUTION} {OS_ATTRIBUTION}.",
        "Not an official ONS lookup: check it against the ONS lookup before relying on it.",
        "places",
    ),
    DataSource(
        "council-names",
        "UK local authority names and codes",
        "Councils past, present and planned: used for each district's county and the start "
        "date of newer codes.",
        "mySociety",
        "Commit of 10 July 2025",
        Link(CC_BY, CC_BY_URL),
        _github(
            "mysociety/uk_local_authority_names_and_codes",
            "67ef8b118938678401a452f4f19f669a7221cc73",
        ),
        "“UK local authority names and codes” by mySociety, CC BY 4.0. The codes and names "
        "it carries are ONS data under the Open Government Licence v3.0.",
        "A council's start date is not its code's start date when the council is older than "
        "GSS codes, so those codes have no start date rather than a wrong one.",
        "places",
    ),
    DataSource(
        "projects",
        "SELEP project register",
        "138 projects of the Local Growth Fund, Getting Building Fund, Growing Places Fund and "
        "Skills Capital Fund: areas, funding, outputs, years, status and category.",
        "Compiled from public pages: southeastlep.com project pages, council committee papers "
        "and local press",
        "Each row names its own source pages",
        Link(f"Facts only; the public-sector pages behind them are under the {OGL}", OGL_URL),
        Link("Each project's sources are listed with the project"),
        OGL_ATTRIBUTION,
        "Amounts are recorded for 102 projects and jobs or homes for 38; empty cells stay empty. "
        "No project has a surveyed point: each is placed at the centre of the area it serves.",
        "demo",
    ),
    DataSource(
        "framework",
        "Strategy documents and framework",
        "The Industrial Strategy 2017, Strategic Economic Plan 2014, Smarter Faster Together "
        "2018, draft Local Industrial Strategy 2019 and Economic Recovery and Renewal Strategy "
        "2021; the two core aims, five foundations, four Grand Challenges and each document's "
        "priorities.",
        "HM Government; South East Local Enterprise Partnership",
        "2014 to 2021, each document with its year",
        Link(f"Facts only; HM Government's Industrial Strategy is under the {OGL}", OGL_URL),
        Link("Each document and theme names its source on the Our strategy page", "/strategy/"),
        OGL_ATTRIBUTION,
        "The 2019 Local Industrial Strategy was a draft and was not finalised in the sources seen.",
        "demo",
    ),
    DataSource(
        "programmes",
        "Funds, programmes, targets and progress",
        "The Growth Deal 2015–2021, Getting Building Fund and Growing Places Fund, their "
        "headline targets and the progress the partnership reported.",
        "South East Local Enterprise Partnership pages and papers",
        "Each figure with the date its source gives, or marked “date not recorded”",
        Link("Facts only"),
        Link("Each figure links to its source on the home page", "/"),
        OGL_ATTRIBUTION,
        "Programme totals are quoted differently by different page versions (£562m, £570m, "
        "£579m, “almost £600m”); each figure keeps its own wording and source.",
        "demo",
    ),
)


def evidence_releases() -> list[Release]:
    """The official releases held in the evidence base, by publisher and title."""
    return list(Release.objects.order_by("publisher", "title", "published", "pk"))
