"""Alerts first with several instances: confirm -> alert during a campaign, on SQLite and on PostgreSQL.

Run: .venv/bin/python bench/instances.py [volunteers] [configurations]
     (default: 10000 volunteers and all three configurations, about 7 minutes each; the
     configurations a comma-separated list of sqlite, pg1, pg3. PostgreSQL: a role that may
     create databases, at BENCH_POSTGRES, by default postgresql://golmok:golmok@127.0.0.1:5432/postgres)

What bench/network.py measures at 30 ms per Bot API call, for three ways of running the bot:

- sqlite: one process on SQLite, long polling (as bench/network.py);
- pg1: one process on PostgreSQL, in webhook mode: the fake Telegram's updates are posted to it
  by botapi.delivery.WebhookDelivery;
- pg3: three processes on one PostgreSQL database in webhook mode, WebhookDelivery posting each
  update to the next one in turn (as tests/test_instances.py). One leads; an update a standby
  stores reaches the leader by PostgreSQL's NOTIFY, so two confirms in three take that way.

Each configuration gets a fresh database (on PostgreSQL a new one, dropped afterwards), seeded
with ten 동, each with a centre, a staff group and a staff member, and `volunteers` approved
volunteers in the first 동. The fake Bot API enforces Telegram's limits (30 messages a second,
20 a minute to a group, a burst of 20 then one a second to a person) and every call takes 30 ms
(half each way, +-10%). Then:

1. idle: nine volunteers in the other 동 confirm a report one after another: the time from the
   press to the staff group's alert reaching Telegram;
2. campaign: a staff member sends a campaign to the `volunteers` in the chat (rate: messages a
   second, share of 30/s; lost, sent twice, 429s) while twenty volunteers in the other 동
   confirm reports one after another, spread over the campaign: confirm -> alert p50/p95/max.

Each confirm is also split, from the inbox's times (the bots' wall clock), into press -> stored
(Telegram's delivery: a poll, or the webhook's post), stored -> handled (the leader noticing the
update and handling it) and handled -> alert (the outbox and the round trip), and told apart by
the instance that stored it: the leader or a standby. Load averages are printed before and after
each configuration: the machine is shared. Like bench/network.py, this process collects garbage
only between configurations (see its docstring).
"""

from __future__ import annotations

import asyncio
import gc
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.botproc import BotProcess
from bench.network import FIRST_CAMPAIGN, FIRST_CONFIRM, GROUP, LIMIT, STAFF, Run, fill, pct
from bench.pg import bench_database
from botapi.delivery import WebhookDelivery
from botapi.server import FakeTelegram
from core.clock import from_db
from storage.db import Database
from storage.postgres import PgDatabase
from tests import seed
from tests.agents import Volunteer
from tests.harness import TOKEN

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://golmok:golmok@127.0.0.1:5432/postgres")
LATENCY = 0.03  # seconds per Bot API call
IDLE = 9  # confirms before the campaign, one in each 동 but the campaign's
DURING = 20  # confirms during the campaign
SECRET = "bench-instances-0123456789abcdef"
LEADS = "this instance leads"
TAKES_OVER = "the leading instance is gone: taking over"


@dataclass(frozen=True)
class Configuration:
    key: str
    title: str
    instances: int  # 0: SQLite, polling; else PostgreSQL, webhook


CONFIGURATIONS = {
    c.key: c
    for c in (
        Configuration("sqlite", "SQLite, one instance, polling", 0),
        Configuration("pg1", "PostgreSQL, one instance, webhook", 1),
        Configuration("pg3", "PostgreSQL, three instances, webhook behind a round robin", 3),
    )
}


@dataclass
class Confirm:
    """One press of "send" and the staff group's alert it caused."""

    update_id: int
    pressed: float  # wall clock (seconds since the epoch), to compare with the inbox's times
    seconds: float  # press -> alert at Telegram
    replied: float  # press -> the bot's first call about it at Telegram
    by_leader: bool  # the instance that stored the update led (always so when polling)
    stored: float = 0.0  # the inbox's received_at and handled_at, wall clock
    handled: float = 0.0


