"""The PostgreSQL backend: the same `Database` and `Tx` the repositories use on SQLite, over one
psycopg 3 connection (DATABASE_URL selects it; storage/connect.py).

The repositories write each statement once, in SQLite's spelling; `storage/dialect.py` turns it
into PostgreSQL's here. Like the SQLite backend, every statement of this process goes through one
connection under one asyncio lock, so a transaction never sees another coroutine's statements and
the code's assumptions (one writer at a time) hold unchanged.

Several processes on one database: one leads (handles updates, sends, runs the scheduler) and
the others stand by, storing the updates Telegram posts to them (app/runtime.py). The lead is a
session advisory lock on this connection: held exactly as long as this connection lives, so a
process that dies (or whose connection breaks) loses it at once and can no longer write
anything, and the next process takes it. TCP keepalives on both sides make a dead machine's
connection end within about half a minute instead of the kernel's two hours.

Migrations: `storage/migrations/postgresql/`, numbered like SQLite's. A new backend starts from
the schema as it stands (0011, the whole schema in one file), and every later migration comes in
both spellings with the same number; the version is kept in `schema_version`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from storage import inbox
from storage.db import Database, Params, Tx, available_migrations
from storage.dialect import POSTGRES, returns_id, to_postgres

PG_MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "postgresql"
PG_BASELINE = 11  # the first PostgreSQL migration: SQLite's 0001-0011 as one schema
# Advisory lock keys ("golm" and the next): the lead, and the migrations (instances starting
# together on an empty database migrate one after another). Below 2^31, so pg_locks shows the
# key as objid with classid 0.
LEAD_KEY = 0x676F6C6D
MIGRATE_KEY = LEAD_KEY + 1
# libpq's side: notice a server that stopped answering; the server's side (SET below): notice a
# client machine that died, and end its session, which frees the lead.
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
SERVER_KEEPALIVES = (
    "SET tcp_keepalives_idle = 10",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 30000",
)
log = logging.getLogger(__name__)


class PgRow:
    """A result row read like sqlite3.Row: by column name or position, and iterated as values."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        return self._values[key] if isinstance(key, int) else self._values[self._index[key]]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:  # as sqlite3.Row: the same columns and values
        return isinstance(other, PgRow) and self._index == other._index and self._values == other._values

    def __hash__(self) -> int:
        return hash((tuple(self._index), self._values))

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._index, self._values, strict=True))!r})"


def _rows(cursor: psycopg.Cursor[Any] | psycopg.AsyncCursor[Any]) -> RowMaker[PgRow]:
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(index, values)


