"""The bot as a process: a clean stop on SIGINT and SIGTERM, and the online backup command."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from botapi.server import FakeTelegram
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parent.parent


def _env(tg: FakeTelegram, db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_PATH": str(db),
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "POLLING_TIMEOUT": "5",
    }


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_stop_signal_finishes_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    tg = FakeTelegram(TOKEN)
    await tg.start()
    db = tmp_path / "golmok.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=_env(tg, db),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        tg.add_user(1, "민수")
        started = time.monotonic()
        while not tg.polls:
            await asyncio.sleep(0.05)
            assert time.monotonic() - started < 30, "the bot did not start"
        await tg.text(1, "/help")
        while not tg.chat(1):
            await asyncio.sleep(0.05)
        proc.send_signal(sig)
        while proc.poll() is None:  # the long poll is cut short: no 5-second wait
            await asyncio.sleep(0.05)
        output = proc.stdout.read().decode() if proc.stdout else ""
    finally:
        if proc.poll() is None:
            proc.kill()
        await tg.stop()
    assert proc.returncode == 0, output
    assert "golmok stopped" in output and "Traceback" not in output
    assert TOKEN not in output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM inbox WHERE handled_at IS NULL").fetchone()[0] == 0


def test_backup_command_copies_the_database(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db)}
    target = tmp_path / "backups" / "copy.sqlite3"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "backup", str(target)], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
