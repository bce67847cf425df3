"""Fast bulk writes for large imports, with django-simple-history records written in SQL.

``bulk_create`` compiles every value of every object (and ``bulk_create_with_history`` builds a
model instance per historical row), and on SQLite it sends ~999 / len(fields) rows per query.
For hundreds of thousands of rows that dominates an import. These helpers instead:

- insert and update with ``executemany`` of one single-row statement built from the model's
  ``_meta`` (on PostgreSQL with psycopg 3, inserts go through ``COPY``); values are given as the
  Python types the fields hold (``str`` for text, ``int`` for integers and keys, ``Decimal``,
  ``date``...) and only fields whose values the backend needs adapted (dates, datetimes...) go
  through ``get_db_prep_save``;
- copy rows into their historical table with one ``INSERT ... SELECT`` per chunk, so each history
  record holds exactly what the row holds, with the columns simple-history's
  ``bulk_history_create`` writes: ``history_date`` (aware ``now``, or the moment set by
  ``one_moment``), ``history_type`` ('+', '~' or '-'), ``history_user_id`` and
  ``history_change_reason`` (None).

An import wraps its writes in ``one_moment()``, so every history record it writes carries the
same ``history_date``: the import is one moment in the record's history however long it takes.

Nothing here runs ``pre_save`` (``auto_now``), model signals or ``save()``: callers give every
value themselves. All writes run in the caller's transaction; ``COPY`` bypasses Django's
execute wrappers and query log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

HistoryType = Literal["+", "~", "-"]
"""'+' created, '~' changed, '-' deleted: simple-history's ``history_type``."""

# Field types whose Python values (str, int, Decimal or None) every supported driver takes as
# they are: for these ``get_db_prep_save`` returns its argument unchanged (Django's SQLite backend
# registers an adapter for Decimal), so the call is skipped.
PASS_THROUGH = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "CharField",
        "TextField",
        "SlugField",
        "URLField",
        "EmailField",
        "DecimalField",
    }
)

Prepare = Callable[[Any], Any]


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def param_limit(using: str = "default") -> int:
    """How many values one query may bind (Django's limit for the backend, less a margin)."""
    limit = connections[using].features.max_query_params or 10_000
    return max(1, min(limit, 10_000) - 16)


def _concrete(model: type[models.Model], name: str) -> models.Field:
    """A concrete field by name or attname (``project`` or ``project_id``), or ``pk``."""
    if name == "pk" and model._meta.pk is not None:
        return model._meta.pk
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    raise ValueError(f"{model.__name__} has no concrete field '{name}'")


def _column(field: models.Field, connection: BaseDatabaseWrapper) -> str:
    assert field.column is not None
    return connection.ops.quote_name(field.column)


def _preparer(field: models.Field, connection: BaseDatabaseWrapper) -> Prepare | None:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if target.get_internal_type() in PASS_THROUGH:
        return None

    prepared: dict[tuple[type, Any], Any] = {}

    def prepare(value: Any) -> Any:
        """``get_db_prep_save``, once per distinct value (imports repeat dates a great deal)."""
        if value is None:
            return None
        try:
            key = (type(value), value)
            if key not in prepared:
                prepared[key] = field.get_db_prep_save(value, connection)
            return prepared[key]
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection)

    return prepare


def _prepared(rows: Iterable[Sequence[Any]], preparers: list[Prepare | None]) -> list[tuple]:
    needed = [(index, prepare) for index, prepare in enumerate(preparers) if prepare is not None]
    if not needed:
        return [tuple(row) for row in rows]
    prepared = []
    for row in rows:
        values = list(row)
        for index, prepare in needed:
            values[index] = prepare(values[index])
        prepared.append(tuple(values))
    return prepared


def _other_columns(model: type[models.Model], named: list[models.Field]) -> list[models.Field]:
    """The columns not named, other than an automatic key or a generated column."""
    pk = model._meta.pk
    auto_pk = pk is not None and pk.db_returning
    return [
        field
        for field in model._meta.concrete_fields
        if field not in named and not (auto_pk and field is pk) and not field.generated
    ]


def _with_defaults(
    rows: Iterable[Sequence[Any]], others: list[models.Field]
) -> Iterable[Sequence[Any]]:
    """Rows extended with the model default of each column not named (as ``Model()`` sets)."""
    if not others:
        return rows
    if any(callable(field.default) for field in others):
        return ((*row, *(field.get_default() for field in others)) for row in rows)
    fixed = [field.get_default() for field in others]
    return ((*row, *fixed) for row in rows)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Insert one row per sequence of values for ``fields`` (names or attnames, e.g.
    ``project_id``); columns not named take the model's default, the automatic key is left to
    the database. Returns the number of rows inserted."""
    connection = connections[using]
    named = [_concrete(model, name) for name in fields]
    others = _other_columns(model, named)
    columns = [*named, *others]
    into = "{} ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(_column(field, connection) for field in columns),
    )
    preparers = [_preparer(field, connection) for field in columns]
    params = _prepared(_with_defaults(rows, others), preparers)
    if not params:
        return 0
    with connection.cursor() as cursor:
        driver_cursor = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(driver_cursor, "copy"):
            # psycopg 3: COPY is several times quicker than one INSERT per row.
            with driver_cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {into} VALUES ({values})", params)
    return len(params)


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Set ``fields`` on existing rows; each row is ``(pk, *values)``. Returns the rows given."""
    connection = connections[using]
    pk = model._meta.pk
    assert pk is not None
    named = [_concrete(model, name) for name in fields]
    preparers = [_preparer(field, connection) for field in (*named, pk)]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(f"{_column(field, connection)} = %s" for field in named),
        _column(pk, connection),
    )
    params = _prepared(((*row[1:], row[0]) for row in rows), preparers)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def pks_by(
    model: type[models.Model], key: str, values: Sequence[Any], *, using: str = "default"
) -> dict[Any, Any]:
    """Primary keys of the rows whose unique ``key`` is one of ``values``, by key value."""
    connection = connections[using]
    field, pk = _concrete(model, key), _concrete(model, "pk")
    found: dict[Any, Any] = {}
    if _preparer(field, connection) or _preparer(pk, connection):
        # Stored values may differ from the Python ones: let the ORM convert them.
        manager = model._base_manager.db_manager(using)
        for chunk in chunks(values, param_limit(using)):
            found.update(manager.filter(**{f"{key}__in": chunk}).values_list(key, "pk"))
        return found
    table = connection.ops.quote_name(model._meta.db_table)
    select = f"SELECT {_column(field, connection)}, {_column(pk, connection)} FROM {table} WHERE "
    with connection.cursor() as cursor:
        for where, params in _in_chunks(model, key, values, using):
            cursor.execute(select + where, params)
            found.update(cursor.fetchall())
    return found


