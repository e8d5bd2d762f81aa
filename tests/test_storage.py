"""Storage against a real SQLite file: migrations, pragmas, idempotency, backup."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage import inbox, reports
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


async def test_a_transaction_cancelled_at_any_point_is_all_or_nothing(tmp_path: Path) -> None:
    """BEGIN and COMMIT run on the worker thread while other statements run on the event loop's
    thread. Cancel a transaction at every step in turn: the next one must still work (nothing
    left open, no statement interleaved with the thread's) and each row is there whole or not."""
    db = Database(tmp_path / "t.sqlite3")
    await db.open()

    async def write(user_id: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (?, 'a')", (user_id,))
            await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (?, 'b')", (user_id,))

    outcomes = set()
    # Cancel after 0, 1, 2, ... event-loop turns, until a transaction finishes before it.
    for steps in range(100_000):
        task = asyncio.ensure_future(write(steps))
        for _ in range(steps):
            await asyncio.sleep(0)
        finished = task.done()
        task.cancel()
        reader = asyncio.ensure_future(db.scalar("SELECT count(*) FROM invite_attempts"))
        await asyncio.gather(task, return_exceptions=True)
        await reader
        async with db.transaction() as tx:  # raises if a transaction was left open
            rows = await tx.scalar("SELECT count(*) FROM invite_attempts WHERE user_id = ?", (steps,))
        assert rows in (0, 2)
        outcomes.add(rows)
        if finished:
            break
    assert outcomes == {0, 2}  # both a cancelled and a completed transaction were seen
    await db.close()


async def test_a_failed_commit_does_not_leave_the_transaction_open(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.sqlite3")
    await db.open()
    # A deferred foreign key fails at COMMIT, the way a full disk would.
    async with db.transaction() as tx:
        await tx.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        await tx.execute(
            "CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
        )
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO child (p) VALUES (99)")
    async with db.transaction() as tx:
        assert await tx.scalar("SELECT count(*) FROM child") == 0
    await db.close()


async def test_the_same_update_is_stored_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        assert await inbox.store(tx, [(5, {"update_id": 5}), (6, {"update_id": 6})], "now") == 2
    async with db.transaction() as tx:
        assert await inbox.store(tx, [(6, {"update_id": 6}), (7, {"update_id": 7})], "now") == 1
        assert await inbox.unhandled(tx) == [5, 6, 7]
        assert set(await inbox.payloads(tx, [5, 7])) == {5, 7}
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


async def test_the_database_and_the_transition_table_know_the_same_statuses(tmp_path: Path) -> None:
    """Every status the transition table moves between is one the database accepts, and the
    database refuses any other, written by any path."""
    moved = {status for pairs in reports.TRANSITIONS.values() for pair in pairs for status in pair}
    assert moved == set(reports.STATUSES)
    db = Database(tmp_path / "s.sqlite3")
    await db.open()
    try:
        async with db.transaction() as tx:
            for status in reports.STATUSES:
                await tx.execute(
                    "INSERT INTO reports (ref, draft_id, area_code, origin_area_code, reporter_verified, "
                    "contact_ok, category, description, status, created_at, updated_at) "
                    "VALUES (?, ?, '1141062000', '1141062000', 0, 0, 'other', '', ?, 'x', 'x')",
                    (f"r-{status}", f"d-{status}", status),
                )
        for sql in (
            "INSERT INTO reports (ref, draft_id, area_code, origin_area_code, reporter_verified, contact_ok, "
            "category, description, status, created_at, updated_at) "
            "VALUES ('r-x', 'd-x', '1141062000', '1141062000', 0, 0, 'other', '', 'deleted', 'x', 'x')",
            "UPDATE reports SET status = 'connected' WHERE ref = 'r-closed'",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="unknown report status"):
                async with db.transaction() as tx:
                    await tx.execute(sql)
        rows = await db.fetchall("SELECT status FROM reports ORDER BY id")
        assert [r["status"] for r in rows] == list(reports.STATUSES)
    finally:
        await db.close()


def test_every_status_move_of_the_table_is_reachable_and_none_returns_to_received_by_a_button() -> None:
    for old, new in reports.TRANSITIONS["set_status"]:
        assert old != new and new != reports.RECEIVED
    assert {new for _, new in reports.TRANSITIONS["transfer"]} == {reports.RECEIVED}
    assert reports.may_move("set_status", reports.CLOSED, reports.IN_PROGRESS)  # reopening
