"""Storage against a real SQLite file: migrations, pragmas, idempotency, backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import inbox
from storage.db import Database, available_migrations


async def test_migrating_an_empty_file_creates_every_table(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    db = Database(path)
    await db.open()
    try:
        version = await db.scalar("PRAGMA user_version")
        assert version == len(available_migrations()) >= 1
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"users", "reports", "outbox", "inbox", "access_log", "ptb_conversations"} <= tables
        assert await db.scalar("PRAGMA journal_mode") == "wal"
        assert await db.scalar("PRAGMA foreign_keys") == 1
        assert await db.scalar("PRAGMA synchronous") == 2  # FULL
        assert await db.scalar("PRAGMA secure_delete") == 1
        assert await db.scalar("PRAGMA busy_timeout") == 5000
        # Opening again applies nothing twice.
        assert await db.migrate() == 0
    finally:
        await db.close()
    reopened = Database(path)
    await reopened.open()
    assert await reopened.scalar("PRAGMA user_version") == len(available_migrations())
    await reopened.close()


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.sqlite3")
    await db.open()
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (1, 'x')")
            raise RuntimeError("boom")
    assert await db.scalar("SELECT count(*) FROM invite_attempts") == 0
    await db.close()


async def test_the_same_update_is_stored_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        assert await inbox.store(tx, [(5, {"update_id": 5}), (6, {"update_id": 6})], "now") == 2
    async with db.transaction() as tx:
        assert await inbox.store(tx, [(6, {"update_id": 6}), (7, {"update_id": 7})], "now") == 1
        assert [u for u, _ in await inbox.unhandled(tx)] == [5, 6, 7]
    await db.close()


async def test_online_backup_copies_a_consistent_database(tmp_path: Path) -> None:
    db = Database(tmp_path / "live.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (42, 'x')")
    await db.backup(tmp_path / "backup" / "copy.sqlite3")
    await db.close()
    copy = Database(tmp_path / "backup" / "copy.sqlite3")
    await copy.open()
    assert await copy.scalar("SELECT user_id FROM invite_attempts") == 42
    await copy.close()


def test_migrations_are_numbered_without_gaps() -> None:
    numbers = [number for number, _ in available_migrations()]
    assert numbers == list(range(1, len(numbers) + 1))
