"""A refused figure is explained in words, with places named, not coded."""

import pytest

from localgrowth.domain.evidence.errors import IncompleteDataError, NotAggregableError
from localgrowth.evidence.analysis import scorecard
from localgrowth.evidence.explain import in_words
from localgrowth.places.models import Area

pytestmark = pytest.mark.django_db


def test_missing_districts_are_named():
    error = IncompleteDataError(
        "An aggregate over a partial set of districts", ["E07000114", "E07000112", "E07000105"]
    )
    assert "E07000114" in str(error)
    assert in_words(error) == (
        "Not given: 3 of the districts it is made from have no value for this period "
        "(Ashford, Folkestone and Hythe and Thanet)."
    )


def test_more_than_five_are_counted():
    codes = list(
        Area.objects.filter(code__startswith="E07", valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[:7]
    )
    words = in_words(IncompleteDataError("An aggregate", codes))
    assert words.endswith(" and 2 more).")
    assert not any(code in words for code in codes)


def test_an_indicator_that_cannot_be_aggregated_says_why_without_its_code():
    words = in_words(NotAggregableError("imd-average-score", "Ranks do not add up."))
    assert words == (
        "Not given: it cannot be aggregated from the districts' values. Ranks do not add up."
    )
    assert "imd-average-score" not in words


def test_no_scorecard_note_shows_a_place_code():
    import re

    kent = Area.objects.get(code="E10000016", valid_to__isnull=True)
    card = scorecard(kent)
    notes = [line.note + line.trend_note for part in card.themes for line in part.lines]
    assert notes
    assert not [note for note in notes if re.search(r"\b[ENSW]\d{8}\b", note)]
