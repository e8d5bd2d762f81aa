"""Alerts first, at Telegram's speed over a real network (issue 13).

Run: .venv/bin/python bench/network.py [volunteers] [latencies in ms]
     (default: 10000 volunteers, 30 and 150 ms; about 7 minutes per latency)

The real bot runs in its own process (`python bot.py`) against the local fake Bot API with
Telegram's limits enforced (429 beyond 30 messages in any second, 20 a minute to a group, a burst
of 20 then one a second to a person) and every call taking `latency` (half on the way there,
half back, each +-10%). Ten 동 have a centre and a staff group. For each latency:

1. idle: ten volunteers confirm a report one after another; the time from the press to the
   staff group's alert reaching Telegram (target: one round trip plus milliseconds);
2. campaign: a staff member sends a campaign to `volunteers` volunteers (target: at least 95% of
   30 messages a second, 0 lost, 0 twice, 0 429s) while twenty volunteers in the other 동
   confirm reports one after another (target: confirm -> alert p95 under 1 s);
3. burst: fifty volunteers in the ten 동 confirm at the same moment (target: p95 under 2 s).

The fake Bot API counts a call when this process reads it. Python's garbage collector once
stopped this process for 69 ms in the middle of a campaign (it holds every message sent, so a
full collection has much to walk); the calls that came in meanwhile were read together, and 31 of
them looked like one second, which Telegram, whose clock does not stop, would not see. So this
process collects garbage only between latencies; the bot's own process is left as it is.
"""

from __future__ import annotations

import asyncio
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.botproc import BotProcess
from botapi.records import Sent
from botapi.server import FakeTelegram
from core.clock import Clock, to_db
from core.people import PRIVACY_NOTICE_VERSION
from storage.db import Database
from tests import seed
from tests.agents import Volunteer, act
from tests.harness import TOKEN

GROUP = -1002000000000
STAFF = 5000
FIRST_CAMPAIGN = 10_000_000
FIRST_CONFIRM = 20_000
LIMIT = 30
HEADER = "📣"


async def fill(db: Database, areas: list[str], campaign: int, confirmers: dict[int, str]) -> None:
    """Ten 동 with their centres, the confirmers, and `campaign` approved volunteers in the first
    동, in `db` (either backend; opened and closed here)."""
    await db.open()
    try:
        for i, code in enumerate(areas):
            await seed.centre_with_staff(db, code, GROUP - i, STAFF + i)
        for user_id, code in confirmers.items():
            await seed.volunteer(db, user_id, code)
        now = to_db(Clock().now())
        async with db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO users (id, lang, display_name, home_area, consent_version, consent_at, "
                "registered_at, approved_at, approved_by, created_at, last_active_at) "
                "VALUES (?, 'ko', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((uid, f"봉사자{uid}", areas[0], PRIVACY_NOTICE_VERSION, now, now, now, STAFF, now, now)
                 for uid in range(FIRST_CAMPAIGN, FIRST_CAMPAIGN + campaign)),
            )  # fmt: skip
    finally:
        await db.close()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Run:
    def __init__(self, tg: FakeTelegram, groups: dict[int, int]) -> None:
        self.tg = tg
        self.groups = groups  # confirmer -> their centre's group

    async def prepare(self, volunteers: list[Volunteer]) -> None:
        """Each volunteer answers the bot's questions up to the preview of their report."""
        for v in volunteers:
            await self.tg.text(v.user_id, "/report")
        deadline = time.monotonic() + 300
        while not all(self.preview(v) for v in volunteers):
            if time.monotonic() > deadline:
                raise RuntimeError("volunteers did not reach their preview")
            for v in volunteers:
                if not self.preview(v):
                    await act(self.tg, v)
            await asyncio.sleep(0.02)

    def preview(self, v: Volunteer) -> Sent | None:
        for message in reversed(self.tg.chat(v.user_id)):
            if "✅ 보내기" in message.button_labels():
                return message
        return None

    def alert_after(self, group: int, since: float) -> float | None:
        for at, method, params in reversed(self.tg.log):
            if at < since:
                return None
            if method == "sendMessage" and int(params["chat_id"]) == group and "이웃 알림" in params["text"]:
                return float(at)
        return None

    async def confirm(self, v: Volunteer) -> float:
        """Press send; seconds until the staff group's alert reached Telegram."""
        message = self.preview(v)
        assert message is not None
        pressed = time.monotonic()
        await self.tg.press(v.user_id, message, message.button_data("✅ 보내기"))
        return await self.wait_alert(v, pressed)

    async def wait_alert(self, v: Volunteer, pressed: float) -> float:
        deadline = pressed + 60
        while (at := self.alert_after(self.groups[v.user_id], pressed)) is None:
            if time.monotonic() > deadline:
                raise RuntimeError("no alert within a minute")
            await asyncio.sleep(0.002)
        return at - pressed


