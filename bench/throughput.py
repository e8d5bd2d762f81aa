"""Update throughput: golmok's full report flow against a bare python-telegram-bot echo bot.

Run: .venv/bin/python bench/throughput.py [volunteers] [runs]   (default 100 volunteers, 3 runs)
     .venv/bin/python bench/throughput.py [volunteers] [runs] --postgres [SERVER]
     (golmok on SQLite and on PostgreSQL, alternately: each run on a database of its own on
     SERVER, by default postgresql://golmok:golmok@127.0.0.1:5432/postgres, dropped after)

Both bots run in their own process against the same local fake Bot API, one after the other in
the same run. golmok: `volunteers` simulated volunteers (tests/agents.py) all report at once,
each answering the bot's questions from /report to the final send (9 updates each; the bot also
sends each report's staff alert and receipt). Echo bot: as many users send as many texts, each
waiting for the echo before the next. Per-update cost = the bot process's CPU time (user +
system, from /proc) divided by the updates it handled; wall time per update is printed too.

Target (issue 6): golmok's per-update cost at most 1.5x the echo bot's. On PostgreSQL the bot's
CPU is its own process's; the server's is printed beside it (its backends' CPU for the run).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.botproc import BotProcess
from bench.pg import DEFAULT_SERVER, bench_database
from botapi.server import FakeTelegram
from storage import connect
from tests import seed
from tests.agents import Volunteer, act
from tests.harness import TOKEN

CENTRE = "1141062000"  # 홍제1동
STAFF_GROUP = -1001000000001
FIRST = 10_000_000


async def golmok(
    count: int, script: str = "bot.py", server: str | None = None
) -> tuple[int, float, float, int]:
    """(updates, CPU seconds, wall seconds, Bot API calls) for `count` volunteers reporting at once,
    on SQLite, or on a new database on the PostgreSQL `server`."""
    if server is None:
        return await _golmok(count, script, None)
    async with bench_database(server) as url:
        return await _golmok(count, script, url)


async def _golmok(count: int, script: str, url: str | None) -> tuple[int, float, float, int]:
    folder = Path(tempfile.mkdtemp())
    db = connect.database(url, folder / "golmok.sqlite3")
    await db.open()
    await seed.centre_with_staff(db, CENTRE, STAFF_GROUP, 2001)
    for user_id in range(FIRST, FIRST + count):
        await seed.volunteer(db, user_id, CENTRE, approved=True)
    await db.close()
    tg = FakeTelegram(TOKEN)
    await tg.start()
    tg.add_group(STAFF_GROUP, "홍제1동 직원방")
    volunteers = [Volunteer(uid, "홍제1동") for uid in range(FIRST, FIRST + count)]
    for v in volunteers:
        tg.add_user(v.user_id, f"봉사자{v.user_id}")
    bot = BotProcess(tg, folder / "golmok.sqlite3", folder / "bot.log", script=script)
    if url is not None:
        bot.env["DATABASE_URL"] = url
    await bot.start()
    try:
        await asyncio.sleep(1.0)
        before, began, pushed, calls = bot.cpu_seconds(), time.monotonic(), len(tg.history), len(tg.requests)
        server_before = await _server_cpu(url)
        for v in volunteers:
            await tg.text(v.user_id, "/report")
        while not all(v.done for v in volunteers):
            if time.monotonic() - began > 600:
                raise RuntimeError("volunteers did not finish")
            for v in volunteers:
                await act(tg, v)
            await asyncio.sleep(0.005)
        while not tg.all_confirmed():  # the last updates are handled
            await asyncio.sleep(0.005)
        wall, cpu = time.monotonic() - began, bot.cpu_seconds() - before
        updates = len(tg.history) - pushed
        if url is not None:
            server_cpu = await _server_cpu(url) - server_before
            print(
                f"  PostgreSQL's backends for this run: {server_cpu / updates * 1000:5.2f} ms/update of CPU"
            )
        alerts = sum(1 for m in tg.chat(STAFF_GROUP) if "새 신고" in m.text or "홍제1동-2026" in m.text)
        print(f"golmok: {count} reports confirmed, {alerts} staff alerts seen so far")
        return updates, cpu, wall, _api_calls(tg, calls)
    finally:
        await bot.stop()
        await tg.stop()


async def _server_cpu(url: str | None) -> float:
    """CPU seconds (user + system) of the PostgreSQL backends connected to this database now: the
    bot's two connections, which live as long as it runs (0 on SQLite)."""
    if url is None:
        return 0.0
    import psycopg

    name = url.rsplit("/", 1)[-1]
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        cursor = await conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        )
        pids = [row[0] for row in await cursor.fetchall()]
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # not on this machine, or gone
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _api_calls(tg: FakeTelegram, since: int) -> int:
    """Bot API calls other than getUpdates since the `since`-th request."""
    return sum(1 for _, method, _, _ in tg.requests[since:] if method != "getUpdates")


