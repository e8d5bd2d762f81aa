"""One SQLite connection, migrations, and serialised transactions.

All coroutines share one connection. SQLite transactions belong to a connection, not to a
coroutine, so every statement runs under one asyncio lock: a transaction opened by one
coroutine never sees another coroutine's statements slip into it.

Where statements run. Only two things SQLite does can take long: waiting for another
connection's write lock (BEGIN IMMEDIATE, up to busy_timeout) and syncing to disk (COMMIT with
synchronous=FULL, checkpoints, backups, migrations). Those run on aiosqlite's worker thread, so
the event loop never waits for a disk or a lock. Every other statement is an index lookup or a
small write into the page cache that takes microseconds (bench/storage_scaling.py: under 5 ms
even at 1,000,000 reports); handing each of those to a thread and back cost more than running
it (about 40 us of CPU and two event-loop wake-ups per hop, some 18 hops per update), so they run
directly on the connection, on the event loop's thread. The lock keeps the two from ever using
the connection at the same time; `_in_thread` keeps it so even when a caller is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.dialect import SQLITE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
log = logging.getLogger(__name__)

Row = sqlite3.Row
Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class Tx:
    """The statements of one open transaction (or of one read outside a transaction).

    The methods are coroutines although they do not wait for anything today: callers stay the
    same if a statement ever has to move off the event loop's thread."""

    dialect = SQLITE  # which SQL this transaction speaks (storage/dialect.py)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; returns lastrowid (for INSERT) or the changed row count."""
        cursor = self._conn.execute(sql, params)
        result = cursor.lastrowid if sql.lstrip().upper().startswith("INSERT") else cursor.rowcount
        cursor.close()
        return int(result or 0)

    async def changes(self, sql: str, params: Params = ()) -> int:
        cursor = self._conn.execute(sql, params)
        count = cursor.rowcount
        cursor.close()
        return count

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run a statement once per row; returns the changed rows of all of them together."""
        cursor = self._conn.executemany(sql, rows)
        count = cursor.rowcount
        cursor.close()
        return max(count, 0)

    async def insert_row(self, table: str, fields: dict[str, object]) -> int:
        """INSERT one row from column names (code, never user input) to values; returns its id."""
        columns = ", ".join(fields)
        marks = ", ".join(f":{name}" for name in fields)
        return await self.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", fields)

    async def update_row(self, table: str, row_id: int, fields: dict[str, object]) -> None:
        assignments = ", ".join(f"{name} = :{name}" for name in fields)
        await self.execute(
            f"UPDATE {table} SET {assignments} WHERE id = :_row_id", {**fields, "_row_id": row_id}
        )

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        cursor = self._conn.execute(sql, params)
        row: Row | None = cursor.fetchone()
        # Closing resets the statement, so a read outside a transaction ends here instead of
        # holding a snapshot open (which would keep checkpoints from finishing).
        cursor.close()
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = self._conn.execute(sql, params)
        rows: list[Row] = cursor.fetchall()
        cursor.close()
        return rows

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._worker: aiosqlite.Connection | None = None
        self._sqlite: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The connection through its worker thread (for work that may block)."""
        if self._worker is None:
            raise RuntimeError("database is not open")
        return self._worker

    @property
    def is_open(self) -> bool:
        return self._worker is not None

    def _direct(self) -> sqlite3.Connection:
        if self._sqlite is None:
            raise RuntimeError("database is not open")
        return self._sqlite

    async def open(self, migrate_upto: int | None = None) -> None:
        """Open and migrate (up to `migrate_upto`, see `migrate`); calling it again on an open
        database does nothing."""
        if self._worker is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)

        def connect() -> sqlite3.Connection:
            # isolation_level=None: we write BEGIN IMMEDIATE ourselves, so a write transaction
            # takes the write lock at its start and never fails half-way on a lock upgrade.
            # check_same_thread=False: the worker thread opens it, both threads use it (never
            # at once: see the module docstring).
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._sqlite = conn
            return conn

        self._worker = await aiosqlite.Connection(connect, iter_chunk_size=64)
        for pragma in (
            "PRAGMA journal_mode=WAL",
            # FULL: a commit is on disk before we tell anyone (Telegram, a user) it happened.
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
            # Deleted personal data is overwritten, not left in free pages.
            "PRAGMA secure_delete=ON",
        ):
            await self._worker.execute(pragma)
        await self.migrate(migrate_upto)

    async def close(self) -> None:
        if self._worker is not None:
            async with self._lock:
                await self._in_thread(self._worker.close())
            self._worker = None
            self._sqlite = None

    async def migrate(self, upto: int | None = None) -> int:
        """Apply every numbered migration above PRAGMA user_version (up to `upto`, to build a
        database as an older release left it), each in its own transaction."""
        current = await self.scalar("PRAGMA user_version")
        applied = 0
        for number, path in available_migrations():
            if number <= current or (upto is not None and number > upto):
                continue
            script = path.read_text(encoding="utf-8")
            async with self._lock:
                # executescript commits first; wrap the script so it lands whole or not at all.
                await self._in_thread(
                    self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version={number};\nCOMMIT;"
                    )
                )
            log.info("applied migration %s", path.name)
            applied += 1
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            direct = self._direct()
            try:
                # BEGIN IMMEDIATE may wait for another process's write lock and COMMIT syncs to
                # disk: both on the worker thread.
                await self._in_thread(self.conn.execute("BEGIN IMMEDIATE"))
                yield Tx(direct)
                await self._in_thread(self.conn.execute("COMMIT"))
            except BaseException:
                # Whatever failed or was cancelled (a BEGIN that went through all the same, the
                # body, a COMMIT refused for a full disk), no transaction stays open. A rollback
                # has nothing to sync (WAL), so it runs right here.
                if direct.in_transaction:
                    direct.execute("ROLLBACK")
                raise

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock:
            return await Tx(self._direct()).fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock:
            return await Tx(self._direct()).fetchall(sql, params)

    async def ping(self) -> None:
        """Raises unless the database answers a trivial query (the readiness check)."""
        await self.scalar("SELECT 1")

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        async with self._lock:
            return await Tx(self._direct()).scalar(sql, params)

    async def tables(self) -> list[str]:
        """The names of golmok's tables, sorted."""
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return [row["name"] for row in rows]

    # Several processes on one database (PostgreSQL): one leads, the others stand by. One process
    # has a SQLite file to itself, so it leads from the start and never loses the lead.
    shared = False

    async def try_lead(self) -> bool:
        """Take the lead if nobody holds it (always, here)."""
        return True

    async def still_leading(self) -> bool:
        return True

    async def inbox_notices(self) -> AsyncIterator[None]:
        """Once each time another process stored an update (never, here: there is none)."""
        await asyncio.Event().wait()
        yield  # pragma: no cover - makes this an async generator

    # Whether deleted rows stay readable in the files until `scrub` (PostgreSQL); SQLite's
    # secure_delete zeroes them and `checkpoint` empties the WAL.
    keeps_old_rows = False

    async def scrub(self) -> None:
        """Rewrite the files so that deleted rows leave them (nothing to do on SQLite)."""

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it, so that deleted data does not
        linger in old WAL frames."""
        async with self._lock:
            await self._in_thread(self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))

    async def backup(self, target: Path) -> None:
        """Online copy through SQLite's backup API: consistent even while the bot writes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock, aiosqlite.connect(target) as dest:
            await self._in_thread(self.conn.backup(dest))

    @staticmethod
    async def _in_thread(work: Awaitable[T]) -> T:
        """Await work queued on the worker thread. If the caller is cancelled meanwhile, the
        thread still finishes it; so wait for that before letting the cancellation through,
        or the lock would pass to a statement that runs on the connection at the same time."""
        future = asyncio.ensure_future(work)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            while not future.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait([future])
            raise


def available_migrations(folder: Path = MIGRATIONS, first: int = 1) -> list[tuple[int, Path]]:
    """The numbered migrations of a folder, checked to run from `first` without gaps."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file name not of the form 0001_name.sql: {path.name}")
        found.append((int(match.group(1)), path))
    numbers = [number for number, _ in found]
    if numbers != list(range(first, first + len(numbers))):
        raise RuntimeError(f"migrations must be numbered {first}..n without gaps: {numbers}")
    return found
