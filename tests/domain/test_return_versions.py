from datetime import date
from decimal import Decimal

from localgrowth.domain.return_versions import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    Line,
    compare_lines,
    count,
)


def spend(year: str, basis: str, amount: str) -> Line:
    return Line((year, basis), (Decimal(amount),))


def test_lines_are_matched_by_key_and_told_added_removed_changed_or_unchanged():
    before = [
        spend("2018/19", "actual", "100"),
        spend("2019/20", "forecast", "50"),
        spend("2020/21", "forecast", "70"),
    ]
    after = [
        spend("2018/19", "actual", "100"),
        spend("2019/20", "forecast", "60"),
        spend("2021/22", "forecast", "10"),
    ]
    diffs = compare_lines(before, after)
    assert [(d.key, d.status) for d in diffs] == [
        (("2018/19", "actual"), UNCHANGED),
        (("2019/20", "forecast"), CHANGED),
        (("2020/21", "forecast"), REMOVED),
        (("2021/22", "forecast"), ADDED),
    ]
    changed = diffs[1].cells[0]
    assert (changed.before, changed.after, changed.changed) == (Decimal(50), Decimal(60), True)
    removed = diffs[2].cells[0]
    assert (removed.present_before, removed.present_after, removed.changed) == (True, False, False)
    counts = count(diffs)
    assert (counts.added, counts.removed, counts.changed, counts.unchanged) == (1, 1, 1, 1)
    assert counts.any_difference


def test_keys_match_regardless_of_case_and_spacing_and_repeats_pair_in_order():
    before = [
        Line(("Planning  consent",), (date(2020, 1, 1),)),
        Line(("Risk",), (3,)),
        Line(("Risk",), (4,)),
    ]
    after = [
        Line(("planning consent",), (date(2020, 1, 1),)),
        Line(("risk",), (3,)),
        Line(("risk",), (5,)),
    ]
    statuses = [d.status for d in compare_lines(before, after)]
    assert statuses == [UNCHANGED, UNCHANGED, CHANGED]


def test_identical_versions_have_no_difference():
    lines = [spend("2019/20", "actual", "1")]
    assert not count(compare_lines(lines, lines)).any_difference
    assert compare_lines([], []) == []
