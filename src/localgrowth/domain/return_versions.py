"""What changed between two versions of a return (or any two lists of lines): each line added,
removed, changed (with each of its cells from and to) or unchanged.

A line is matched to its counterpart in the other version by its *key*: what the line is, such as
the financial year and basis of a spend line, or the name of a milestone. Keys are compared
without regard to case or surrounding spaces; when one version holds the same key more than once,
the first is matched with the first, the second with the second. A line whose key changed (a
milestone renamed) is told as one line removed and another added.

Pure Python: the values are compared as given (Decimal, date, int or text) and shown by the
caller.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
LABELS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed", UNCHANGED: "Unchanged"}


@dataclass(frozen=True)
class Line:
    """One line of one version: the cells that say what it is, and the cells it reports."""

    key: tuple[Any, ...]
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Cell:
    """One reported cell of a compared line: its value in each version (None where the line
    is not in that version)."""

    before: Any
    after: Any
    present_before: bool
    present_after: bool

    @property
    def changed(self) -> bool:
        return self.present_before and self.present_after and self.before != self.after


@dataclass(frozen=True)
class LineDiff:
    key: tuple[Any, ...]
    status: str
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass(frozen=True)
class Counts:
    added: int
    removed: int
    changed: int
    unchanged: int

    @property
    def any_difference(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _fold(value: Any) -> Hashable:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value if isinstance(value, Hashable) else repr(value)


def _identities(lines: Sequence[Line]) -> list[tuple[Hashable, ...]]:
    """Each line's matching identity: its folded key and which occurrence of that key it is."""
    seen: dict[tuple[Hashable, ...], int] = {}
    identities = []
    for line in lines:
        folded = tuple(_fold(part) for part in line.key)
        seen[folded] = seen.get(folded, 0) + 1
        identities.append((*folded, seen[folded]))
    return identities


def compare_lines(before: Sequence[Line], after: Sequence[Line]) -> list[LineDiff]:
    """Every line of either version, in the order of ``after``; a removed line is placed after
    the line that came before it in ``before``."""
    before_ids, after_ids = _identities(before), _identities(after)
    old = dict(zip(before_ids, before, strict=True))
    new_ids = set(after_ids)
    order: list[tuple[Hashable, ...]] = list(after_ids)
    for position, identity in enumerate(before_ids):
        if identity in new_ids:
            continue
        anchor = next(
            (before_ids[j] for j in range(position - 1, -1, -1) if before_ids[j] in order),
            None,
        )
        order.insert(order.index(anchor) + 1 if anchor is not None else 0, identity)
    new = dict(zip(after_ids, after, strict=True))
    diffs = []
    for identity in order:
        was, now = old.get(identity), new.get(identity)
        line = now if now is not None else was
        assert line is not None
        width = len(line.values)
        cells = tuple(
            Cell(
                was.values[i] if was else None,
                now.values[i] if now else None,
                was is not None,
                now is not None,
            )
            for i in range(width)
        )
        if was is None:
            status = ADDED
        elif now is None:
            status = REMOVED
        elif was.values != now.values:
            status = CHANGED
        else:
            status = UNCHANGED
        diffs.append(LineDiff(line.key, status, cells))
    return diffs


def count(diffs: Sequence[LineDiff]) -> Counts:
    statuses = [diff.status for diff in diffs]
    return Counts(
        statuses.count(ADDED),
        statuses.count(REMOVED),
        statuses.count(CHANGED),
        statuses.count(UNCHANGED),
    )