@dataclass
class Figures:
    idle: list[Confirm] = field(default_factory=list)
    during: list[Confirm] = field(default_factory=list)
    rate: float = 0.0  # campaign messages a second, first to last
    campaign_seconds: float = 0.0
    lost: int = 0
    twice: int = 0
    campaign_429: int = 0
    all_429: int = 0
    rules: Counter[str] = field(default_factory=Counter)  # 429s by the limit they met
    rss: list[tuple[bool, float]] = field(default_factory=list)  # (leads, peak MB) per live instance
    exited: list[str] = field(default_factory=list)  # instances that ended during the run: their last line
    takeovers: int = 0  # a standby took the lead (the leader's session ended)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebhookBot(BotProcess):
    """The real bot in webhook mode on PostgreSQL, with its own port (as tests/test_instances.py)."""

    def __init__(self, tg: FakeTelegram, url: str, log_path: Path) -> None:
        super().__init__(tg, log_path.with_suffix(".unused.sqlite3"), log_path)
        self.port = free_port()
        self.hook = f"http://127.0.0.1:{self.port}/hook"
        self.env.update({
            "DATABASE_URL": url,
            "WEBHOOK_URL": "https://golmok.example/hook",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(self.port),
        })  # fmt: skip

    async def start(self) -> None:
        """Start the bot and wait until its webhook is ready (it stores updates, leading or not)."""
        with self.log_path.open("ab") as out:
            command = [sys.executable, *self.python_args, str(self.script)]
            self.proc = subprocess.Popen(
                command, cwd=self.script.parent, env=self.env, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/readyz") as answer:
                        if answer.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"the bot did not start; see {self.log_path}")
                await asyncio.sleep(0.05)


def leads(bot: BotProcess) -> bool:
    """The instance leads, or led until it ended (it logs when it takes the lead)."""
    return LEADS in bot.log_path.read_text(errors="replace")


def running(bot: BotProcess) -> bool:
    return bot.proc is not None and bot.proc.poll() is None


def last_line(bot: BotProcess) -> str:
    lines = bot.log_path.read_text(errors="replace").strip().splitlines()
    return f"{bot.log_path}: {lines[-1] if lines else '(empty log)'}"


async def until(done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.01)


class CampaignCount:
    """Campaign messages that reached Telegram, counted as its log grows (scanning 10,000 messages
    every few milliseconds would starve the fake server's event loop; see bench/network.py)."""

    def __init__(self, tg: FakeTelegram, campaign: set[int]) -> None:
        self.tg = tg
        self.campaign = campaign
        self.seen = 0  # entries of tg.log looked at
        self.count = 0

    def __call__(self) -> int:
        log = self.tg.log
        for _, method, p in log[self.seen :]:
            if method == "sendMessage" and int(p["chat_id"]) in self.campaign:
                self.count += 1
        self.seen = len(log)
        return self.count


class Bench:
    def __init__(
        self, tg: FakeTelegram, run: Run, bots: list[BotProcess], delivery: WebhookDelivery | None
    ) -> None:
        self.tg = tg
        self.run = run
        self.bots = bots
        self.delivery = delivery

    async def confirm(self, v: Volunteer) -> Confirm:
        """Press send (Run.confirm, keeping the update's id) and wait for the alert."""
        message = self.run.preview(v)
        assert message is not None
        start, wall, pressed = len(self.tg.log), time.time(), time.monotonic()
        query = await self.tg.press(v.user_id, message, message.button_data("✅ 보내기"))
        update_id = next(
            int(u["update_id"])
            for u in reversed(self.tg.history)
            if u.get("callback_query", {}).get("id") == query
        )
        seconds = await self.run.wait_alert(v, pressed)
        replied = await self.first_reply(v.user_id, query, start)
        return Confirm(update_id, wall, seconds, replied - pressed, await self.stored_by_leader(update_id))

    async def first_reply(self, user_id: int, query: str, start: int) -> float:
        """When the bot's first call about the press (the answer to it, or a message to the
        volunteer) reached Telegram: the leader had picked the update up from the inbox. The
        volunteer does nothing else meanwhile, so any such call is about this press."""

        def first() -> float | None:
            for at, _, p in self.tg.log[start:]:
                if p.get("callback_query_id") == query or str(p.get("chat_id")) == str(user_id):
                    return float(at)
            return None

        await until(lambda: first() is not None, 10, "the bot's answer to the press")
        at = first()
        assert at is not None
        return at

    async def campaign(self, campaign: set[int], confirmers: list[Volunteer], figures: Figures) -> None:
        """The first 동's staff member sends a campaign in the chat (as bench/network.py); the
        confirmers press send one after another, spread over it."""
        tg, staff = self.tg, STAFF
        await tg.text(staff, "/campaign")
        await asyncio.sleep(1.0 + 4 * LATENCY)
        await tg.text(staff, "겨울철 위기가구 전수조사: 12월 5일까지 골목을 살펴봐 주세요.")
        await until(lambda: "📣 보내기" in tg.chat(staff)[-1].button_labels(), 30, "the campaign's preview")
        preview = tg.chat(staff)[-1]
        before_429 = tg.rate_limited
        await tg.press(staff, preview, preview.button_data("📣 보내기"))
        began = time.monotonic()
        delivered = CampaignCount(tg, campaign)
        count = len(campaign)
        for v in confirmers:
            while delivered() < count * (len(figures.during) + 1) / (len(confirmers) + 2):
                await asyncio.sleep(0.05)
            figures.during.append(await self.confirm(v))
        deadline = began + count / 20 + 120
        while delivered() < count and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        await asyncio.sleep(3.0)  # anything sent twice would arrive now
        times = sorted(
            at for at, method, p in tg.log if method == "sendMessage" and int(p["chat_id"]) in campaign
        )
        per = Counter(m.chat_id for m in tg.messages.values() if m.chat_id in campaign)
        if len(times) > 1:
            figures.campaign_seconds = times[-1] - times[0]
            figures.rate = (len(times) - 1) / figures.campaign_seconds
        figures.lost = len(campaign - set(per))
        figures.twice = sum(n - 1 for n in per.values() if n > 1)
        figures.campaign_429 = tg.rate_limited - before_429

    async def stored_by_leader(self, update_id: int) -> bool:
        if self.delivery is None:
            return True  # polled: the one process polls, stores and handles
        delivered = self.delivery.delivered
        await until(lambda: any(u == update_id for *_, u in delivered), 10, "the webhook's answer")
        index = next(i for _, i, u in delivered if u == update_id)
        return leads(self.bots[index])


