"""The SELEP funds, programmes, headline targets and dated progress, each figure with its source.

Facts from public SELEP pages, council papers and press, as compiled in the SELEP facts file
shipped with the demo (see demo/data/PROVENANCE.md). Where a source gives no date, the snapshot
has none and its label says so.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CAPITAL_INVESTMENT = "https://www.southeastlep.com/our-delivery/capital_investment/"
LIS_PAGE = "https://www.southeastlep.com/our-strategy/local-industrial-strategy/"
ROUND_2_NEWS = "https://southeastlep.com/46-1m-expansion-of-growth-deal-boosts-local-plan-for-south-east-economy/"
ANNUAL_CONVERSATION_2017 = (
    "https://docslib.org/doc/5530120/selep-annual-conversation-with-gov-071217"
)
GBF_PAGE = "https://southeastlep.com/our-delivery/getting-building-fund"
GBF_ANNOUNCEMENT = (
    "https://www.yourthurrock.com/2020/08/04/two-thurrock-projects-to-receive-share-of-85-million-"
    "to-support-economic-recovery-and-create-over-9000-new-jobs/"
)
GPF_PAGE = "http://www.southeastlep.com/growth-deal/growing-places-fund-projects"
SKILLS_PAGE = "http://southeastlep.com/skills/skills-capital-fund"


@dataclass(frozen=True)
class FundFact:
    code: str
    name: str
    kind: str
    round: str
    description: str
    source_url: str


FUNDS = [
    FundFact(
        "lgf-1",
        "Local Growth Fund round 1",
        "lgf",
        "1",
        "Growth Deal round 1, July 2014: £442.1m secured (also given as £442.2m).",
        CAPITAL_INVESTMENT,
    ),
    FundFact(
        "lgf-2",
        "Local Growth Fund round 2",
        "lgf",
        "2",
        "Growth Deal expansion, January 2015: an extra £46.1m for 2016–2021.",
        ROUND_2_NEWS,
    ),
    FundFact(
        "lgf-3",
        "Local Growth Fund round 3",
        "lgf",
        "3",
        "February 2017: £102.65m for 19 capital projects.",
        CAPITAL_INVESTMENT,
    ),
    FundFact(
        "lgf-3b",
        "Local Growth Fund 3b open call",
        "lgf",
        "3b",
        "2018 open call for £8.3m of unallocated LGF; bids of £250k–£8m, spend by 31 March 2021.",
        CAPITAL_INVESTMENT,
    ),
    FundFact(
        "lgf",
        "Local Growth Fund (round not recorded)",
        "lgf",
        "",
        "Local Growth Fund projects whose sources do not name the round.",
        CAPITAL_INVESTMENT,
    ),
    FundFact(
        "skills-capital",
        "Skills Capital Fund",
        "skills_capital",
        "",
        "£22m from the Skills Funding Agency for April 2015 – April 2017 within the Growth Deal.",
        SKILLS_PAGE,
    ),
    FundFact(
        "gbf",
        "Getting Building Fund",
        "gbf",
        "",
        "£85m allocated to SELEP in July 2020 from the £900m national fund; "
        "spend by 31 March 2022.",
        GBF_PAGE,
    ),
    FundFact(
        "gpf",
        "Growing Places Fund",
        "gpf",
        "",
        "Interest-free loans for infrastructure, recycled as they are repaid.",
        GPF_PAGE,
    ),
]


@dataclass(frozen=True)
class ProgrammeFact:
    slug: str
    name: str
    start: date | None
    end: date | None
    funds: tuple[str, ...]
    description: str


PROGRAMMES = [
    ProgrammeFact(
        "selep-growth-deal",
        "SELEP Growth Deal 2015–2021",
        date(2015, 4, 1),
        date(2021, 3, 31),
        ("lgf-1", "lgf-2", "lgf-3", "lgf-3b", "lgf", "skills-capital"),
        "The six-year Growth Deal funded from the Local Growth Fund: almost £600m in investment "
        "supporting nearly 200 projects, to deliver 78,000 jobs and 29,000 homes by 2021.",
    ),
    ProgrammeFact(
        "selep-getting-building-fund",
        "SELEP Getting Building Fund",
        date(2020, 7, 3),
        date(2022, 3, 31),
        ("gbf",),
        "£85m of shovel-ready capital projects for economic recovery, spent by 31 March 2022.",
    ),
    ProgrammeFact(
        "selep-growing-places-fund",
        "SELEP Growing Places Fund",
        None,
        date(2024, 3, 31),
        ("gpf",),
        "Recyclable loans to unlock infrastructure for jobs and homes, from 2012 until SELEP "
        "closed on 31 March 2024.",
    ),
]


@dataclass(frozen=True)
class TargetFact:
    programme: str
    measure: str
    value: Decimal
    deadline: date
    set_on: date | None
    is_current: bool
    wording: str
    source_url: str


GROWTH_DEAL_END = date(2021, 3, 31)
TARGETS = [
    TargetFact(
        "selep-growth-deal",
        "jobs",
        Decimal(78000),
        GROWTH_DEAL_END,
        None,
        True,
        "78,000 jobs over 2015–2021 (after round 3)",
        CAPITAL_INVESTMENT,
    ),
    TargetFact(
        "selep-growth-deal",
        "homes",
        Decimal(29000),
        GROWTH_DEAL_END,
        None,
        True,
        "29,000 homes over 2015–2021 (after round 3)",
        CAPITAL_INVESTMENT,
    ),
    TargetFact(
        "selep-growth-deal",
        "investment_gbp",
        Decimal(600_000_000),
        GROWTH_DEAL_END,
        None,
        True,
        "a growth deal worth almost £600 million in investment",
        LIS_PAGE,
    ),
    TargetFact(
        "selep-growth-deal",
        "projects",
        Decimal(200),
        GROWTH_DEAL_END,
        None,
        True,
        "supports nearly 200 projects",
        LIS_PAGE,
    ),
    TargetFact(
        "selep-growth-deal",
        "jobs",
        Decimal(45000),
        GROWTH_DEAL_END,
        None,
        False,
        "up to 45,000 jobs (after round 2, January 2015)",
        ROUND_2_NEWS,
    ),
    TargetFact(
        "selep-growth-deal",
        "homes",
        Decimal(23000),
        GROWTH_DEAL_END,
        None,
        False,
        "up to 23,000 homes (after round 2, January 2015)",
        ROUND_2_NEWS,
    ),
    TargetFact(
        "selep-getting-building-fund",
        "investment_gbp",
        Decimal(85_000_000),
        date(2022, 3, 31),
        date(2020, 7, 3),
        True,
        "£85m allocation, to be spent by 31 March 2022",
        GBF_PAGE,
    ),
    TargetFact(
        "selep-getting-building-fund",
        "jobs",
        Decimal(9167),
        date(2022, 3, 31),
        date(2020, 8, 4),
        True,
        "9,167 new jobs plus 3,341 safeguarded",
        GBF_ANNOUNCEMENT,
    ),
    TargetFact(
        "selep-getting-building-fund",
        "homes",
        Decimal(7234),
        date(2022, 3, 31),
        date(2020, 8, 4),
        True,
        "7,234 homes unlocked",
        GBF_ANNOUNCEMENT,
    ),
    TargetFact(
        "selep-getting-building-fund",
        "projects",
        Decimal(34),
        date(2022, 3, 31),
        date(2020, 8, 4),
        True,
        "34 projects",
        GBF_ANNOUNCEMENT,
    ),
]


@dataclass(frozen=True)
class SnapshotFact:
    as_at: date | None
    label: str
    measure: str
    value: Decimal
    wording: str
    source_url: str


UNDATED_MID = "Page version after 2017/18, before July 2019 (date not recorded)"
UNDATED_LATEST = "Latest page version (date not recorded)"
GROWTH_DEAL_SNAPSHOTS = [
    SnapshotFact(
        date(2017, 12, 7),
        "7 Dec 2017",
        "homes",
        Decimal(4234),
        "LGF had delivered 4,234 homes",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        date(2017, 12, 7),
        "7 Dec 2017",
        "jobs",
        Decimal(3571),
        "LGF had delivered 3,571 jobs",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        date(2017, 10, 31),
        "Oct 2017",
        "spend_gbp",
        Decimal("134373000"),
        "LGF spend £134.373m (as reported in Oct 2017)",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        date(2017, 12, 7),
        "7 Dec 2017",
        "projects_completed",
        Decimal(20),
        "20 projects completed",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        date(2017, 12, 7),
        "7 Dec 2017",
        "projects_approved",
        Decimal(79),
        "79 projects approved by the Accountability Board",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        date(2017, 12, 7),
        "7 Dec 2017",
        "investment_gbp",
        Decimal("454263000"),
        "the Accountability Board had awarded £454.263m",
        ANNUAL_CONVERSATION_2017,
    ),
    SnapshotFact(
        None,
        "2017/18 page version (date not recorded)",
        "investment_gbp",
        Decimal(562_000_000),
        "£562m secured for 97 LGF projects",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        "2017/18 page version (date not recorded)",
        "projects",
        Decimal(97),
        "£562m secured for 97 LGF projects",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_MID,
        "investment_gbp",
        Decimal(570_000_000),
        "£570m for 100 potential LGF projects",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_MID,
        "projects_approved",
        Decimal(96),
        "96 awarded funding by the Accountability Board",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_MID,
        "spend_gbp",
        Decimal(283_000_000),
        "£283m LGF spend to date",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        date(2019, 7, 17),
        "17 Jul 2019",
        "spend_gbp",
        Decimal(315_000_000),
        "more than £315m spent to date",
        "https://southeastlep.com/?p=10360",
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "investment_gbp",
        Decimal(579_000_000),
        "£579m for 108 potential projects",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "projects_approved",
        Decimal(108),
        "all 108 awarded",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "spend_gbp",
        Decimal(472_000_000),
        "£472m LGF spend to date",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "jobs",
        Decimal(24800),
        "24,800 jobs delivered to date",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "homes",
        Decimal(25200),
        "25,200 homes delivered to date",
        CAPITAL_INVESTMENT,
    ),
    SnapshotFact(
        None,
        UNDATED_LATEST,
        "projects_completed",
        Decimal(53),
        "53 LGF project completions",
        CAPITAL_INVESTMENT,
    ),
]


@dataclass(frozen=True)
class OutputTypeFact:
    code: str
    name: str
    unit: str
    description: str


OUTPUT_TYPES = [
    OutputTypeFact("jobs", "Jobs created", "jobs", "New jobs the project creates or unlocks."),
    OutputTypeFact("jobs_safeguarded", "Jobs safeguarded", "jobs", "Existing jobs kept."),
    OutputTypeFact(
        "construction_jobs", "Construction jobs", "jobs", "Temporary jobs in building the project."
    ),
    OutputTypeFact("homes", "Homes", "homes", "Homes the project unlocks or delivers."),
    OutputTypeFact("learners", "Learners", "learners", "Learners taught or trained."),
    OutputTypeFact("floorspace_m2", "Floorspace", "m²", "Commercial or learning floorspace."),
    OutputTypeFact("road_km", "Road length", "km", "New or improved road."),
    OutputTypeFact(
        "businesses_supported", "Businesses supported", "businesses", "Businesses given support."
    ),
]
