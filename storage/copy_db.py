"""Moving up: copy a pilot's SQLite file into an empty PostgreSQL database (`python bot.py copy-db
URL`), every table, the access log included, and prove the copy with row counts and checksums.

The SQLite file is read inside one read transaction, so a bot still running on it gives a
consistent snapshot (what it writes later is not copied). PostgreSQL gets golmok's schema from
its own migrations, then every row in one transaction: a failure leaves no half-copied database,
only the empty schema, and the command can simply be run again. Ids are copied as they are, and
each identity sequence is moved past the largest one, so the next report gets the next number.

The checksum of a table is the sum (mod 2**128) of a hash of each row, so it does not depend on
the order the two databases return rows in (their text collations differ). Numbers are compared
as numbers: SQLite may hand back 5 where PostgreSQL's DOUBLE PRECISION hands back 5.0.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from storage.db import available_migrations
from storage.dialect import IDENTITY_TABLES
from storage.postgres import PgDatabase, pg_migrations

BATCH = 5_000
MOD = 2**128
BOOKKEEPING = "schema_version"  # PostgreSQL's own record of its migrations, not copied


class CopyRefused(Exception):
    """Why the copy cannot start or did not finish; one line for the person running it."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: int


@dataclass(frozen=True)
class CopyResult:
    tables: list[TableCopy]
    running: bool  # the SQLite file looked in use (its write-ahead log was there)

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def _value(value: Any) -> str:
    """One value in a form both databases give alike (see the module docstring)."""
    if value is None:
        return "n"
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        value = int(value)
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float):
        return f"f{value!r}"
    if isinstance(value, bytes):
        return f"b{value.hex()}"
    text = str(value)
    return f"s{len(text)}:{text}"


def row_hash(row: Sequence[Any]) -> int:
    encoded = "\x1f".join(_value(value) for value in row).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=16).digest(), "big")


def _checksum(rows: Iterable[Sequence[Any]]) -> tuple[int, int]:
    count, total = 0, 0
    for row in rows:
        count += 1
        total = (total + row_hash(row)) % MOD
    return count, total


def _source(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise CopyRefused(f"there is no SQLite database at {path} (DATABASE_PATH)")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    latest = available_migrations()[-1][0]
    if version != latest:
        conn.close()
        if version < latest:
            raise CopyRefused(
                f"{path} is at schema version {version}, this golmok at {latest}: start this version "
                "of the bot on it once (it upgrades the file), stop it, then copy"
            )
        raise CopyRefused(f"{path} was written by a newer golmok (schema {version}): copy with that version")
    return conn


def _source_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')] for name in names}


async def _target_tables(conn: psycopg.AsyncConnection[Any]) -> dict[str, list[str]]:
    cursor = await conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    )
    tables: dict[str, list[str]] = {}
    for table, column in await cursor.fetchall():
        tables.setdefault(table, []).append(column)
    return tables


async def _refuse_unless_empty(conn: psycopg.AsyncConnection[Any], known: set[str]) -> bool:
    """True when golmok's schema is there already (empty); refuses a database with any row or any
    table golmok does not know. False: no tables at all."""
    tables = await _target_tables(conn)
    if not tables:
        return False
    strangers = sorted(set(tables) - known - {BOOKKEEPING})
    if strangers:
        raise CopyRefused(
            "the target database is not empty: it has tables golmok does not know "
            f"({', '.join(strangers[:5])})"
        )
    for table in sorted(set(tables) - {BOOKKEEPING}):
        cursor = await conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
        row = await cursor.fetchone()
        if row is not None and row[0]:
            raise CopyRefused(
                f"the target database is not empty: table {table} has rows. copy-db only fills an empty "
                "database (create a new one, or drop and recreate this one)"
            )
    return True


async def _fk_order(conn: psycopg.AsyncConnection[Any], tables: list[str]) -> list[str]:
    """The tables with each after the tables it refers to (a table may refer to itself)."""
    cursor = await conn.execute(
        "SELECT child.relname, parent.relname FROM pg_constraint c "
        "JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid "
        "JOIN pg_namespace n ON n.oid = child.relnamespace "
        "WHERE c.contype = 'f' AND n.nspname = current_schema()"
    )
    needs: dict[str, set[str]] = {table: set() for table in tables}
    for child, parent in await cursor.fetchall():
        if child in needs and parent != child:
            needs[child].add(parent)
    ordered: list[str] = []
    while needs:
        ready = sorted(table for table, parents in needs.items() if not parents - set(ordered))
        if not ready:
            raise CopyRefused(f"the tables refer to each other in a circle: {sorted(needs)}")
        for table in ready:
            ordered.append(table)
            del needs[table]
    return ordered