async def one_configuration(config: Configuration, count: int) -> Figures:
    folder = Path(tempfile.mkdtemp(prefix=f"golmok-{config.key}-"))
    if not config.instances:
        return await measure(config, count, folder, None)
    async with bench_database(SERVER) as url:
        return await measure(config, count, folder, url)


async def measure(config: Configuration, count: int, folder: Path, url: str | None) -> Figures:
    def database() -> Database:
        return PgDatabase(url) if url is not None else Database(folder / "golmok.sqlite3")

    figures = Figures(load_before=os.getloadavg())
    areas = seed.seoul_areas(10)
    # Confirmers in the nine 동 that do not receive the campaign: idle, then during the campaign.
    confirmers = {FIRST_CONFIRM + i: areas[1 + i % 9] for i in range(IDLE + DURING)}
    campaign = set(range(FIRST_CAMPAIGN, FIRST_CAMPAIGN + count))
    await fill(database(), areas, count, confirmers)
    tg = await fake_telegram(areas, confirmers, campaign)
    groups = {user_id: GROUP - areas.index(code) for user_id, code in confirmers.items()}
    bots: list[BotProcess]
    delivery = None
    if url is None:
        bots = [BotProcess(tg, folder / "golmok.sqlite3", folder / "bot.log")]
    else:
        webhooks = [WebhookBot(tg, url, folder / f"bot{i}.log") for i in range(config.instances)]
        bots = list(webhooks)
        delivery = WebhookDelivery(tg, [bot.hook for bot in webhooks])
    bench = Bench(tg, Run(tg, groups), bots, delivery)
    try:
        for bot in bots:
            await bot.start()
        await until(lambda: any(leads(bot) for bot in bots), 30, "an instance leading")
        if delivery is not None:
            delivery.start()
        volunteers = [Volunteer(user_id, "", hold_confirm=True) for user_id in confirmers]
        await bench.run.prepare(volunteers)
        await asyncio.sleep(2.0)
        for v in volunteers[:IDLE]:
            figures.idle.append(await bench.confirm(v))
            await asyncio.sleep(0.3)
        await bench.campaign(campaign, volunteers[IDLE:], figures)
        figures.all_429 = tg.rate_limited
        figures.rules = Counter(rule for *_, rule in tg.refused_429)
        figures.rss = [(leads(bot), bot.peak_rss_mb()) for bot in bots if running(bot)]
        figures.exited = [last_line(bot) for bot in bots if not running(bot)]
        figures.takeovers = sum(bot.log_path.read_text(errors="replace").count(TAKES_OVER) for bot in bots)
    finally:
        if delivery is not None:
            await delivery.stop()
        for bot in bots:
            await bot.stop()
        await tg.stop()
    await read_inbox(database(), [*figures.idle, *figures.during])
    figures.load_after = os.getloadavg()
    return figures