def _in_chunks(
    model: type[models.Model], key: str, values: Sequence[Any], using: str
) -> Iterator[tuple[str, list[Any]]]:
    """``"table"."key" IN (%s, ...)`` with its values, a chunk of values at a time."""
    connection = connections[using]
    field = _concrete(model, key)
    prepare = _preparer(field, connection)
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{_column(field, connection)}"
    for chunk in chunks(values, param_limit(using)):
        params = list(chunk) if prepare is None else [prepare(value) for value in chunk]
        if connection.vendor == "postgresql":
            yield f"{column} = ANY(%s)", [params]  # one array, not thousands of values
        else:
            yield f"{column} IN ({', '.join(['%s'] * len(params))})", params


def copy_to_history(
    model: type[models.Model],
    key: str,
    values: Sequence[Any],
    history_type: HistoryType,
    user: Any = None,
    *,
    request_user: bool = True,
    using: str = "default",
) -> int:
    """Write a historical record of each row whose ``key`` is in ``values``, as it is now.

    ``user`` is recorded as ``history_user``; when it is None and ``request_user`` is true, the
    user simple-history's middleware would record (the request's, if any) is used instead, as
    ``bulk_create_with_history`` and ``bulk_update_with_history`` do. Returns the rows written.
    """
    if not values or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    history = get_history_model_for_model(model)
    if user is None and request_user:
        user = history.get_default_history_user(None)
    head, extra_params = _history_insert(model, history, history_type, user, using)
    connection = connections[using]
    pk = model._meta.pk
    assert pk is not None
    order = f"{connection.ops.quote_name(model._meta.db_table)}.{_column(pk, connection)}"
    written = 0
    with connection.cursor() as cursor:
        for where, params in _in_chunks(model, key, values, using):
            cursor.execute(f"{head} WHERE {where} ORDER BY {order}", [*extra_params, *params])
            written += cursor.rowcount
    return written


_MOMENT: ContextVar[datetime | None] = ContextVar("history_moment", default=None)


@contextmanager
def one_moment() -> Iterator[datetime]:
    """History written by these helpers inside the block all carries one ``history_date``."""
    moment = timezone.now()
    token = _MOMENT.set(moment)
    try:
        yield moment
    finally:
        _MOMENT.reset(token)


def _history_insert(
    model: type[models.Model],
    history: type[models.Model],
    history_type: HistoryType,
    user: Any,
    using: str,
) -> tuple[str, list[Any]]:
    """``INSERT INTO historical (...) SELECT <tracked columns>, <history columns> FROM table``
    and the values of the history columns, as ``bulk_history_create`` sets them."""
    if hasattr(history, "history_relation"):
        raise NotImplementedError("historical models with a history_relation are not supported")
    connection = connections[using]
    extra = {
        "history_date": _MOMENT.get() or timezone.now(),
        "history_change_reason": None,
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
    }
    extra_fields = [_concrete(history, name) for name in extra]
    params = [
        None if value is None else field.get_db_prep_save(value, connection)
        for field, value in zip(extra_fields, extra.values(), strict=True)
    ]
    sources: list[models.Field] = list(history.tracked_fields)  # type: ignore[attr-defined]
    targets = [_concrete(history, field.name) for field in sources] + extra_fields
    sql = "INSERT INTO {} ({}) SELECT {}, {} FROM {}".format(
        connection.ops.quote_name(history._meta.db_table),
        ", ".join(_column(field, connection) for field in targets),
        ", ".join(_column(_concrete(model, field.name), connection) for field in sources),
        ", ".join(["%s"] * len(extra_fields)),
        connection.ops.quote_name(model._meta.db_table),
    )
    return sql, params


def delete_with_history(
    model: type[models.Model],
    key: str,
    values: Sequence[Any],
    user: Any = None,
    *,
    using: str = "default",
) -> int:
    """Delete the rows whose ``key`` is in ``values``, each with a '-' historical record by
    ``user`` (as when ``_history_user`` is set on an instance before ``delete()``).

    Only for models nothing else refers to: no cascades run, and no delete signals are sent.
    Returns the number of rows deleted.
    """
    if model._meta.related_objects:
        raise ValueError(f"{model.__name__} rows are referred to; delete them through the ORM")
    copy_to_history(model, key, values, "-", user, request_user=False, using=using)
    table = connections[using].ops.quote_name(model._meta.db_table)
    deleted = 0
    with connections[using].cursor() as cursor:
        for where, params in _in_chunks(model, key, values, using):
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
            deleted += cursor.rowcount
    return deleted