class PgTx(Tx):
    """The statements of one open transaction on PostgreSQL (see Tx)."""

    dialect = POSTGRES

    def __init__(self, conn: psycopg.AsyncConnection[PgRow]) -> None:
        self._pg = conn

    async def _run(self, sql: str, params: Params) -> psycopg.AsyncCursor[PgRow]:
        return await self._pg.execute(to_postgres(sql, isinstance(params, dict)), params)  # type: ignore[arg-type]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; returns the new row's id (an INSERT into a table with one) or the
        changed row count."""
        cursor = await self._run(sql, params)
        if returns_id(sql):  # an INSERT that dialect.to_postgres made RETURNING id
            row = await cursor.fetchone()
            return int(row[0]) if row is not None else 0
        return max(cursor.rowcount, 0)

    async def changes(self, sql: str, params: Params = ()) -> int:
        return max((await self._run(sql, params)).rowcount, 0)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        statement = to_postgres(sql, isinstance(rows[0], dict), returning=False)
        async with self._pg.cursor() as cursor:
            await cursor.executemany(statement, rows)  # type: ignore[arg-type]
            return max(cursor.rowcount, 0)  # psycopg sums it over the rows, as sqlite3 does

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        return await (await self._run(sql, params)).fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        return list(await (await self._run(sql, params)).fetchall())


class PgDatabase(Database):
    """A PostgreSQL database behind the `Database` interface (see the module docstring)."""

    def __init__(self, url: str) -> None:  # the SQLite file's attributes do not apply
        self.url = url
        self.path = Path(url.split("@")[-1])  # for messages only: host/name, never the password
        self._connection: psycopg.AsyncConnection[PgRow] | None = None
        self._lock = asyncio.Lock()

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    def _open_connection(self) -> psycopg.AsyncConnection[PgRow]:
        if self._connection is None:
            raise RuntimeError("database is not open")
        return self._connection

    async def open(self, migrate_upto: int | None = None) -> None:
        if self._connection is not None:
            return
        self._connection = await psycopg.AsyncConnection.connect(
            self.url, autocommit=True, row_factory=_rows, **KEEPALIVES
        )
        for statement in SERVER_KEEPALIVES:  # ignored over a Unix socket
            await self._connection.execute(statement)  # type: ignore[arg-type]
        await self.migrate(migrate_upto)

    async def close(self) -> None:
        if self._connection is not None:
            async with self._lock:
                await self._connection.close()
            self._connection = None

    async def migrate(self, upto: int | None = None) -> int:
        conn = self._open_connection()
        async with self._lock:
            await conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_KEY,))
        try:
            return await self._migrate(conn, upto)
        finally:
            async with self._lock:
                await conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_KEY,))

    async def _migrate(self, conn: psycopg.AsyncConnection[PgRow], upto: int | None) -> int:
        async with self._lock:
            await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            cursor = await conn.execute("SELECT max(version) FROM schema_version")
            row = await cursor.fetchone()
        current = int(row[0]) if row is not None and row[0] is not None else 0
        applied = 0
        for number, path in pg_migrations():
            if number <= current or (upto is not None and number > upto):
                continue
            script = path.read_text(encoding="utf-8")
            async with self._lock, conn.transaction():
                await conn.execute(script)  # type: ignore[arg-type]
                await conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
            log.info("applied migration %s", path.name)
            applied += 1
        return applied

    shared = True

    async def try_lead(self) -> bool:
        """Take the lead if no other process holds it (see the module docstring)."""
        return bool(await self.scalar("SELECT pg_try_advisory_lock(?)", (LEAD_KEY,)))

    async def still_leading(self) -> bool:
        """Whether this connection still holds the lead. Raises if the connection is gone (then
        the lead is gone too). Also false behind a pooler that hands the session to others."""
        return bool(
            await self.scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid() AND classid = 0 AND objid = ? AND objsubid = 1)",
                (LEAD_KEY,),
            )
        )

    async def inbox_notices(self) -> AsyncIterator[None]:
        """Once each time a process stored an update (storage/inbox.announce), over a connection
        of its own that LISTENs."""
        conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True, **KEEPALIVES)
        try:
            await conn.execute(f"LISTEN {inbox.CHANNEL}")  # type: ignore[arg-type]
            async for _ in conn.notifies():
                yield
        finally:
            await conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            conn = self._open_connection()
            async with conn.transaction():
                yield PgTx(conn)

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        async with self._lock:
            return await PgTx(self._open_connection()).fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        async with self._lock:
            return await PgTx(self._open_connection()).fetchall(sql, params)

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        async with self._lock:
            return await PgTx(self._open_connection()).scalar(sql, params)

    async def checkpoint(self) -> None:
        """Nothing to do per transaction: PostgreSQL writes its WAL itself (see `scrub` for the
        rows a deletion leaves behind)."""

    async def tables(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        return [row[0] for row in rows]

    keeps_old_rows = True  # a DELETE or UPDATE leaves the old row version in the table file

    async def scrub(self) -> None:
        """VACUUM FULL of every golmok table: each is rewritten into a new file and the old file
        removed, so no deleted or overwritten row version stays readable in a table or index file
        (a plain VACUUM only marks their space free; the bytes stay until overwritten). Each table
        is locked while it is rewritten; core/scheduler.py runs this at night."""
        conn = self._open_connection()
        started = time.monotonic()
        tables = await self.tables()
        async with self._lock:
            for table in tables:
                await conn.execute(f'VACUUM FULL "{table}"')  # type: ignore[arg-type]
        log.info("scrubbed %d tables in %.1f s", len(tables), time.monotonic() - started)

    async def backup(self, target: Path) -> None:
        raise RuntimeError("on PostgreSQL, back up with pg_dump (see Backup in the README)")


def pg_migrations() -> list[tuple[int, Path]]:
    """PostgreSQL's migrations: from the baseline (0011) on, without gaps."""
    return available_migrations(PG_MIGRATIONS, first=PG_BASELINE)