async def one_latency(latency: float, count: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    areas = seed.seoul_areas(10)
    confirmers: dict[int, str] = {}
    uid = FIRST_CONFIRM
    for i in range(80):  # 10 idle, 20 during the campaign (not in its 동), 50 in the burst
        area = areas[i % 10] if i < 10 or i >= 30 else areas[1 + i % 9]
        confirmers[uid] = area
        uid += 1
    await fill(Database(folder / "golmok.sqlite3"), areas, count, confirmers)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    groups: dict[int, int] = {}
    for i in range(len(areas)):
        tg.add_group(GROUP - i, f"centre {i}")
        tg.add_user(STAFF + i, f"직원{i}")
        tg.started.add(STAFF + i)
    for user_id, code in confirmers.items():
        tg.add_user(user_id, f"봉사자{user_id}")
        tg.started.add(user_id)
        groups[user_id] = GROUP - areas.index(code)
    campaign = set(range(FIRST_CAMPAIGN, FIRST_CAMPAIGN + count))
    for user_id in campaign:
        tg.add_user(user_id, f"봉사자{user_id}")
        tg.started.add(user_id)
    tg.latency, tg.jitter, tg.rate_limit = latency, 0.1, LIMIT
    bot = BotProcess(tg, folder / "golmok.sqlite3", folder / "bot.log")
    await bot.start()
    run = Run(tg, groups)
    figures: dict[str, float] = {}
    try:
        volunteers = [Volunteer(user_id, "", hold_confirm=True) for user_id in confirmers]
        idle, during, burst = volunteers[:10], volunteers[10:30], volunteers[30:]
        await run.prepare(volunteers)
        await asyncio.sleep(2.0)
        idle_times = []
        for v in idle:
            idle_times.append(await run.confirm(v))
            await asyncio.sleep(0.3)
        figures["idle_median"], figures["idle_max"] = statistics.median(idle_times), max(idle_times)
        await asyncio.sleep(61.0)  # a fresh minute for every group

        staff = STAFF
        await tg.text(staff, "/campaign")
        await asyncio.sleep(1.0 + 4 * latency)
        await tg.text(staff, "겨울철 위기가구 전수조사: 12월 5일까지 골목을 살펴봐 주세요.")
        await asyncio.sleep(1.0 + 4 * latency)
        preview = tg.chat(staff)[-1]
        before_429 = tg.rate_limited
        await tg.press(staff, preview, preview.button_data("📣 보내기"))
        began = time.monotonic()

        seen = [0, 0]  # entries of tg.log looked at, campaign messages among them

        def delivered() -> int:
            # Counted as the log grows: scanning 10,000 messages every few milliseconds would
            # starve the fake server's own event loop and skew what it counts per second.
            log = tg.log
            for _, method, p in log[seen[0] :]:
                if method == "sendMessage" and int(p["chat_id"]) in campaign:
                    seen[1] += 1
            seen[0] = len(log)
            return seen[1]

        during_times: list[float] = []
        for v in during:
            while delivered() < count * (len(during_times) + 1) / (len(during) + 2):
                await asyncio.sleep(0.05)
            during_times.append(await run.confirm(v))
        deadline = began + count / 20 + 120
        while delivered() < count and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        await asyncio.sleep(3.0)  # anything sent twice would arrive now
        times = sorted(
            at for at, method, p in tg.log if method == "sendMessage" and int(p["chat_id"]) in campaign
        )
        per = Counter(m.chat_id for m in tg.messages.values() if m.chat_id in campaign)
        figures["rate"] = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        figures["lost"] = len(campaign - set(per))
        figures["twice"] = sum(n - 1 for n in per.values() if n > 1)
        figures["campaign_429"] = tg.rate_limited - before_429
        figures["during_median"] = statistics.median(during_times)
        figures["during_p95"] = pct(during_times, 95)
        figures["during_max"] = max(during_times)
        await asyncio.sleep(61.0)  # the groups' minutes start afresh

        pressed: dict[int, list[float]] = {}  # group -> when each of its volunteers pressed
        began = time.monotonic()
        for v in burst:
            message = run.preview(v)
            assert message is not None
            pressed.setdefault(groups[v.user_id], []).append(time.monotonic())
            await tg.press(v.user_id, message, message.button_data("✅ 보내기"))
        # Five alerts go to each group: the k-th to arrive answers the k-th press there.
        burst_times: list[float] = []
        deadline = began + 60
        for group, presses in pressed.items():
            while True:
                arrived = sorted(
                    at for at, method, p in tg.log
                    if at >= began and method == "sendMessage" and int(p["chat_id"]) == group
                    and "이웃 알림" in p["text"]
                )  # fmt: skip
                if len(arrived) >= len(presses) or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            if len(arrived) < len(presses):
                raise RuntimeError("burst alerts missing")
            burst_times += [at - press for at, press in zip(arrived, presses, strict=False)]
        figures["burst_p95"], figures["burst_max"] = pct(burst_times, 95), max(burst_times)
        figures["all_429"] = tg.rate_limited
        rules = Counter(rule for *_, rule in tg.refused_429)
        figures.update({f"429_{rule}": float(n) for rule, n in rules.items()})
        figures["rss"] = bot.peak_rss_mb()
    finally:
        await bot.stop()
        await tg.stop()
    return figures


def report(latency: float, count: int, f: dict[str, float]) -> None:
    ms = latency * 1000
    share = f["rate"] / LIMIT

    def spread(*keys: str) -> str:
        return ", ".join(f"{key.split('_')[-1]} {f[key] * 1000:.0f} ms" for key in keys)

    print(f"--- {ms:.0f} ms per Bot API call ---")
    print(f"idle confirm -> alert:      {spread('idle_median', 'idle_max')} (target {ms:.0f} ms + a few)")
    print(f"campaign of {count:,}:       {f['rate']:.1f}/s = {share:.1%} of {LIMIT}/s (target >= 95%)")
    lost, twice, refused = f["lost"], f["twice"], f["campaign_429"]
    print(f"  lost / twice / 429s:      {lost:.0f} / {twice:.0f} / {refused:.0f} (target 0 / 0 / 0)")
    during = spread("during_median", "during_p95", "during_max")
    print(f"confirm -> alert, campaign: {during} (target p95 < 1000 ms)")
    print(f"burst of 50 confirms:       {spread('burst_p95', 'burst_max')} (target p95 < 2000 ms)")
    rules = ", ".join(f"{key[4:]} {n:.0f}" for key, n in f.items() if key.startswith("429_"))
    print(f"429 answers in the run:     {f['all_429']:.0f} (target 0){f' ({rules})' if rules else ''}")
    print(f"bot peak resident memory:   {f['rss']:.1f} MB")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    latencies = [float(x) / 1000 for x in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0.03, 0.15]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for latency in latencies:
        gc.collect()
        gc.disable()  # see the module's docstring
        try:
            figures = asyncio.run(one_latency(latency, count))
        finally:
            gc.enable()
        report(latency, count, figures)


if __name__ == "__main__":
    main()
