"""What changed in a record's lines (a project's match funding, spend or outputs), told from
their audit history.

An audit history records each line's versions: added (``+``), changed (``~``) and removed
(``-``). An import that rewrites a project's lines removes and adds them again within a moment,
so versions are taken in *moments*: runs of events no more than ``MOMENT`` apart. For each
moment, every line touched is compared before and after it, by the line's key (what it is,
such as "spend in 2019/20, forecast"), not by its row: a line removed and added again with the
same value did not change, one added again with another value changed from the old to the new.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

MOMENT = timedelta(seconds=2)
"""Events this close to the one before belong to the same moment (one import or one save)."""
ADDED, CHANGED, REMOVED = "+", "~", "-"


@dataclass(frozen=True)
class LineEvent:
    """One version of a line in the audit history."""

    when: datetime
    kind: str
    """``+`` added, ``~`` changed, ``-`` removed."""
    key: Hashable
    """What the line is: lines with one key are the same line, whatever their row."""
    label: str
    """The line as a reader knows it, such as "Spend in 2019/20 (forecast)"."""
    value: str
    """The line's value as shown, such as "£1,250,000.00"."""


@dataclass(frozen=True)
class LineChange:
    when: datetime
    """When the moment of the change ended."""
    text: str


def line_changes(events: Iterable[LineEvent], since: datetime | None = None) -> list[LineChange]:
    """What changed in the lines, moment by moment, oldest first. Moments starting within
    ``MOMENT`` of ``since`` (the record's creation, whose lines are its first state) or before
    it say nothing: they only set the state later moments are compared with."""
    values: dict[Hashable, str] = {}
    labels: dict[Hashable, str] = {}
    changes: list[LineChange] = []
    for moment in _moments(sorted(events, key=lambda event: event.when)):
        touched = list(dict.fromkeys(event.key for event in moment))
        before = {key: values.get(key) for key in touched}
        for event in moment:
            labels[event.key] = event.label
            if event.kind == REMOVED:
                values.pop(event.key, None)
            else:
                values[event.key] = event.value
        if since is not None and moment[0].when - since <= MOMENT:
            continue
        for key in touched:
            text = _told(labels[key], before[key], values.get(key))
            if text:
                changes.append(LineChange(moment[-1].when, text))
    return changes


def _moments(events: list[LineEvent]) -> Iterable[list[LineEvent]]:
    moment: list[LineEvent] = []
    for event in events:
        if moment and event.when - moment[-1].when > MOMENT:
            yield moment
            moment = []
        moment.append(event)
    if moment:
        yield moment


def _told(label: str, old: str | None, new: str | None) -> str:
    if old == new:
        return ""
    if old is None:
        return f"{label} added: {new}"
    if new is None:
        return f"{label} removed (was {old})"
    return f"{label}: {old} → {new}"
