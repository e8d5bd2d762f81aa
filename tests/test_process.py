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


def _webhook_env(tg: FakeTelegram, db: Path, url: str, port: int) -> dict[str, str]:
    return {**_env(tg, db), "WEBHOOK_URL": url, "WEBHOOK_SECRET": "webhook-secret-0123456789abcdef",
            "WEBHOOK_PORT": str(port)}  # fmt: skip


@pytest.mark.parametrize("problem", ["refused", "port taken"])
async def test_a_webhook_start_that_fails_ends_the_process_with_one_line(
    tmp_path: Path, problem: str
) -> None:
    """A supervisor must see the failure: a refused setWebhook (here a URL Telegram will not
    take) or a port already in use ends the process at once, non-zero, with one line."""
    import socket

    tg = FakeTelegram(TOKEN)
    await tg.start()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = int(taken.getsockname()[1])
    if problem == "refused":
        taken.close()  # the port is free; Telegram refuses the URL
    url = "http://golmok.example/hook" if problem == "refused" else "https://golmok.example/hook"
    try:
        env = _webhook_env(tg, tmp_path / "g.sqlite3", url, port)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        taken.close()
        await tg.stop()
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 1, lines
    assert "Traceback" not in err.decode() and TOKEN not in err.decode()
    expected = "https url" if problem == "refused" else f"cannot listen on 127.0.0.1:{port}"
    assert [line for line in lines if line.startswith("golmok could not start")] == [lines[-1]]
    assert expected in lines[-1].lower()
    if problem == "refused":  # and the port it had opened is closed again
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))
