"""Where SQLite and PostgreSQL differ, in one place: the repositories write SQLite's SQL (what
golmok has always run) with `?` marks, and the few expressions the two spell differently come
from here, so each statement is written once.

`to_postgres` turns a statement into PostgreSQL's: `?` (or `:name` with a dict of values)
becomes psycopg's `%s` (`%(name)s`), a `%` in the text is doubled, and an INSERT into a table
with an identity id returns it (what SQLite's lastrowid gives)."""

from __future__ import annotations

import re

SQLITE, POSTGRES = "sqlite", "postgresql"

# Tables whose `id` is generated (INTEGER PRIMARY KEY in SQLite, an identity in PostgreSQL).
IDENTITY_TABLES = frozenset({
    "reports", "report_notes", "report_events", "access_log", "outbox", "scheduled", "meetings",
    "campaigns", "link_requests",
})  # fmt: skip

_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+([a-z_]+)", re.IGNORECASE)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def to_postgres(sql: str, named: bool, *, returning: bool = True) -> str:
    """The statement in PostgreSQL's spelling (see the module docstring). `named`: the values
    come as a dict (`:name` marks); `returning`: may add RETURNING id (not for executemany)."""
    out = sql.replace("%", "%%")
    out = _NAMED.sub(r"%(\1)s", out) if named else out.replace("?", "%s")
    return out.rstrip().rstrip(";") + " RETURNING id" if returning and returns_id(sql) else out


def returns_id(sql: str) -> bool:
    """An INSERT into a table with an identity id, not already RETURNING: it gives back the id."""
    match = _INSERT_INTO.match(sql)
    return bool(match and match.group(1).lower() in IDENTITY_TABLES and "RETURNING" not in sql.upper())


def days_between(dialect: str, later: str, earlier: str) -> str:
    """Days from one stored time (ISO 8601 text in UTC) to another, as a real number."""
    if dialect == POSTGRES:
        return f"(EXTRACT(EPOCH FROM ({later})::timestamptz - ({earlier})::timestamptz) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


def local_month(dialect: str, column: str) -> str:
    """YYYY-MM of a stored time shifted by an offset given as the next `?` ('+09:00' style)."""
    if dialect == POSTGRES:
        return f"to_char(({column})::timestamptz + (?)::interval, 'YYYY-MM')"
    return f"strftime('%Y-%m', {column}, ?)"


def contains(dialect: str, column: str) -> str:
    """Whether a text column holds the next `?` as a substring (no pattern characters)."""
    if dialect == POSTGRES:
        return f"strpos({column}, ?) > 0"
    return f"instr({column}, ?) > 0"


def in_json_list(dialect: str, column: str) -> str:
    """Whether a column's value is in a JSON array of numbers given as the next `?`."""
    if dialect == POSTGRES:
        return f"{column} IN (SELECT value::bigint FROM json_array_elements_text((?)::json))"
    return f"{column} IN (SELECT value FROM json_each(?))"


def last_json_item(dialect: str, column: str) -> str:
    """The last element of a JSON array stored as text (a conversation key's user id)."""
    if dialect == POSTGRES:
        return f"(({column})::json ->> -1)::bigint"
    return f"json_extract({column}, '$[#-1]')"
