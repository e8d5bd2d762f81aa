"""Crash test: the bot runs as its own process and is killed (SIGKILL) at random moments while
50 volunteers submit reports; it is restarted each time, at least 50 times.

Afterwards every report whose final confirm was pressed exists exactly once, each centre group
received its alert exactly once, and every volunteer got a receipt. The one duplicate allowed
is a message Telegram delivered whose answer the bot never recorded: a kill (or a timeout)
between Telegram accepting a message and the outbox row being marked sent. The test checks
that each duplicate it sees had such a kill right after its first copy.
"""

from __future__ import annotations

import asyncio
import html
import os
import random
import re
import sqlite3
import time
from collections import Counter
from pathlib import Path

from botapi.server import FakeTelegram
from storage.db import Database
from tests.agents import everyone_reports, reporting_world
from tests.harness import TOKEN
from tests.processes import BotProcess

VOLUNTEERS = 50
CENTRES = 10
KILLS = 50


def _drawn(sent_html: str) -> str:
    """A message's text as the chat shows it: without its tags, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", sent_html))


async def test_random_kills_lose_no_report_and_duplicate_no_alert(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    db_path = tmp_path / "crash.sqlite3"
    db = Database(db_path)
    await db.open()
    groups, volunteers = await reporting_world(
        tg, db, centres=CENTRES, volunteers=VOLUNTEERS, first_user=20001, first_group=-1003000000000,
        first_staff=6000,
    )  # fmt: skip
    await db.close()

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_PATH": str(db_path),
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "ADMIN_USER_IDS": "",
        "POLLING_TIMEOUT": "1",
        "HTTP_TIMEOUT": "2",
    }
    bot = BotProcess(env, tmp_path / "bot.log")
    bot.start()
    agent_task = asyncio.create_task(everyone_reports(tg, volunteers))
    try:
        for _ in range(KILLS):
            # Wait until this incarnation polls (it is up), then let it work a random while.
            await _up(tg, tmp_path)
            await asyncio.sleep(rng.uniform(0.0, 0.6))
            bot.kill()
            bot.start()
        try:
            await asyncio.wait_for(agent_task, timeout=120)
        except TimeoutError:
            stuck = {
                v.user_id: [
                    (m.message_id, m.text[:40], m.button_labels()[:2]) for m in tg.chat(v.user_id)[-4:]
                ]
                for v in volunteers
                if not v.done
            }
            raise AssertionError(f"volunteers stuck: {stuck}") from None
        await _up(tg, tmp_path)
        await _drained(db_path, timeout=60)
        assert bot.stop() == 0, (tmp_path / "bot.log").read_text()[-3000:]  # SIGTERM: a clean shutdown
    finally:
        if not agent_task.done():
            agent_task.cancel()
        bot.end()
        await tg.stop()

    assert len(bot.kills) >= KILLS
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT reporter_id, ref, area_code FROM reports").fetchall()
    per_reporter = Counter(reporter for reporter, _, _ in rows)
    for v in volunteers:
        assert v.confirmed and v.done
        assert per_reporter[v.user_id] == 1, v.user_id
    assert len(rows) == VOLUNTEERS

    def _first_copy(chat_id: int, text: str) -> float:
        # The log holds what the bot sent, HTML and all; the chat shows it as Telegram draws it.
        return min(t for t, method, p in tg.log if method == "sendMessage" and int(p["chat_id"]) == chat_id
                   and text.splitlines()[0] in _drawn(p.get("text", "")))  # fmt: skip

    def _explained(chat_id: int, text: str) -> bool:
        """A duplicate counts as caused by a kill when its first copy was delivered just before
        a kill (the answer came, the row was not yet marked sent), or was still in flight when
        the kill came: the fake reads a request's body in steps, so a request the dead process
        had already sent in full is accepted a moment after the kill (the bot never heard the
        answer, as with a real connection cut mid-answer)."""
        first = _first_copy(chat_id, text)
        return any(sent - 1.0 <= first <= gone + 0.5 for sent, gone in bot.kills) or any(
            int(p["chat_id"]) == chat_id for _, _, p in tg.timeouts
        )

    def _why(chat_id: int, text: str) -> str:
        first = _first_copy(chat_id, text)
        nearest = min(bot.kills, key=lambda k: abs(k[0] - first))
        took = nearest[1] - nearest[0]
        return f"first copy {first - nearest[0]:+.3f} s from the nearest kill (which took {took:.3f} s)"

    for code, chat_id in groups.items():
        alerts = Counter(m.text.splitlines()[0] for m in tg.chat(chat_id) if "이웃 알림" in m.text)
        expected = {f"🔔 이웃 알림 {ref}" for _, ref, area in rows if area == code}
        assert set(alerts) == expected, code
        for first_line, count in alerts.items():
            assert count == 1 or _explained(chat_id, first_line), (
                code,
                first_line,
                count,
                _why(chat_id, first_line),
            )
    for v in volunteers:
        receipts = [m.text for m in tg.chat(v.user_id) if "접수했어요" in m.text]
        assert receipts, v.user_id
        assert len(receipts) == 1 or _explained(v.user_id, receipts[0]), _why(v.user_id, receipts[0])


async def _up(tg: FakeTelegram, tmp_path: Path) -> None:
    started = time.monotonic()
    while not tg.polls or tg.polls[-1] < started:
        await asyncio.sleep(0.02)
        if time.monotonic() - started > 30:
            raise AssertionError("bot did not come up: " + (tmp_path / "bot.log").read_text()[-2000:])


async def _drained(db_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(db_path) as conn:
            pending = conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
            unhandled = conn.execute("SELECT count(*) FROM inbox WHERE handled_at IS NULL").fetchone()[0]
        if pending == 0 and unhandled == 0:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("outbox or inbox not drained")
