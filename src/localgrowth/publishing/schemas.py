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
    note: str = Field(description="Where the figure came from, e.g. an approved monitoring return.")


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


class HeadlineOut(Schema):
    key: str = Field(description="jobs, homes, investment, spend, projects-approved…")
    title: str
    value: str | None = Field(
        description="The latest dated figure: the last one dated on or before today. Figures "
        "whose source gives no date are in snapshots, never taken as the latest."
    )
    as_at: date | None
    source_url: str | None
    target: str | None = Field(description="The current target, if the measure has one.")
    deadline: date | None
    outcome: str | None = Field(
        description="met, open, reached late, not met, or not known (the deadline has passed "
        "and no figure is dated on or after it)."
    )
    outcome_text: str | None


class Progress(Schema):
    slug: str
    name: str
    partnership: str
    start_date: date | None
    end_date: date | None
    funds: list[FundRef]
    targets: list[Target]
    snapshots: list[Snapshot]
    headlines: list[HeadlineOut]


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


class IndicatorInfo(Schema):
    code: str
    title: str
    unit: str
    decimal_places: int
    polarity: str = Field(description="higher_better, lower_better or neither.")
    theme: str = Field(description="The aim, foundation or Grand Challenge, by theme code.")
    theme_title: str
    source_publisher: str
    source_title: str
    source_url: str
    licence: str
    attribution: str
    geography_level: str = Field(description="The finest geography the source publishes.")
    period_type: str
    aggregation: str = Field(
        description="sum, ratio (Σ numerator ÷ Σ denominator) or none (cannot be aggregated)."
    )
    numerator_title: str
    denominator_title: str
    aggregation_note: str
    method_note: str
    comparable_over_time: bool
    by_industry: bool
    latest_period: str | None
    observations: str = Field(description="The API address of the indicator's observations.")


class ReleaseRef(Schema):
    id: int
    title: str
    publisher: str
    published: date | None
    file_name: str


class ObservationOut(Schema):
    area_code: str
    area_name: str
    industry_code: str | None
    period: str
    period_start: date
    value: float
    lower: float | None
    upper: float | None
    numerator: float | None
    denominator: float | None
    cell: str = Field(description="Where the value is in the release's file.")
    release: ReleaseRef


class ObservationPage(Schema):
    count: int = Field(description="How many observations match, on every page.")
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ObservationOut]


class Comparison(Schema):
    value: float = Field(description="The comparator's value.")
    gap: float = Field(description="The area's value minus the comparator's.")
    gap_percent: float | None = Field(description="The gap as a percentage of the comparator.")


class RankOut(Schema):
    position: int = Field(description="1 is the best (the highest when no direction is better).")
    of: int
    quintile: int = Field(description="1 is the best fifth of all districts.")
    has_direction: bool


class TrendOut(Schema):
    base_period: str
    base_year: int
    base_value: float
    latest_year: int
    change: float
    percent_change: float | None
    cagr_percent: float | None = Field(description="Compound annual growth, per cent a year.")
    note: str


class ScorecardLineOut(Schema):
    indicator: str
    title: str
    unit: str
    polarity: str
    period: str | None
    value: float | None
    lower: float | None
    upper: float | None
    published: bool | None = Field(
        description="True when the source publishes the value for this area; false when it is "
        "aggregated from the area's districts."
    )
    england: Comparison | None
    region: Comparison | None
    similar_places: Comparison | None = Field(
        description="Against the median of the area's ten similar places."
    )
    rank: RankOut | None = Field(description="Among all districts.")
    rag: str | None = Field(description="green, amber, red or no_direction, against England.")
    rag_label: str | None
    significance: str | None = Field(
        description="higher, lower or not_significant against England, by confidence "
        "intervals; null without them."
    )
    trend: TrendOut | None
    trend_note: str
    note: str = Field(description="Why a value or comparator is missing, when one is.")


class ScorecardThemeOut(Schema):
    code: str
    kind: str
    title: str
    indicators: list[ScorecardLineOut]


class ScorecardOut(Schema):
    area: AreaRef
    region: AreaRef | None
    similar_places: list[str]
    themes: list[ScorecardThemeOut]


class LocationQuotientOut(Schema):
    industry: str
    name: str
    local: float | None
    national: float | None
    local_share: float | None
    national_share: float | None
    lq: float | None
    note: str


class ShiftShareOut(Schema):
    industry: str
    name: str
    base: float
    end: float
    change: float
    national: float = Field(description="National growth effect.")
    industry_mix: float
    local: float = Field(description="Local (competitive) effect.")
    growth_percent: float | None
    national_growth_percent: float


class SectorStrengthOut(Schema):
    industry: str
    name: str
    lq: float | None
    growth_percent: float | None
    national_growth_percent: float | None
    local_effect: float | None
    distinctive: bool
    note: str


class StrengthsOut(Schema):
    area: AreaRef
    classification: str
    indicator: str
    unit: str
    level: str
    base_year: int
    end_year: int
    lq_threshold: float
    location_quotients: list[LocationQuotientOut]
    shift_share: list[ShiftShareOut]
    shift_share_total: ShiftShareOut
    shift_share_left_out: dict[str, str]
    strengths: list[SectorStrengthOut] = Field(description="Every industry, by LQ.")
    distinctive: list[str] = Field(description="The industries that are distinctive strengths.")
    notes: list[str]


class NeighbourOut(Schema):
    code: str
    name: str
    distance: float


class NeighbourIndicator(Schema):
    indicator: str
    period: str
    scale: str = Field(description="linear or log.")


class NeighboursOut(Schema):
    area: AreaRef
    method: str
    indicators: list[NeighbourIndicator]
    dropped: dict[str, str] = Field(description="Indicators not compared on, and why.")
    nearest: list[NeighbourOut]
