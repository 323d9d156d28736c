"""Text columns with a limit, checked before the database sees the text.

PostgreSQL refuses a ``VARCHAR(n)`` value longer than ``n`` characters with a driver error (an
English box on a page, a traceback in the CLI); SQLite stores it. So every write is checked here
first, the same on both: an import names its rows (``column_problems``), and every other write is
caught by the store's own check of each statement (``check_row``, hooked in ``database.py``; and
``bulk.py`` for ``COPY``), which names the field and its limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from consultations.core import schema
from consultations.core.errors import TextTooLong
from consultations.core.labels import field_label
from translations import _


def text_limit(table: Any, column: str) -> int | None:
    """The most characters ``table.column`` holds, or None when it is unbounded or not text."""
    found = table.c.get(column)
    length = getattr(found.type, "length", None) if found is not None else None
    return int(length) if length else None


@functools.cache
def bounded_columns(table: Any) -> dict[str, int]:
    """Every bounded text column of ``table`` with its limit (read once per table: every write
    is checked against it)."""
    return {c.key: limit for c in table.columns if (limit := text_limit(table, c.key))}


def every_bounded_column() -> list[tuple[Any, str, int]]:
    """(table, column, limit) for every bounded text column of the schema."""
    return [
        (table, column, limit)
        for table in schema.metadata.sorted_tables
        for column, limit in bounded_columns(table).items()
    ]


def too_long(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) > limit


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def length_problem(field: str, value: str, limit: int) -> str:
    """The words for one text over its limit: which field, how long, how long it may be."""
    return _("{field} “{value}” has {n} characters; at most {limit} fit. Shorten it.").format(
        field=field, value=_shown(value), n=len(value), limit=limit
    )


def check_row(table: Any, values: Mapping[str, Any]) -> None:
    """Refuse a row (a statement's parameters) whose text is longer than its column holds."""
    for column, limit in bounded_columns(table).items():
        value = values.get(column)
        if isinstance(value, str) and len(value) > limit:
            raise TextTooLong(
                length_problem(field_label(column), value, limit) + " " + _("Nothing was saved.")
            )


def check_text(table: Any, column: str, value: str) -> None:
    """Refuse one text a service is about to write (named by its field) over its column's limit:
    an import that calls it names the row around the sentence."""
    limit = text_limit(table, column)
    if limit and too_long(value, limit):
        raise TextTooLong(length_problem(field_label(column), value, limit))


def check_columns(table: Any, columns: Mapping[str, Iterable[Any]]) -> None:
    """``check_row`` for rows given column by column (the bulk writer's shape)."""
    for column, limit in bounded_columns(table).items():
        first = next((v for v in columns.get(column, ()) if too_long(v, limit)), None)
        if first is not None:
            check_row(table, {column: first})


def column_problems(
    table: Any,
    columns: Mapping[str, Sequence[Any]],
    labels: Mapping[str, str],
    where: Callable[[int], str],
) -> list[str]:
    """For rows an import is about to write (given column by column), one sentence per text
    longer than its column holds, naming the row as the user knows it (``where(i)``: "row 12").
    ``labels`` names our fields as the user does; a column absent from it is not the user's."""
    problems = []
    for column, limit in bounded_columns(table).items():
        if column in labels and column in columns:
            for i, value in enumerate(columns[column]):
                if too_long(value, limit):
                    problem = length_problem(labels[column], value, limit)
                    problems.append(f"{where(i)}: {problem}")
    return problems
