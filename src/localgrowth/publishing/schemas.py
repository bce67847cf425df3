"""The API's response shapes, which its OpenAPI document publishes. Money and other exact
quantities are strings of decimal digits (``"1250000.00"``), never floats."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

MONEY = "Pounds and pence as a decimal string, such as 1250000.00; null when not recorded."


class ParameterError(Schema):
    parameter: str = Field(description="The query or path parameter at fault.")
    message: str = Field(description="What is wrong and how to put it right.")


class Error(Schema):
    message: str
    errors: list[ParameterError] = Field(default_factory=list)


class Dated(Schema):
    date: date
    precision: str = Field(description="How precise the date is: day, month or year.")


class Location(Schema):
    lat: float
    lon: float
    precision: str = Field(
        description="exact, place, district_centroid (the centroid of the district served) "
        "or area_centroid (of a larger area)."
    )
    place: str


class AreaShare(Schema):
    code: str
    name: str
    share: str = Field(description="The project's share in this area; a project's add up to 1.")


class ThemeTag(Schema):
    code: str
    title: str
    kind: str


class Project(Schema):
    reference: str
    title: str
    summary: str
    promoter: str
    status: str
    status_label: str
    status_as_reported: str
    category: str
    category_label: str
    fund: str
    fund_name: str
    programme: str | None
    programme_name: str | None
    federated_area: str | None
    federated_area_name: str | None
    grant: str | None = Field(description=MONEY)
    total_cost: str | None = Field(description=MONEY)
    start: Dated | None
    end: Dated | None
    location: Location | None
    areas: list[AreaShare]
    themes: list[ThemeTag]
    url: str = Field(description="The path of the project's page on this site.")
    sources: list[str]


class ProjectPage(Schema):
    count: int = Field(description="How many projects match the filters, on every page.")
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Project]


class MatchFunding(Schema):
    source: str
    type: str
    type_label: str
    amount: str | None = Field(description=MONEY)


class SpendLine(Schema):
    financial_year: str
    basis: str
    amount: str


class OutputLine(Schema):
    output_type: str
    name: str
    unit: str
    period: str = Field(description="A financial year such as 2019/20, or empty: whole life.")
    basis: str
    value: str
    note: str


class Change(Schema):
    date: datetime
    type: str = Field(description="created, changed or deleted.")


class ProjectDetail(Project):
    notes: str
    match_funding: list[MatchFunding]
    spend: list[SpendLine]
    outputs: list[OutputLine]
    history: list[Change] = Field(description="Each recorded change to the project, newest first.")


class AreaRef(Schema):
    code: str
    name: str
    type: str


class AreaTotals(Schema):
    project_count: int = Field(description="Projects serving the area or an area within it.")
    shared_project_count: int = Field(
        description="Further projects serving a wider area that overlaps this one."
    )
    grant: str
    total_cost: str
    jobs: str = Field(description="Forecast jobs created, apportioned to the area.")
    homes: str = Field(description="Forecast homes, apportioned to the area.")


class Area(Schema):
    code: str
    name: str
    type: str
    type_label: str
    valid_from: date | None
    valid_to: date | None
    parents: list[AreaRef]
    children: list[AreaRef]
    totals: AreaTotals
    projects: str = Field(description="The API address of the projects serving this area.")


class FundRef(Schema):
    code: str
    name: str


class Target(Schema):
    measure: str
    measure_label: str
    value: str
    deadline: date
    set_on: date | None
    is_current: bool
    wording: str
    source_url: str


class Snapshot(Schema):
    as_at: date | None
    as_at_label: str
    measure: str
    measure_label: str
    value: str
    wording: str
    source_url: str


class Progress(Schema):
    slug: str
    name: str
    partnership: str
    start_date: date | None
    end_date: date | None
    funds: list[FundRef]
    targets: list[Target]
    snapshots: list[Snapshot]


class Document(Schema):
    slug: str
    title: str
    kind: str
    kind_label: str
    publisher: str
    year: int
    status: str
    url: str


class Theme(Schema):
    code: str
    kind: str
    kind_label: str
    title: str
    document: str | None
    project_count: int


class Framework(Schema):
    documents: list[Document]
    themes: list[Theme]


class FacetCount(Schema):
    code: str
    label: str
    count: int = Field(description="How many of the filtered projects have this value.")


class Facets(Schema):
    count: int = Field(description="How many projects match the filters.")
    facets: dict[str, list[FacetCount]] = Field(
        description="For status, category, fund, federated_area and foundation: every option, "
        "in the usual order, with how many of the filtered projects have it (0 where none do)."
    )


class MapGeometry(Schema):
    type: str = Field(description="Point.")
    coordinates: list[float] = Field(description="Longitude and latitude, in degrees.")


class MapFeature(Schema):
    type: str = Field(description="Feature.")
    id: str = Field(description="The project's reference, or the cluster's grid cell.")
    geometry: MapGeometry
    properties: dict[str, Any] = Field(
        description="A project: reference, title, status, status_label, fund_name, grant "
        "and url. A cluster: cluster (true), count and statuses (how many of each status)."
    )


class MapData(Schema):
    type: str = Field(description="FeatureCollection.")
    clustered: bool = Field(description="Whether the features are clusters, not projects.")
    zoom: int = Field(description="The zoom level the clusters were made for.")
    count: int = Field(description="How many projects the features represent.")
    total: int = Field(description="How many of the filtered projects have a location.")
    bounds: list[float] | None = Field(
        description="West, south, east and north of every filtered project with a location."
    )
    features: list[MapFeature]