def _batches(cursor: sqlite3.Cursor) -> Iterable[list[Any]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows


async def copy_database(source_path: Path, target_url: str) -> CopyResult:
    """Copy every table of the SQLite file at `source_path` into the empty PostgreSQL database
    at `target_url`, then read the copy back and compare counts and checksums."""
    source = _source(source_path)
    running = Path(f"{source_path}-wal").exists()
    try:
        source.execute("BEGIN")  # one snapshot for every table, even while the bot writes
        tables = _source_tables(source)
        async with await psycopg.AsyncConnection.connect(target_url) as conn:
            await conn.set_autocommit(True)
            has_schema = await _refuse_unless_empty(conn, set(tables))
            if not has_schema:
                target = PgDatabase(target_url)
                await target.open()  # golmok's schema, from PostgreSQL's migrations
                await target.close()
            cursor = await conn.execute(f"SELECT max(version) FROM {BOOKKEEPING}")
            version = await cursor.fetchone()
            if version is None or version[0] != pg_migrations()[-1][0]:
                raise CopyRefused(
                    "the target has golmok's tables from another version: use an empty database"
                )
            target_tables = await _target_tables(conn)
            missing = sorted(set(tables) - set(target_tables))
            if missing:
                raise CopyRefused(
                    f"PostgreSQL's schema lacks tables the SQLite file has: {', '.join(missing)}"
                )
            copied = []
            await conn.set_autocommit(False)
            async with conn.transaction():
                for table in await _fk_order(conn, sorted(tables)):
                    copied.append(await _copy_table(source, conn, table, tables[table], target_tables[table]))
                for table in sorted(IDENTITY_TABLES & set(tables)):
                    await conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"GREATEST(COALESCE(max(id), 0), 1), max(id) IS NOT NULL) FROM {table}"
                    )
            await _verify(conn, copied, tables)
    except psycopg.OperationalError:
        raise  # cannot connect (down, wrong password): the caller says where, without the password
    except psycopg.Error as exc:
        first_line = " ".join(str(exc).split("\n")[0].split())
        raise CopyRefused(f"PostgreSQL refused the copy, nothing was kept: {first_line}") from exc
    finally:
        source.close()
    return CopyResult(copied, running)


async def _copy_table(
    source: sqlite3.Connection,
    conn: psycopg.AsyncConnection[Any],
    table: str,
    columns: list[str],
    target_columns: list[str],
) -> TableCopy:
    absent = [column for column in columns if column not in target_columns]
    if absent:
        raise CopyRefused(f"PostgreSQL's table {table} lacks the columns {', '.join(absent)}")
    names = ", ".join(f'"{column}"' for column in columns)
    count, total = 0, 0
    async with conn.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for rows in _batches(source.execute(f'SELECT {names} FROM "{table}"')):
            for row in rows:
                await copy.write_row(row)
            n, subtotal = _checksum(rows)
            count, total = count + n, (total + subtotal) % MOD
    return TableCopy(table, count, total)


async def _verify(
    conn: psycopg.AsyncConnection[Any], copied: list[TableCopy], tables: dict[str, list[str]]
) -> None:
    """Read each table back from PostgreSQL (after the commit) and compare with what was read."""
    for expected in copied:
        names = ", ".join(f'"{column}"' for column in tables[expected.name])
        async with conn.transaction(), conn.cursor(name=f"verify_{expected.name}") as cursor:
            await cursor.execute(f'SELECT {names} FROM "{expected.name}"')
            count, total = 0, 0
            while rows := await cursor.fetchmany(BATCH):
                n, subtotal = _checksum(rows)
                count, total = count + n, (total + subtotal) % MOD
        if count != expected.rows or total != expected.checksum:
            raise CopyRefused(
                f"table {expected.name} does not read back the same ({count} rows, {expected.rows} copied): "
                "do not switch; empty the target and copy again"
            )
