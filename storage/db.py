"""One aiosqlite connection, migrations, and serialised transactions.

All coroutines share one connection. SQLite transactions belong to a connection, not to a
coroutine, so every statement runs under one asyncio lock: a transaction opened by one
coroutine never sees another coroutine's statements slip into it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
log = logging.getLogger(__name__)

Row = aiosqlite.Row
Params = Sequence[Any] | dict[str, Any]


class Tx:
    """The statements of one open transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; returns lastrowid (for INSERT) or the changed row count."""
        cursor = await self._conn.execute(sql, params)
        result = cursor.lastrowid if sql.lstrip().upper().startswith("INSERT") else cursor.rowcount
        await cursor.close()
        return int(result or 0)

    async def changes(self, sql: str, params: Params = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        count = cursor.rowcount
        await cursor.close()
        return count

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

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
        cursor = await self._conn.execute(sql, params)
        row = await cursor.fetchone()
        await cursor.close()
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = await self._conn.execute(sql, params)
        rows = await cursor.fetchall()
        await cursor.close()
        return list(rows)

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    async def open(self) -> None:
        """Open and migrate; calling it again on an open database does nothing."""
        if self._conn is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we write BEGIN IMMEDIATE ourselves, so a write transaction takes
        # the write lock at its start and never fails half-way on a lock upgrade.
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        for pragma in (
            "PRAGMA journal_mode=WAL",
            # FULL: a commit is on disk before we tell anyone (Telegram, a user) it happened.
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
            # Deleted personal data is overwritten, not left in free pages.
            "PRAGMA secure_delete=ON",
        ):
            await self._conn.execute(pragma)
        await self.migrate()

    async def close(self) -> None:
        if self._conn is not None:
            async with self._lock:
                await self._conn.close()
            self._conn = None

    async def migrate(self) -> int:
        """Apply every numbered migration above PRAGMA user_version, each in its own transaction."""
        current = await self.scalar("PRAGMA user_version")
        applied = 0
        for number, path in available_migrations():
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            async with self._lock:
                # executescript commits first; wrap the script so it lands whole or not at all.
                await self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version={number};\nCOMMIT;"
                )
            log.info("applied migration %s", path.name)
            applied += 1
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self.conn)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock:
            return await Tx(self.conn).fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock:
            return await Tx(self.conn).fetchall(sql, params)

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        async with self._lock:
            return await Tx(self.conn).scalar(sql, params)

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it, so that deleted data does not
        linger in old WAL frames."""
        async with self._lock:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup(self, target: Path) -> None:
        """Online copy through SQLite's backup API: consistent even while the bot writes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock, aiosqlite.connect(target) as dest:
            await self.conn.backup(dest)


def available_migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file name not of the form 0001_name.sql: {path.name}")
        found.append((int(match.group(1)), path))
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {numbers}")
    return found
