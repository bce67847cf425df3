"""Read queries compiled to SQL once and run many times with other values.

Django compiles a queryset to SQL every time it is evaluated, and for a small indexed read (a
project's spend lines, say) compiling costs several times more than running it. A
``PreparedQuery`` is built from a function that makes the queryset from its arguments: it calls
the function once with *marker* values, compiles the queryset, finds where each marker landed
among the SQL parameters, and from then on runs that SQL with the real values put in the
markers' places. Rows come back through the queryset's own converters (dates, aware
datetimes, decimals), exactly as ``values_list`` gives them. SQLAlchemy caches statements in
the same way.

A marker must reach the SQL parameters unchanged, so prepare only plain comparisons
(``field=value``, ``field__in=values``), not lookups that rewrite their value (``icontains``);
other parameters of the queryset (constants) are kept as compiled. A list argument is prepared
once for each length it is given with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from threading import Lock
from typing import Any

from django.db import connections
from django.db.models import QuerySet

_MARKER_BASE = -7_340_000_000
"""Markers for integers are integers no id takes (ids are positive); for text, text with a
control character, which no key holds. Each is distinct within a query."""

Argument = int | str | Sequence[int]


class PreparedQuery:
    """``PreparedQuery(build)(*args)`` gives the rows of ``build(*args)``, a ``values_list``
    queryset whose arguments are integers, text or lists of integers."""

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[
            tuple[str, tuple[int | str, ...]], tuple[Any, str, list[Any], Any]
        ] = {}
        self._lock = Lock()

    def __call__(self, *args: Argument) -> list[tuple[Any, ...]]:
        shape = tuple(_shape(arg) for arg in args)
        values = [arg if isinstance(arg, int | str) else list(arg) for arg in args]
        if 0 in shape:
            return []
        compiler, sql, slots, converters = self._compile(shape)
        params = [
            constant if slot is None else _value(values[slot[0]], slot[1])
            for slot, constant in slots
        ]
        with connections[compiler.using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        return [tuple(row) for row in compiler.apply_converters(rows, converters)]

    def _compile(self, shape: tuple[int | str, ...]) -> tuple[Any, str, list[Any], Any]:
        key = (connections["default"].vendor, shape)
        found = self._compiled.get(key)
        if found is not None:
            return found
        counter = itertools.count()
        positions: dict[int | str, tuple[int, int]] = {}

        def marker(argument: int, index: int, text: bool = False) -> int | str:
            value: int | str = _MARKER_BASE - next(counter)
            if text:
                value = f"\x00{value}"
            positions[value] = (argument, index)
            return value

        markers = [
            marker(n, -1, size == "text")
            if isinstance(size, str)
            else [marker(n, i) for i in range(size)]
            for n, size in enumerate(shape)
        ]
        queryset = self._build(*markers)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        slots = [(positions.get(param), param) for param in params]
        if len({param for param in params if param in positions}) != len(positions):
            raise ValueError(
                "Each argument of a prepared query must reach its SQL parameters unchanged: "
                f"got {params!r}."
            )
        columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        compiled = (compiler, sql, slots, compiler.get_converters(columns))
        with self._lock:
            self._compiled[key] = compiled
        return compiled


def _shape(argument: Argument) -> int | str:
    if isinstance(argument, str):
        return "text"
    if isinstance(argument, int):
        return "one"
    return len(argument)


def _value(argument: Any, index: int) -> Any:
    return argument if index < 0 else argument[index]
