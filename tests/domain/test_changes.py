"""Changes to a record's lines told from their audit history, by moment and by line."""

from datetime import datetime, timedelta

from localgrowth.domain.changes import LineEvent, line_changes

T0 = datetime(2026, 1, 5, 9, 0, 0)


def event(seconds: float, kind: str, year: str, value: str) -> LineEvent:
    return LineEvent(
        T0 + timedelta(seconds=seconds), kind, ("spend", year), f"Spend in {year}", value
    )


def texts(events, since=None) -> list[str]:
    return [change.text for change in line_changes(events, since)]


def test_the_lines_made_with_the_record_are_its_first_state_not_changes():
    created = [event(0.1, "+", "2019/20", "£100"), event(0.2, "+", "2020/21", "£200")]
    assert texts(created, since=T0) == []
    assert texts(created) == ["Spend in 2019/20 added: £100", "Spend in 2020/21 added: £200"]


def test_an_import_that_rewrites_the_lines_tells_only_what_differs():
    created = [event(0.1, "+", "2019/20", "£100"), event(0.2, "+", "2020/21", "£200")]
    rewritten = [
        event(600.0, "-", "2019/20", "£100"),
        event(600.0, "-", "2020/21", "£200"),
        event(600.5, "+", "2019/20", "£100"),  # the same value: no change
        event(600.6, "+", "2020/21", "£250"),
        event(601.0, "+", "2021/22", "£50"),
    ]
    changes = line_changes([*rewritten, *created], since=T0)
    assert [change.text for change in changes] == [
        "Spend in 2020/21: £200 → £250",
        "Spend in 2021/22 added: £50",
    ]
    assert {change.when for change in changes} == {T0 + timedelta(seconds=601)}


def test_changes_and_removals_in_later_moments_are_told_in_order():
    history = [
        event(0.1, "+", "2019/20", "£100"),
        event(100, "~", "2019/20", "£120"),
        event(200, "-", "2019/20", "£120"),
    ]
    assert texts(history, since=T0) == [
        "Spend in 2019/20: £100 → £120",
        "Spend in 2019/20 removed (was £120)",
    ]


def test_events_further_apart_than_a_moment_are_separate_changes():
    history = [event(10, "-", "2019/20", "£100"), event(15, "+", "2019/20", "£100")]
    base = [event(0, "+", "2019/20", "£100")]
    assert texts([*base, *history], since=T0) == [
        "Spend in 2019/20 removed (was £100)",
        "Spend in 2019/20 added: £100",
    ]
