"""Settings: a missing or malformed token gives one clear line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.areas import AreaDirectory
from core.settings import TELEGRAM_API, Settings
from tests.harness import Harness

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("token", ["not-a-token", "123:short"])
def test_bad_token_explains_where_to_get_one(tmp_path: Path, token: str) -> None:
    # (No token at all starts the sandbox: tests/test_sandbox.py.)
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["TELEGRAM_BOT_TOKEN"] = token
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and ".env" in result.stderr
    assert "Traceback" not in result.stderr
    if token:
        assert token not in result.stderr


def test_settings_read_admins_and_defaults() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token="123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # type: ignore[arg-type]
        admin_user_ids="11, 22 33",  # type: ignore[arg-type]
    )
    assert settings.admin_user_ids == [11, 22, 33]
    assert settings.timezone == "Asia/Seoul" and settings.default_language == "ko"
    assert settings.api_base_url == TELEGRAM_API  # the default only; no test calls it
    assert str(settings.database_path) == "data/golmok.sqlite3"
    assert "AAAA" not in repr(settings)


def test_every_dong_in_korea_is_known_and_found_by_part_of_its_name() -> None:
    areas = AreaDirectory.load()
    assert 3400 <= len(areas) <= 3700
    found = [(a.name, a.district) for a in areas.search("홍제")]
    assert found[:3] == [("홍제1동", "서대문구"), ("홍제2동", "서대문구"), ("홍제3동", "서대문구")]
    assert ("홍제동", "강릉시") in found
    assert [a.name for a in areas.search("홍제제1동")] == ["홍제1동"]
    assert areas.search("") == []
    sejong = areas.search("조치원")[0]
    assert sejong.full_name == "세종특별자치시 조치원읍"


def _run_bot(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py")], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_the_placeholder_token_of_env_example_is_not_taken_for_a_token(tmp_path: Path) -> None:
    # A newcomer copies an older .env.example and forgets to edit it: that must say where to get
    # a token. (Today's copy leaves it empty, which starts the sandbox: tests/test_sandbox.py.)
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    for old_placeholder in ("123456789:replace-with-the-token-from-BotFather",):
        env["TELEGRAM_BOT_TOKEN"] = old_placeholder
        result = _run_bot(tmp_path, env)
        assert result.returncode == 2 and "@BotFather" in result.stderr, result.stderr


def test_telegram_out_of_reach_at_start_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    token = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    env = dict(os.environ, TELEGRAM_BOT_TOKEN=token, DATABASE_PATH=str(tmp_path / "db.sqlite3"))
    env["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9/bot"  # the discard port: nothing listens
    result = _run_bot(tmp_path, env)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr
    assert "127.0.0.1:9" in lines[0] and token not in result.stderr


async def test_myid_tells_anyone_their_telegram_user_id(h: Harness) -> None:
    stranger = h.person(424242, "낯선 사람")
    await stranger.send("/myid")
    assert "424242" in stranger.last().text and "ADMIN_USER_IDS" in stranger.last().text
    english = h.person(515151, "Sam", lang="en")
    await english.send("/myid")
    assert english.last().text.startswith("Your Telegram user id: 515151")


@pytest.mark.parametrize(
    "url",
    ["mysql://golmok@localhost/golmok", "postgresql://", "postgresql://localhost", "/var/lib/golmok.db"],
)
def test_a_database_url_that_is_not_postgresql_is_one_line(tmp_path: Path, url: str) -> None:
    env = dict(
        os.environ, TELEGRAM_BOT_TOKEN="123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DATABASE_URL=url
    )
    env["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9/bot"  # never the internet (nothing listens)
    result = _run_bot(tmp_path, env)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Setting DATABASE_URL: "), result.stderr
    assert "postgresql://user:password@host:5432/dbname" in lines[0]


@pytest.mark.parametrize("problem", ["wrong password", "nobody listening"])
async def test_a_postgresql_that_cannot_be_used_at_start_is_one_line(tmp_path: Path, problem: str) -> None:
    """Down, or the password is wrong: one line that says where, never the password."""
    import asyncio
    from urllib.parse import urlsplit

    from botapi.server import FakeTelegram
    from tests.harness import TOKEN
    from tests.postgres import SERVER, skip_without_server

    skip_without_server()
    parts = urlsplit(SERVER)
    port = (parts.port or 5432) if problem == "wrong password" else 9  # the discard port
    url = f"postgresql://{parts.username}:not-the-Secret-42@{parts.hostname}:{port}/postgres"
    tg = FakeTelegram(TOKEN)  # Telegram answers: what fails is the database
    await tg.start()
    try:
        env = dict(os.environ, TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_URL=url, TELEGRAM_API_BASE_URL=tg.base_url)
        result = await asyncio.to_thread(_run_bot, tmp_path, env)
    finally:
        await tg.stop()
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"golmok could not start: PostgreSQL at {parts.hostname}:{port}/postgres")
    assert "not-the-Secret-42" not in result.stderr and "Traceback" not in result.stderr
