"""What changed between two versions of a strategy: its own fields, and its priorities matched
by code, each added, removed, changed (field by field, from and to) or unchanged, with what
they hold (evidence, sector strengths, actions and KPIs) matched in the same way.

Matching. A priority is matched by its code, so a priority whose title was reworded is one
priority changed; a priority whose code changed is one removed and another added. The rows a
priority holds are matched by a key the caller gives (an indicator and area for evidence and
KPIs, an industry for a sector strength, the wording of an action); keys are compared without
regard to case or surrounding spaces, and when one side holds a key more than once the first is
matched with the first, the second with the second. An action reworded is one removed and one
added.

Values. Each field is compared as given (text, number, date or a tuple of names for a set such
as the places a priority targets); a set-valued field is compared as a set, and its change
names what was added and what removed. Only what authors write is compared: the evidence
recorded when a version was published is shown by the caller, not counted as a change.

Pure Python: no Django; the caller turns rows into ``Record`` and ``PriorityRecord``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
LABELS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed", UNCHANGED: "Unchanged"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a compared row: its value in each version (``None`` where the row is not
    in that version)."""

    label: str
    before: Any
    after: Any
    present_before: bool = True
    present_after: bool = True

    @property
    def is_set(self) -> bool:
        return isinstance(self.before, tuple) or isinstance(self.after, tuple)

    @property
    def changed(self) -> bool:
        if not (self.present_before and self.present_after):
            return False
        if self.is_set:
            return set(self.before or ()) != set(self.after or ())
        return bool(self.before != self.after)

    @property
    def added(self) -> tuple[Any, ...]:
        """For a set: the members only in the second version, in its order."""
        before = set(self.before or ())
        return tuple(item for item in self.after or () if item not in before)

    @property
    def removed(self) -> tuple[Any, ...]:
        """For a set: the members only in the first version, in its order."""
        after = set(self.after or ())
        return tuple(item for item in self.before or () if item not in after)


@dataclass(frozen=True)
class Record:
    """One row of one version: the key it is matched by, how it is named, and its fields by
    label (in the order they are shown)."""

    key: tuple[Any, ...]
    label: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordDiff:
    key: tuple[Any, ...]
    label: str
    status: str
    fields: tuple[FieldChange, ...]

    @property
    def status_label(self) -> str:
        return LABELS[self.status]

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return tuple(one for one in self.fields if one.changed)


@dataclass(frozen=True)
class PriorityRecord:
    """One priority of one version: its code, title, fields by label, and the rows it holds
    by kind ("Evidence", "Actions", ...)."""

    code: str
    title: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    children: Mapping[str, Sequence[Record]] = field(default_factory=dict)


@dataclass(frozen=True)
class ChildGroup:
    """The rows of one kind a priority holds, compared."""

    kind: str
    rows: tuple[RecordDiff, ...]

    @property
    def any_difference(self) -> bool:
        return any(row.status != UNCHANGED for row in self.rows)


@dataclass(frozen=True)
class PriorityDiff:
    code: str
    title_before: str | None
    title_after: str | None
    status: str
    fields: tuple[FieldChange, ...]
    children: tuple[ChildGroup, ...]

    @property
    def title(self) -> str:
        return self.title_after or self.title_before or self.code

    @property
    def status_label(self) -> str:
        return LABELS[self.status]

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        return tuple(one for one in self.fields if one.changed)


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


def _identities(keys: Sequence[tuple[Any, ...]]) -> list[tuple[Hashable, ...]]:
    """Each key's matching identity: the folded key and which occurrence of it it is."""
    seen: dict[tuple[Hashable, ...], int] = {}
    found = []
    for key in keys:
        folded = tuple(_fold(part) for part in key)
        seen[folded] = seen.get(folded, 0) + 1
        found.append((*folded, seen[folded]))
    return found


def _order(
    before: list[tuple[Hashable, ...]], after: list[tuple[Hashable, ...]]
) -> list[tuple[Hashable, ...]]:
    """Every identity of either side, in the order of ``after``; one only in ``before`` is
    placed after the identity that came before it there."""
    order = list(after)
    present = set(after)
    for position, identity in enumerate(before):
        if identity in present:
            continue
        anchor = next((before[j] for j in range(position - 1, -1, -1) if before[j] in order), None)
        order.insert(order.index(anchor) + 1 if anchor is not None else 0, identity)
        present.add(identity)
    return order


def compare_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[FieldChange, ...]:
    """Each field of either side, in the order of ``after`` then any only in ``before``; a
    missing side (a row added or removed) is marked not present."""
    labels = list(dict.fromkeys([*(after or {}), *(before or {})]))
    return tuple(
        FieldChange(
            label,
            (before or {}).get(label),
            (after or {}).get(label),
            before is not None and label in before,
            after is not None and label in after,
        )
        for label in labels
    )


def _status(was: object | None, now: object | None, fields: Sequence[FieldChange]) -> str:
    if was is None:
        return ADDED
    if now is None:
        return REMOVED
    return CHANGED if any(one.changed for one in fields) else UNCHANGED


def compare_records(before: Sequence[Record], after: Sequence[Record]) -> tuple[RecordDiff, ...]:
    """Every row of either version matched by key (see the module's description)."""
    before_ids = _identities([row.key for row in before])
    after_ids = _identities([row.key for row in after])
    old = dict(zip(before_ids, before, strict=True))
    new = dict(zip(after_ids, after, strict=True))
    diffs = []
    for identity in _order(before_ids, after_ids):
        was, now = old.get(identity), new.get(identity)
        row = now or was
        assert row is not None
        fields = compare_fields(
            None if was is None else was.fields, None if now is None else now.fields
        )
        diffs.append(RecordDiff(row.key, row.label, _status(was, now, fields), fields))
    return tuple(diffs)


def compare_priorities(
    before: Sequence[PriorityRecord], after: Sequence[PriorityRecord]
) -> tuple[PriorityDiff, ...]:
    """Every priority of either version matched by code, in the order of the second; a
    priority is changed when a field of its own or any row it holds differs."""
    before_ids = _identities([(one.code,) for one in before])
    after_ids = _identities([(one.code,) for one in after])
    old = dict(zip(before_ids, before, strict=True))
    new = dict(zip(after_ids, after, strict=True))
    diffs = []
    for identity in _order(before_ids, after_ids):
        was, now = old.get(identity), new.get(identity)
        fields = compare_fields(
            None if was is None else was.fields, None if now is None else now.fields
        )
        kinds = list(
            dict.fromkeys([*(now.children if now else {}), *(was.children if was else {})])
        )
        groups = tuple(
            ChildGroup(
                kind,
                compare_records(
                    list(was.children.get(kind, ())) if was else [],
                    list(now.children.get(kind, ())) if now else [],
                ),
            )
            for kind in kinds
        )
        status = _status(was, now, fields)
        if status == UNCHANGED and any(group.any_difference for group in groups):
            status = CHANGED
        code = (now or was).code  # type: ignore[union-attr]
        diffs.append(
            PriorityDiff(
                code,
                None if was is None else was.title,
                None if now is None else now.title,
                status,
                fields,
                groups,
            )
        )
    return tuple(diffs)


def count(diffs: Sequence[PriorityDiff | RecordDiff]) -> Counts:
    statuses = [diff.status for diff in diffs]
    return Counts(
        statuses.count(ADDED),
        statuses.count(REMOVED),
        statuses.count(CHANGED),
        statuses.count(UNCHANGED),
    )
