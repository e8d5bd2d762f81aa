"""`python bot.py copy-db URL`: a pilot's SQLite file, lived in by every feature, moves into an
empty PostgreSQL database; every row arrives, the bot goes on there (the next report takes the
next number), and a target with rows, an old file or a row PostgreSQL refuses ends with one line
and nothing half-copied."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from storage.copy_db import row_hash
from storage.db import Database
from storage.dialect import POSTGRES, SQLITE
from tests import flows
from tests.harness import ADMIN_ID, TOKEN, Harness
from tests.postgres import fresh_database

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "3층 <b>할머니</b> \\N\t\"따옴표\" 'x' & 🧓🏽 \u202eRTL\u202c\n둘째 줄 \\. 끝"


async def _pilot(tmp_path: Path) -> Harness:
    """A SQLite file as a pilot leaves it: a centre, volunteers, reports with notes, a meeting
    with an answer, a campaign, a wrong invite code, a report half-written, a clean stop (the
    sender's windows are saved too). Its Telegram stays up for the bot's next life."""
    h = Harness(tmp_path, backend=SQLITE)
    await h.start()
    try:
        admin, staff = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관")
        await flows.centre(h, admin, staff)
        minsu, jiyoung = h.person(1001, "민수"), h.person(1002, "지영")
        await flows.register(h, minsu, phone="+821012345678")
        await flows.register(h, jiyoung)
        await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
        await flows.report(h, minsu, description=HOSTILE)
        await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
        await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
        await staff.press("📝 메모")
        await staff.send("어르신 따님과 통화함")
        await flows.propose_meeting(h, jiyoung)
        await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
        await minsu.press("참석")
        await staff.send("/campaign")
        await staff.send("겨울철 위기가구 전수조사")
        await staff.press("📣 보내기")
        await h.person(1003, "낯선이").send("/join AAAA-BBBB-CCCC")
        await minsu.send("/report")  # left half-way: a conversation's state
        await minsu.press("아니요, 급하지 않아요")
        await h.settle()
    finally:
        await h.stop()
    return h


def _copy(db_path: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TELEGRAM_"))}
    env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db_path)}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "copy-db", url],
        cwd=db_path.parent, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _sqlite_tables(path: Path) -> dict[str, Counter[int]]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: Counter(row_hash(row) for row in conn.execute(f'SELECT * FROM "{name}"'))
            for name in names
            if not name.startswith("sqlite_")
        }


async def _pg_tables(url: str, columns: dict[str, list[str]]) -> dict[str, Counter[int]]:
    async with await psycopg.AsyncConnection.connect(url) as conn:
        found = {}
        for name, cols in columns.items():
            names = ", ".join(f'"{c}"' for c in cols)
            cursor = await conn.execute(f'SELECT {names} FROM "{name}"')
            found[name] = Counter(row_hash(row) for row in await cursor.fetchall())
        return found


def _columns(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')]
            for n in names
            if not n.startswith("sqlite_")
        }


async def test_a_lived_in_pilot_moves_to_postgresql_row_for_row_and_goes_on_there(tmp_path: Path) -> None:
    async with fresh_database() as url:
        pilot = await _pilot(tmp_path / "pilot")
        db_path = pilot.db_path
        source = _sqlite_tables(db_path)
        empty = sorted(name for name, rows in source.items() if not rows)
        assert empty == [], f"the pilot leaves these tables empty, so their copy is not tested: {empty}"

        done = _copy(db_path, url)
        assert done.returncode == 0, done.stderr
        rows = sum(sum(c.values()) for c in source.values())
        assert f"copied {rows} rows in {len(source)} tables" in done.stdout
        assert "row count and checksum match" in done.stdout and "DATABASE_URL" in done.stdout
        assert f":{urlsplit(url).password}@" not in done.stdout + done.stderr  # where, never the password
        assert await _pg_tables(url, _columns(db_path)) == source  # every row, every value

        # The bot goes on on PostgreSQL: staff find the copied report, the next takes the next number.
        h = Harness(tmp_path / "after", backend=POSTGRES)
        h.tg, h.pg_url = pilot.tg, url  # the same Telegram, as when a real pilot moves
        await h.start()
        try:
            staff, minsu = h.person(2001, "김주무관"), h.person(1001, "민수")
            h.group(flows.STAFF_GROUP, "홍제1동 직원방")
            await staff.send("/open", chat=flows.STAFF_GROUP)
            assert "홍제1동-2026-0001" in h.last(flows.STAFF_GROUP).text
            await minsu.send("/cancel")
            await flows.report(h, minsu, description="새 신고")
            await h.settle()
            [new] = await h.rows("SELECT ref, id FROM reports WHERE description = ?", ("새 신고",))
            assert new["ref"] == "홍제1동-2026-0002" and new["id"] == 2
            assert any("홍제1동-2026-0002" in t for t in h.texts(flows.STAFF_GROUP))
        finally:
            await h.stop()
            await h.tg.stop()


async def test_copy_db_refuses_a_target_with_rows_and_changes_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "golmok.sqlite3")
    await db.open()
    await db.close()
    async with fresh_database() as url:
        first = _copy(tmp_path / "golmok.sqlite3", url)
        assert first.returncode == 0, first.stderr
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute("INSERT INTO users (id, display_name, created_at) VALUES (7, 'x', 'now')")
        again = _copy(tmp_path / "golmok.sqlite3", url)
        assert again.returncode == 1
        assert again.stderr.strip().splitlines() == [
            "copy-db: the target database is not empty: table users has rows. copy-db only fills an "
            "empty database (create a new one, or drop and recreate this one)"
        ]
        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute("SELECT count(*) FROM users")
            assert await cursor.fetchone() == (1,)


async def test_a_row_postgresql_refuses_leaves_an_empty_target_and_a_second_try_works(tmp_path: Path) -> None:
    path = tmp_path / "golmok.sqlite3"
    db = Database(path)
    await db.open()
    await db.close()
    with sqlite3.connect(path) as conn:  # SQLite keeps text in an INTEGER column; PostgreSQL will not
        conn.execute("INSERT INTO users (id, display_name, created_at) VALUES (1, 'a', 'now')")
        conn.execute(
            "INSERT INTO users (id, display_name, created_at, lang_chosen) VALUES (2, 'b', 'now', 'yes')"
        )
    async with fresh_database() as url:
        failed = _copy(path, url)
        assert failed.returncode == 1
        line = failed.stderr.strip().splitlines()[-1]  # after the log line of the schema it made
        assert line.startswith("copy-db: PostgreSQL refused the copy, nothing was kept: ")
        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute("SELECT count(*) FROM users")
            assert await cursor.fetchone() == (0,)
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE users SET lang_chosen = 1 WHERE id = 2")
        running = Database(path)  # the bot still has the file open: a snapshot, with a warning
        await running.open()
        try:
            done = _copy(path, url)
        finally:
            await running.close()
        assert done.returncode == 0, done.stderr
        assert "copied 2 rows" in done.stdout
        assert "The SQLite file looked in use" in done.stdout


async def test_an_older_file_a_missing_file_and_a_bad_url_each_get_one_line(tmp_path: Path) -> None:
    old, current = Database(tmp_path / "old.sqlite3"), Database(tmp_path / "current.sqlite3")
    await old.open(migrate_upto=10)
    await old.close()
    await current.open()
    await current.close()
    async with fresh_database() as url:
        result = _copy(tmp_path / "old.sqlite3", url)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"copy-db: {tmp_path / 'old.sqlite3'} is at schema version 10, this golmok at 11: start this "
            "version of the bot on it once (it upgrades the file), stop it, then copy"
        ]
        missing = _copy(tmp_path / "nothing.sqlite3", url)
        assert missing.returncode == 1
        assert "there is no SQLite database at" in missing.stderr
    bad = _copy(tmp_path / "current.sqlite3", "mysql://x@y/z")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "copy-db: the URL must look like postgresql://user:password@host:5432/dbname"
    ]
    down = _copy(tmp_path / "current.sqlite3", "postgresql://golmok:s3cret-pw@127.0.0.1:1/golmok")
    assert down.returncode == 1
    [line] = down.stderr.strip().splitlines()
    assert line.startswith("copy-db could not copy: PostgreSQL at 127.0.0.1:1/golmok (golmok): ")
    assert "s3cret-pw" not in line


@pytest.mark.parametrize(("a", "b"), [((5, 5.0), (5.0, 5)), ((None, "x"), (None, "x")), (("5",), ("5",))])
def test_a_row_hash_reads_numbers_as_numbers(a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
    assert row_hash(a) == row_hash(b)
    assert row_hash((5,)) != row_hash(("5",)) and row_hash((None,)) != row_hash(("",))
    assert row_hash(("a", "b")) != row_hash(("a\x1fb",))
