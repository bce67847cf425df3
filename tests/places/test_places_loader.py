"""Loading England's areas from the shipped files, locating points and resolving written names."""

from datetime import date

import pytest

from localgrowth.domain.geo import PointLocator
from localgrowth.places import boundaries
from localgrowth.places.boundaries import PlacesDataError, district_source_geometries
from localgrowth.places.models import Area, AreaType, Partnership
from localgrowth.places.services import (
    ALIAS,
    PARTNERSHIP_ROW,
    district_locator,
    load_england_places,
    resolve_area_name,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("england_places")]

SELEP = "E37000056"


def current(code: str) -> Area:
    return Area.objects.get(code=code, valid_to__isnull=True)


def test_england_has_296_current_districts() -> None:
    districts = Area.objects.filter(area_type=AreaType.DISTRICT, valid_to__isnull=True)

    assert districts.count() == 296
    assert not districts.filter(boundary__isnull=True).exists()
    assert not districts.filter(centroid_lat__isnull=True).exists()


def test_a_second_load_creates_and_changes_nothing() -> None:
    report = load_england_places()

    assert report.created_count == 0
    assert report.changed_count == 0
    assert report.totals == {
        AreaType.COUNTRY: 1,
        AreaType.REGION: 9,
        AreaType.COUNTY: 21,
        AreaType.COMBINED_AUTHORITY: 15,
        AreaType.PARTNERSHIP: 39,  # the 38 LEPs of May 2021 and SELEP's pre-2020 code
        AreaType.FEDERATED_AREA: 4,
        AreaType.DISTRICT: 296,
        PARTNERSHIP_ROW: 1,
        ALIAS: report.totals[ALIAS],
    }
    assert report.seconds < 10


def test_selep_has_32_member_districts_partitioned_by_four_federated_areas() -> None:
    selep = Partnership.objects.get(slug="selep")
    members = set(selep.members.values_list("code", flat=True))
    federated = list(selep.federated_areas.all())

    assert selep.area.code == SELEP
    assert selep.short_name == "SELEP"
    assert len(members) == 32
    assert sorted(area.code for area in federated) == [
        "SELEP-ES",
        "SELEP-ESX",
        "SELEP-KM",
        "SELEP-OSE",
    ]
    children = [set(area.children.values_list("code", flat=True)) for area in federated]
    assert sum(len(codes) for codes in children) == 32
    assert set().union(*children) == members
    assert set(current(SELEP).children.values_list("code", flat=True)) >= members


def test_federated_areas_hold_the_districts_named_for_them() -> None:
    def children(code: str) -> set[str]:
        return set(current(code).children.values_list("name", flat=True))

    assert children("SELEP-ES") == {"Eastbourne", "Hastings", "Lewes", "Rother", "Wealden"}
    assert children("SELEP-OSE") == {
        "Southend-on-Sea",
        "Thurrock",
        "Basildon",
        "Castle Point",
        "Rochford",
    }
    assert "Medway" in children("SELEP-KM")
    assert len(children("SELEP-KM")) == 13
    assert len(children("SELEP-ESX")) == 9


def test_thanet_sits_in_kent_the_south_east_and_selep() -> None:
    thanet = current("E07000114")
    parents = set(thanet.parents.values_list("code", flat=True))

    assert thanet.name == "Thanet"
    assert {"E10000016", "E12000008", SELEP, "SELEP-KM"} <= parents
    assert not any(code.startswith("E47") for code in parents)  # no combined authority in Kent


def test_selep_old_code_ended_in_march_2020_and_was_succeeded() -> None:
    old = Area.objects.get(code="E37000030")

    assert old.valid_to == date(2020, 3, 31)
    assert old.successor is not None
    assert old.successor.code == SELEP
    assert old.successor.valid_from == date(2020, 4, 1)
    assert old.boundary == old.successor.boundary


def test_hierarchy_reaches_england() -> None:
    kent = current("E10000016")
    south_east = current("E12000008")

    assert list(kent.parents.values_list("code", flat=True)) == ["E12000008"]
    assert list(south_east.parents.values_list("code", flat=True)) == ["E92000001"]
    assert current("E92000001").area_type == AreaType.COUNTRY


def test_district_vintages_follow_the_council_start_dates() -> None:
    assert current("E06000066").valid_from == date(2023, 4, 1)  # Somerset unitary
    assert current("E07000114").valid_from is None  # Thanet: code older than we can date


def test_2025_recoded_districts_join_their_combined_authority_under_2023_codes() -> None:
    barnsley = current("E08000016")

    assert "E47000002" in barnsley.parents.values_list("code", flat=True)
    assert not Area.objects.filter(code="E08000038").exists()


def test_stored_boundaries_locate_points_as_the_source_file_does() -> None:
    stored, source = district_locator(), PointLocator(district_source_geometries())
    points = [
        (area.centroid_lat, area.centroid_lon)
        for area in Area.objects.filter(area_type=AreaType.DISTRICT)
    ]
    points += [(50.8530, 0.5731), (51.3952, 0.5270), (51.2725, 0.5226), (54.5, 3.0)]

    assert len(stored) == 296
    assert [stored.locate(*point) for point in points] == [
        source.locate(*point) for point in points
    ]


def test_chatham_dockyard_is_located_in_medway() -> None:
    found = district_locator().locate(51.3952, 0.5270)

    assert (found.code, found.method) == ("E06000035", "nearest")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Tonbridge & Malling", "E07000115"),
        ("tonbridge  AND malling", "E07000115"),
        ("Southend", "E06000033"),
        ("Kent (countywide)", "E10000016"),
        ("Shepway", "E07000112"),
        ("Folkestone & Hythe", "E07000112"),
        ("Essex (rural areas)", "E10000012"),
        ("Kent & Medway (rural)", "SELEP-KM"),
        ("Kent and Medway", "SELEP-KM"),
        ("Rochford (Southend BC promoter)", "E07000075"),
        ("East Sussex", "E10000011"),  # the county, preferred over the federated area
        ("Essex", "E10000012"),
        ("Medway", "E06000035"),
        ("Thurrock", "E06000034"),
    ],
)
def test_resolve_area_name_finds_the_area_meant(written: str, code: str) -> None:
    area = resolve_area_name(written)

    assert area is not None
    assert area.code == code


@pytest.mark.parametrize("written", ["Nowhere", "", "   ", "Kent (somewhere)", "South East"])
def test_resolve_area_name_never_guesses(written: str) -> None:
    # "South East" is both a region and a LEP: ambiguous, so no answer.
    assert resolve_area_name(written) is None


def test_an_alias_naming_an_unknown_code_stops_the_load(tmp_path, monkeypatch) -> None:
    aliases = tmp_path / "area_aliases.csv"
    aliases.write_text("alias,code,note\nAtlantis,E07999999,made up\n", encoding="utf-8")
    monkeypatch.setattr(boundaries, "AREA_ALIASES", aliases)

    with pytest.raises(PlacesDataError, match="Atlantis"):
        load_england_places()
