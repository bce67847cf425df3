"""Prepared queries give exactly the rows their queryset gives, whatever values they run with."""

import pytest

from localgrowth.core.prepared import PreparedQuery
from localgrowth.places.models import Area, AreaType

pytestmark = pytest.mark.django_db

BY_TYPE_AND_IDS = PreparedQuery(
    lambda kind, ids: (
        Area.objects.filter(area_type=kind, pk__in=ids)
        .order_by("code")
        .values_list("code", "name", "valid_from")
    )
)


def test_rows_equal_the_querysets_rows_for_every_value():
    districts = list(Area.objects.filter(area_type=AreaType.DISTRICT).values_list("pk", flat=True))
    counties = list(Area.objects.filter(area_type=AreaType.COUNTY).values_list("pk", flat=True))
    for kind, ids in [
        (AreaType.DISTRICT, districts[:3]),
        (AreaType.DISTRICT, districts[3:6]),
        (AreaType.COUNTY, counties[:3]),
        (AreaType.DISTRICT, counties[:3]),
        (AreaType.COUNTY, counties[:7]),
    ]:
        expected = list(
            Area.objects.filter(area_type=kind, pk__in=ids)
            .order_by("code")
            .values_list("code", "name", "valid_from")
        )
        assert BY_TYPE_AND_IDS(kind, ids) == expected
    assert BY_TYPE_AND_IDS(AreaType.COUNTY, counties[:3]) != BY_TYPE_AND_IDS(
        AreaType.COUNTY, counties[3:6]
    )


def test_an_empty_list_matches_nothing():
    assert BY_TYPE_AND_IDS(AreaType.DISTRICT, []) == []


def test_constants_of_the_queryset_are_kept():
    prepared = PreparedQuery(
        lambda code: Area.objects.filter(code=code, area_type=AreaType.DISTRICT).values_list("name")
    )
    assert prepared("E07000114") == [("Thanet",)]
    assert prepared("E10000016") == []  # Kent is a county, not a district


def test_a_lookup_that_rewrites_its_value_is_refused():
    prepared = PreparedQuery(
        lambda text: Area.objects.filter(name__icontains=text).values_list("code")
    )
    with pytest.raises(ValueError, match="unchanged"):
        prepared("Thanet")