async def fake_telegram(areas: list[str], confirmers: dict[int, str], campaign: set[int]) -> FakeTelegram:
    """The fake Bot API with everybody in it, Telegram's limits on and 30 ms a call."""
    tg = FakeTelegram(TOKEN)
    await tg.start()
    for i in range(len(areas)):
        tg.add_group(GROUP - i, f"centre {i}")
        tg.add_user(STAFF + i, f"직원{i}")
        tg.started.add(STAFF + i)
    for user_id in [*confirmers, *sorted(campaign)]:
        tg.add_user(user_id, f"봉사자{user_id}")
        tg.started.add(user_id)
    tg.latency, tg.jitter, tg.rate_limit = LATENCY, 0.1, LIMIT
    return tg


async def read_inbox(db: Database, confirms: list[Confirm]) -> None:
    """When each confirm was stored and handled, as the bot wrote it in the inbox."""
    await db.open()
    try:
        marks = ", ".join("?" for _ in confirms)
        rows = await db.fetchall(
            f"SELECT update_id, received_at, handled_at FROM inbox WHERE update_id IN ({marks})",
            tuple(c.update_id for c in confirms),
        )
    finally:
        await db.close()
    found = {int(row["update_id"]): (row["received_at"], row["handled_at"]) for row in rows}
    for c in confirms:
        received, handled = found[c.update_id]
        c.stored, c.handled = from_db(received).timestamp(), from_db(handled).timestamp()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    return f"p50 {ms(statistics.median(values))}, p95 {ms(pct(values, 95))}, max {ms(max(values))} ms"


def parts(confirms: list[Confirm]) -> str:
    """Medians, from the press, of: stored in the inbox, the bot's first call about it at Telegram,
    marked handled, the alert at Telegram."""
    stored = statistics.median(c.stored - c.pressed for c in confirms)
    replied = statistics.median(c.replied for c in confirms)
    handled = statistics.median(c.handled - c.pressed for c in confirms)
    alert = statistics.median(c.seconds for c in confirms)
    return f"stored {ms(stored)}, first reply {ms(replied)}, alert {ms(alert)}, handled {ms(handled)} ms"


def report(config: Configuration, count: int, f: Figures) -> None:
    def line(label: str, value: str) -> None:
        print(f"{label + ':':30} {value}")

    def load(values: tuple[float, float, float]) -> str:
        return " ".join(f"{x:.2f}" for x in values)

    print(f"--- {config.title} ---")
    line("load average before / after", f"{load(f.load_before)} / {load(f.load_after)}")
    for phase, confirms in (("idle", f.idle), ("campaign", f.during)):
        line(f"confirm -> alert, {phase}", f"{spread([c.seconds for c in confirms])} ({len(confirms)})")
        for leader, who in ((True, "the leader"), (False, "a standby")):
            mine = [c for c in confirms if c.by_leader == leader]
            if mine:
                line(f"  stored by {who}", f"{spread([c.seconds for c in mine])} ({len(mine)})")
                line("    from the press (p50)", parts(mine))
    line(
        f"campaign of {count:,}",
        f"{f.rate:.1f}/s = {f.rate / LIMIT:.1%} of {LIMIT}/s, {f.campaign_seconds:.1f} s",
    )
    line("  lost / twice / 429s", f"{f.lost} / {f.twice} / {f.campaign_429}")
    rules = ", ".join(f"{rule} {n}" for rule, n in f.rules.items())
    line("429 answers in the run", f"{f.all_429}{f' ({rules})' if rules else ''}")
    line(
        "peak resident memory",
        ", ".join(f"{'leader' if lead else 'standby'} {mb:.1f} MB" for lead, mb in f.rss),
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    keys = sys.argv[2].split(",") if len(sys.argv) > 2 else list(CONFIGURATIONS)
    unknown = [key for key in keys if key not in CONFIGURATIONS]
    if unknown:
        sys.exit(f"unknown configuration {', '.join(unknown)}: choose from {', '.join(CONFIGURATIONS)}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{LATENCY * 1000:.0f} ms per Bot API call; times: p50, p95, max (number of confirms)")
    for key in keys:
        gc.collect()
        gc.disable()  # see bench/network.py's docstring
        try:
            figures = asyncio.run(one_configuration(CONFIGURATIONS[key], count))
        finally:
            gc.enable()
        report(CONFIGURATIONS[key], count, figures)


if __name__ == "__main__":
    main()