async def echo(users: int, per_user: int) -> tuple[int, float, float, int]:
    """The echo bot (PTB's own transport, httpx, as golmok's)."""
    tg = FakeTelegram(TOKEN)
    await tg.start()
    ids = list(range(FIRST, FIRST + users))
    for uid in ids:
        tg.add_user(uid, f"user{uid}")
    bot = BotProcess(tg, Path(tempfile.mkdtemp()) / "unused", Path(tempfile.mkdtemp()) / "echo.log",
                     script="bench/echo_bot.py")  # fmt: skip
    await bot.start()
    try:
        await asyncio.sleep(1.0)
        before, began, calls = bot.cpu_seconds(), time.monotonic(), len(tg.requests)
        sent = dict.fromkeys(ids, 0)
        for uid in ids:
            await tg.text(uid, "echo 0")
            sent[uid] = 1
        while any(n < per_user for n in sent.values()) or not tg.all_confirmed():
            for uid in ids:
                if sent[uid] < per_user and len(tg.chat(uid)) >= sent[uid]:
                    await tg.text(uid, f"echo {sent[uid]}")
                    sent[uid] += 1
            await asyncio.sleep(0.005)
        while sum(len(tg.chat(uid)) for uid in ids) < users * per_user:
            await asyncio.sleep(0.005)
        return users * per_user, bot.cpu_seconds() - before, time.monotonic() - began, _api_calls(tg, calls)
    finally:
        await bot.stop()
        await tg.stop()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--postgres" in sys.argv:
        at = sys.argv.index("--postgres")
        following = sys.argv[at + 1] if len(sys.argv) > at + 1 else ""
        server = following if following.startswith("postgres") else DEFAULT_SERVER
        args = [a for a in args if a != server]
        compare_backends(int(args[0]) if args else 100, int(args[1]) if len(args) > 1 else 3, server)
        return
    count = int(args[0]) if args else 100
    runs = int(args[1]) if len(args) > 1 else 3
    # CPU time on this shared 2-core virtual machine varies a lot from run to run (the echo bot's
    # from 2.1 to 4.5 ms/update), so both bots run `runs` times, alternately, and both the ratio
    # of the medians and the spread of the run-by-run ratios are printed.
    golmoks, echoes, ratios = [], [], []
    for run in range(runs):
        golmoks.append(asyncio.run(golmok(count)))
        per_user = round(golmoks[-1][0] / count)
        echoes.append(asyncio.run(echo(count, per_user)))
        g, e = golmoks[-1], echoes[-1]
        ratios.append((g[1] / g[0]) / (e[1] / e[0]))
        print(f"run {run + 1}: golmok {g[1] / g[0] * 1000:5.2f} ms/update, "
              f"echo bot {e[1] / e[0] * 1000:5.2f}, ratio {ratios[-1]:.2f}x")  # fmt: skip
    g_updates, g_cpu, g_wall, g_calls = _median(golmoks)
    e_updates, e_cpu, e_wall, e_calls = _median(echoes)
    g_cost, e_cost = g_cpu / g_updates * 1000, e_cpu / e_updates * 1000
    print(f"median of {runs} runs:")
    print(f"golmok:   {g_updates:5} updates, CPU {g_cpu:6.2f} s = {g_cost:5.2f} ms/update, "
          f"wall {g_wall / g_updates * 1000:5.2f} ms/update")  # fmt: skip
    print(f"echo bot: {e_updates:5} updates, CPU {e_cpu:6.2f} s = {e_cost:5.2f} ms/update, "
          f"wall {e_wall / e_updates * 1000:5.2f} ms/update")  # fmt: skip
    print(f"Bot API calls per update (besides getUpdates): golmok {g_calls / g_updates:.2f}, "
          f"echo bot {e_calls / e_updates:.2f}")  # fmt: skip
    g_per_call, e_per_call = g_cpu / g_calls * 1000, e_cpu / e_calls * 1000
    print(f"CPU per Bot API call: golmok {g_per_call:.2f} ms, echo bot {e_per_call:.2f} ms")
    print(f"ratio of the medians (golmok / echo, CPU per update): {g_cost / e_cost:.2f}x (target <= 1.5x)")
    print(f"ratio run by run: median {statistics.median(ratios):.2f}x, "
          f"from {min(ratios):.2f}x to {max(ratios):.2f}x")  # fmt: skip
    print(f"ratio (golmok / echo, wall per update): {g_wall / g_updates / (e_wall / e_updates):.2f}x")
    # And how much is pacing to Telegram's limits, which the echo bot ignores (10x over them).
    unpaced = _median([asyncio.run(golmok(count, "bench/unpaced_bot.py")) for _ in range(runs)])
    unpaced_cost = unpaced[1] / unpaced[0] * 1000
    print(f"golmok without rate limiting (never in production): {unpaced_cost:5.2f} ms/update, "
          f"wall {unpaced[2] / unpaced[0] * 1000:5.2f} ms/update; "
          f"golmok unpaced / echo bot: {unpaced_cost / e_cost:.2f}x")  # fmt: skip


def compare_backends(count: int, runs: int, server: str) -> None:
    """golmok's report flow on SQLite and on PostgreSQL, alternately, `runs` times each."""
    results: dict[str, list[tuple[int, float, float, int]]] = {"SQLite": [], "PostgreSQL": []}
    for run in range(runs):
        for name, where in (("SQLite", None), ("PostgreSQL", server)):
            result = asyncio.run(golmok(count, server=where))
            results[name].append(result)
            print(f"run {run + 1} {name}: {result[1] / result[0] * 1000:5.2f} ms/update of the bot's CPU, "
                  f"wall {result[2] / result[0] * 1000:5.2f} ms/update")  # fmt: skip
    print(f"median of {runs} runs, {count} volunteers at once:")
    for name, found in results.items():
        updates, cpu, wall, calls = _median(found)
        print(f"{name:10}: {updates:5} updates, bot CPU {cpu / updates * 1000:5.2f} ms/update, "
              f"wall {wall / updates * 1000:5.2f} ms/update, {calls / updates:.2f} calls/update")  # fmt: skip


def _median(results: list[tuple[int, float, float, int]]) -> tuple[int, float, float, int]:
    """The run with the median CPU time per update."""
    ordered = sorted(results, key=lambda r: r[1] / r[0])
    return ordered[len(ordered) // 2]


if __name__ == "__main__":
    main()
