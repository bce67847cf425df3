"""The project register's column template: the sheets and columns an import file may hold.

The same specification drives the importer, the blank downloadable template and the checked
documentation in docs/data-formats.md.
"""

from localgrowth.core.importing import parse_choices
from localgrowth.domain import cells
from localgrowth.domain.tabular import Column, SheetSpec

from .models import Basis, FundingType, LocationPrecision, ProjectCategory, ProjectStatus

REFERENCE = Column(
    "reference",
    cells.parse_text(40),
    required=True,
    description="The project's unique reference. A row whose reference is stored already "
    "updates that project.",
    example="SELEP-0001",
)

PROJECTS = SheetSpec(
    "Projects",
    description="One row per project.",
    columns=[
        REFERENCE,
        Column(
            "title",
            cells.parse_text(300),
            required=True,
            description="Project name.",
            example="Colchester Integrated Transport Package",
        ),
        Column("summary", cells.parse_text(5000), description="What the project does."),
        Column(
            "promoter",
            cells.parse_text(200),
            description="The body delivering the project.",
            example="Essex County Council",
        ),
        Column(
            "fund",
            cells.parse_text(40),
            required=True,
            description="Code of the fund paying the grant (see the funds list).",
            example="lgf-1",
        ),
        Column(
            "programme",
            cells.parse_text(50),
            description="Slug of the programme the project belongs to.",
            example="selep-growth-deal",
        ),
        Column(
            "federated_area",
            cells.parse_text(20),
            description="Code of the federated area whose board promoted it.",
            example="SELEP-ESX",
        ),
        Column(
            "status",
            parse_choices(ProjectStatus),
            required=True,
            description="One of: " + ", ".join(ProjectStatus.values) + ".",
            example="completed",
        ),
        Column(
            "status_detail",
            cells.parse_text(500),
            description="The status in the words of the source.",
            example="Completed Spring 2019",
        ),
        Column(
            "category",
            parse_choices(ProjectCategory),
            required=True,
            description="One of: " + ", ".join(ProjectCategory.values) + ".",
            example="transport",
        ),
        Column(
            "start",
            cells.parse_date,
            description="Start: a date (2021-03-31 or 31/03/2021), a month (2021-03) "
            "or a year (2021).",
            example="2015",
        ),
        Column(
            "end", cells.parse_date, description="End, written as for start.", example="2018-03"
        ),
        Column(
            "areas",
            cells.parse_area_shares,
            required=True,
            description="GSS codes of the areas served, separated by ';', each with an "
            "optional share (E07000069=0.6; E07000075=0.4). With no shares, the areas share "
            "equally.",
            example="E07000071",
        ),
        Column(
            "place",
            cells.parse_text(200),
            description="Where, in words.",
            example="Colchester town centre",
        ),
        Column(
            "latitude",
            cells.parse_latitude,
            description="WGS84 decimal degrees.",
            example="51.8892",
        ),
        Column(
            "longitude",
            cells.parse_longitude,
            description="WGS84 decimal degrees.",
            example="0.9042",
        ),
        Column(
            "location_precision",
            parse_choices(LocationPrecision),
            description="How exact the point is: exact or place (with latitude and longitude). "
            "Without a point, the location is the centroid of the areas served.",
            example="exact",
        ),
        Column(
            "grant",
            cells.parse_amount,
            description="Grant from the fund, in pounds.",
            example="5000000",
        ),
        Column(
            "total_cost",
            cells.parse_amount,
            description="Total project cost, in pounds.",
            example="12000000",
        ),
        Column(
            "sources",
            cells.parse_list(cells.parse_url),
            description="Web addresses of the sources, separated by ';' or '|'.",
            example="https://www.southeastlep.com/project/colchester-integrated-transport-package/",
        ),
        Column("notes", cells.parse_text(5000), description="Anything a reader should know."),
    ],
)

MATCH_FUNDING = SheetSpec(
    "Match funding",
    required=False,
    description="Funding other than the grant; one row per source. When the sheet is present, it "
    "replaces the match funding of every project it names.",
    columns=[
        REFERENCE,
        Column("source", cells.parse_text(300), required=True, example="Essex County Council"),
        Column(
            "type",
            parse_choices(FundingType),
            description="public, private or not_known.",
            example="public",
        ),
        Column(
            "amount",
            cells.parse_amount,
            description="Pounds; empty when not known.",
            example="3500000",
        ),
    ],
)

SPEND = SheetSpec(
    "Spend",
    required=False,
    description="Grant spend by financial year, forecast and actual. When present, it replaces the "
    "spend profile of every project it names.",
    columns=[
        REFERENCE,
        Column("financial_year", cells.parse_financial_year, required=True, example="2019/20"),
        Column(
            "basis",
            parse_choices(Basis),
            required=True,
            description="forecast or actual.",
            example="actual",
        ),
        Column("amount", cells.parse_amount, required=True, example="1250000"),
    ],
)

OUTPUTS = SheetSpec(
    "Outputs",
    required=False,
    description="Outputs by type and period, forecast and actual. When present, it replaces the "
    "outputs of every project it names.",
    columns=[
        REFERENCE,
        Column(
            "output_type",
            cells.parse_text(40),
            required=True,
            description="Code of the output type (see the output types list).",
            example="jobs",
        ),
        Column(
            "period",
            cells.parse_financial_year,
            description="Financial year; empty for the whole life of the project.",
            example="2020/21",
        ),
        Column("basis", parse_choices(Basis), required=True, example="forecast"),
        Column("value", cells.parse_decimal, required=True, example="250"),
        Column("note", cells.parse_text(300)),
    ],
)

THEMES = SheetSpec(
    "Themes",
    required=False,
    description="The strategy framework themes each project serves (foundations, Grand Challenges, "
    "priorities), with the basis for each tag. When present, it replaces the tags of every project "
    "it names.",
    columns=[
        REFERENCE,
        Column(
            "theme",
            cells.parse_text(60),
            required=True,
            description="Code of the theme (see the framework list).",
            example="foundation-infrastructure",
        ),
        Column(
            "basis",
            cells.parse_text(300),
            description="Why the project serves the theme.",
            example="Transport scheme: the Infrastructure foundation covers transport.",
        ),
    ],
)

PROJECT_SHEETS = [PROJECTS, MATCH_FUNDING, SPEND, OUTPUTS, THEMES]
