"""Several instances: three bot processes in webhook mode on one PostgreSQL database, behind a
load balancer that posts each update to the next instance in turn (botapi/delivery.py), with
Telegram's rate limits on. 50 volunteers report while random instances, the leader most often,
are killed with SIGKILL and started again.

Afterwards: every update Telegram posted was stored once and handled; every confirmed report
exists once, with the place and the description its volunteer typed at those steps (a
conversation that moved from a dead leader to the next one went on at the right step); every
alert, reminder (a scheduled row) and receipt arrived, twice only where a kill explains it; and
Telegram refused a call for its limits only just after a kill (the dead leader's direct replies
of its last second are not in the database).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from botapi.delivery import WebhookDelivery
from botapi.server import FakeTelegram
from core.areas import AreaDirectory
from storage.postgres import LEAD_KEY, PgDatabase
from tests import seed
from tests.agents import Volunteer, act, everyone_reports, reporting_world
from tests.harness import TOKEN
from tests.postgres import fresh_database
from tests.processes import BotProcess

INSTANCES = 3
VOLUNTEERS = 50
CENTRES = 10
KILLS = 12
SECRET = "instances-secret-0123456789abcdef"
REMINDER_HOURS = 0.004  # about 14 s: every report's reminder falls due during the test


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_three_instances_killed_at_random_lose_nothing(tmp_path: Path) -> None:
    async with fresh_database() as url:
        await _run(tmp_path, url)


async def _run(tmp_path: Path, url: str) -> None:
    rng = random.Random(20261207)
    tg = FakeTelegram(TOKEN)
    tg.rate_limit = 30  # Telegram's limits, for all instances together
    await tg.start()
    db = PgDatabase(url)
    await db.open()
    groups, volunteers = await reporting_world(
        tg, db, centres=CENTRES, volunteers=VOLUNTEERS, first_user=30001, first_group=-1003100000000,
        first_staff=6100,
    )  # fmt: skip

    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_URL": url,
        "DATABASE_PATH": str(tmp_path / "unused.sqlite3"),
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "ADMIN_USER_IDS": "",
        "HTTP_TIMEOUT": "2",
        "WEBHOOK_URL": "https://golmok.example/hook",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "UNASSIGNED_REMINDER_HOURS": str(REMINDER_HOURS),
        "QUIET_HOURS_START": "00:00",  # no quiet hours: the test runs at any hour
        "QUIET_HOURS_END": "00:00",
    }
    instances = [BotProcess(env, tmp_path / f"bot{i}.log", port=_free_port()) for i in range(INSTANCES)]
    delivery = WebhookDelivery(tg, [f"http://127.0.0.1:{i.port}/hook" for i in instances])
    agent_task: asyncio.Task[None] | None = None
    async with aiohttp.ClientSession() as http:
        try:
            for instance in instances:
                instance.start()
            for instance in instances:
                await instance.ready(http)
            delivery.start()
            agent_task = asyncio.create_task(everyone_reports(tg, volunteers))
            for kill in range(KILLS):
                await asyncio.sleep(rng.uniform(0.5, 2.5))
                leaders = [i for i in instances if i.leads()]
                # The leader two times in three (the one whose death matters); another otherwise.
                victim = leaders[0] if leaders and kill % 3 != 2 else rng.choice(instances)
                victim.kill()
                victim.start()
                await victim.ready(http)
            try:
                await asyncio.wait_for(agent_task, timeout=120)
            except TimeoutError:
                stuck = {
                    v.user_id: [m.text[:40] for m in tg.chat(v.user_id)[-3:]]
                    for v in volunteers
                    if not v.done
                }
                raise AssertionError(f"volunteers stuck: {stuck}") from None
            await _drained(db, delivery, reports=VOLUNTEERS, timeout=90)
            for instance in instances:
                assert instance.stop() == 0, instance.log.read_text()[-3000:]  # SIGTERM: clean
        finally:
            if agent_task is not None and not agent_task.done():
                agent_task.cancel()
            await delivery.stop()
            for instance in instances:
                instance.end()
            await tg.stop()

    kills = [k for i in instances for k in i.kills]
    assert len(kills) == KILLS
    took_over = sum(i.log.read_text().count("taking over") for i in instances)
    assert took_over >= KILLS // 2, "the leader was not killed often enough to test a takeover"

    # Every update an instance answered 200 to is stored once and handled.
    stored = {
        row["update_id"]: row["handled_at"]
        for row in await db.fetchall("SELECT update_id, handled_at FROM inbox")
    }
    delivered = {update_id for _, _, update_id in delivery.delivered}
    assert delivered == {u["update_id"] for u in tg.history}
    assert delivered <= set(stored) and all(stored[u] is not None for u in delivered)
    assert {index for _, index, _ in delivery.delivered} == set(range(INSTANCES))

    rows = await db.fetchall("SELECT reporter_id, ref, area_code, place_text, description FROM reports")
    per_reporter = Counter(row["reporter_id"] for row in rows)
    for v in volunteers:
        assert v.confirmed and v.done
        assert per_reporter[v.user_id] == 1, v.user_id
    for row in rows:  # each step's answer is where that step put it
        assert row["place_text"] == f"골목 {row['reporter_id']}번지"
        assert row["description"] == f"crash-test 보고 {row['reporter_id']}"
    assert len(rows) == VOLUNTEERS
    reminders = await db.fetchall("SELECT state FROM scheduled WHERE kind = 'report.unassigned'")
    await db.close()
    assert len(reminders) == VOLUNTEERS and {r["state"] for r in reminders} == {"done"}

    def first_copy(chat_id: int, line: str) -> float:
        return min(t for t, method, p in tg.log if method == "sendMessage" and int(p["chat_id"]) == chat_id
                   and line in p.get("text", "").replace("<b>", "").replace("</b>", ""))  # fmt: skip

    def explained(moment: float) -> bool:
        return any(sent - 1.0 <= moment <= gone + 0.5 for sent, gone in kills)

    for code, chat_id in groups.items():
        messages = [m.text.splitlines()[0] for m in tg.chat(chat_id)]
        refs = {row["ref"] for row in rows if row["area_code"] == code}
        alerts = Counter(line for line in messages if "이웃 알림" in line)
        assert set(alerts) == {f"🔔 이웃 알림 {ref}" for ref in refs}, code
        reminded = Counter(ref for line in messages if line.startswith("⏰") for ref in refs if ref in line)
        assert set(reminded) == refs, (code, messages)
        for line, count in alerts.items():
            assert count == 1 or explained(first_copy(chat_id, line)), (code, line, count)
        for ref, count in reminded.items():
            assert count == 1 or explained(first_copy(chat_id, ref)), (code, ref, count)
    for v in volunteers:
        receipts = [m.text for m in tg.chat(v.user_id) if "접수했어요" in m.text]
        assert receipts, v.user_id
        assert len(receipts) == 1 or explained(first_copy(v.user_id, receipts[0].splitlines()[0]))
    # Telegram's limits: a refusal only where a new leader could not know the dead one's last
    # second (its direct replies), never in steady running.
    unexplained = [
        (round(at, 2), method, rule) for at, method, _, rule in tg.refused_429 if not explained(at - 1.0)
    ]
    assert not unexplained, unexplained


async def _drained(db: PgDatabase, delivery: WebhookDelivery, reports: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = await db.scalar("SELECT count(*) FROM outbox WHERE state = 'pending'")
        unhandled = await db.scalar("SELECT count(*) FROM inbox WHERE handled_at IS NULL")
        due = await db.scalar(
            "SELECT count(*) FROM scheduled WHERE state = 'pending' AND kind = 'report.unassigned'"
        )
        made = await db.scalar("SELECT count(*) FROM scheduled WHERE kind = 'report.unassigned'")
        if delivery.idle() and pending == 0 and unhandled == 0 and due == 0 and made == reports:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(
        f"not drained: outbox {pending} pending, inbox {unhandled} unhandled, reminders {due} due"
    )


async def test_in_polling_mode_one_polls_and_the_next_takes_over_mid_report(tmp_path: Path) -> None:
    """Two processes in polling mode: the leader polls, the other stands by. A volunteer is half
    way through a report when the leader stops; the standby takes over and the report goes on at
    the next step. Then the new leader's database session is ended from outside (as a broken
    connection would end it): it stops at once with one line and exit code 1."""
    async with fresh_database() as url:
        tg = FakeTelegram(TOKEN)
        await tg.start()
        db = PgDatabase(url)
        await db.open()
        [code] = seed.seoul_areas(1)
        tg.add_group(-1003200000000, "centre")
        await seed.centre_with_staff(db, code, -1003200000000, 6200)
        tg.add_user(30500, "봉사자")
        tg.started.add(30500)
        await seed.volunteer(db, 30500, code)
        v = Volunteer(30500, AreaDirectory.load().label(code))
        env = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": url, "ADMIN_USER_IDS": "",
            "TELEGRAM_API_BASE_URL": tg.base_url, "POLLING_TIMEOUT": "1",
            "DATABASE_PATH": str(tmp_path / "unused.sqlite3"),
        }  # fmt: skip
        first, second = (BotProcess(env, tmp_path / f"bot{i}.log") for i in range(2))
        try:
            first.start()
            await first.logged("this instance leads")
            second.start()
            await second.logged("standing by")
            await tg.text(v.user_id, "/report")
            while not any("대략적인 위치" in m.text for m in tg.chat(v.user_id)):  # two answers in
                await act(tg, v)
                await asyncio.sleep(0.05)
            assert first.stop() == 0
            await second.logged("taking over")
            for _ in range(400):
                if v.done:
                    break
                await act(tg, v)
                await asyncio.sleep(0.05)
            assert v.done, [m.text[:30] for m in tg.chat(v.user_id)]
            [row] = await db.fetchall("SELECT place_text, description FROM reports")
            assert (row["place_text"], row["description"]) == ("골목 30500번지", "crash-test 보고 30500")
            await db.fetchall(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ? "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                (LEAD_KEY,),
            )
            assert second.proc is not None
            assert second.proc.wait(timeout=15) == 1
            last = second.log.read_text().strip().splitlines()[-1]
            assert last.startswith("golmok stopped:") and "DATABASE_URL" in last
            assert f":{urlsplit(url).password}@" not in last  # never the password
        finally:
            for instance in (first, second):
                instance.end()
            await db.close()
            await tg.stop()
