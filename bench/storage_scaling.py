"""Storage scaling: /open, /myreports and /stats with 10,000 and with 1,000,000 reports.

Run: .venv/bin/python bench/storage_scaling.py [small] [large]   (default 10000 1000000)

Each database holds `n` reports spread over every 행정동 in Korea (random categories, statuses
and dates over two years), plus, in both sizes alike, one centre (홍제1동) with 500 reports and one
volunteer with 30. It times the service calls the three commands make (the same SQL; Telegram
formatting does not depend on the database's size), median of 200 runs after a warm-up, and
prints SQLite's query plans so that a full scan of the reports table would show.

Target (issue 6): each under 20 ms at 1,000,000 reports and at most 2x its 10,000-report time.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.areas import AreaDirectory  # noqa: E402
from core.clock import FrozenClock, to_db  # noqa: E402
from core.deps import Deps  # noqa: E402
from core.settings import Settings  # noqa: E402
from features.insight import actions as insight  # noqa: E402
from features.reports import actions as report_service  # noqa: E402
from features.reports import staff_cases as report_staff  # noqa: E402
from storage.db import Database  # noqa: E402

CENTRE = "1141062000"  # 홍제1동
CENTRE_REPORTS = 500
VOLUNTEER = 50_000_001
VOLUNTEER_REPORTS = 30
NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
CATEGORIES = ["isolation", "elderly_alone", "housing", "utilities", "child", "other"]
STATUSES = ["received", "checking", "in_progress", "closed", "closed", "closed", "closed"]


def rows(
    count: int, areas: list[str], seed: int, area: str | None, reporter: int | None
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    for i in range(count):
        created = NOW - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        status = rng.choice(STATUSES)
        taken = created + timedelta(hours=rng.uniform(0.1, 96)) if status != "received" else None
        closed = taken + timedelta(days=rng.uniform(0, 30)) if status == "closed" and taken else None
        code = area or rng.choice(areas)
        yield (
            f"B{seed}-{i}", f"draft-{seed}-{i}", code, code,
            reporter if reporter is not None else 1000 + rng.randrange(20_000), 1, 0,
            rng.choice(CATEGORIES), "골목 어귀", f"bench report {i}", status,
            to_db(created), to_db(created),
            to_db(taken) if taken else None, to_db(closed) if closed else None,
        )  # fmt: skip


async def fill(path: Path, total: int) -> None:
    db = Database(path)
    await db.open()
    areas = [code for code in AreaDirectory.load().codes() if code != CENTRE]
    insert = (
        "INSERT INTO reports (ref, draft_id, area_code, origin_area_code, reporter_id, reporter_verified, "
        "contact_ok, category, place_text, description, status, created_at, updated_at, taken_at, closed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, lang, display_name, home_area, registered_at, created_at) "
            "VALUES (?, 'ko', '벤치', ?, ?, ?)",
            ((uid, CENTRE, to_db(NOW), to_db(NOW)) for uid in [VOLUNTEER, *range(1000, 21_000)]),
        )
        await tx.executemany(insert, rows(total - CENTRE_REPORTS - VOLUNTEER_REPORTS, areas, 1, None, None))
        await tx.executemany(insert, rows(CENTRE_REPORTS, areas, 2, CENTRE, None))
        await tx.executemany(insert, rows(VOLUNTEER_REPORTS, areas, 3, CENTRE, VOLUNTEER))
    await db.close()


async def timed(call: Callable[[], Awaitable[object]], runs: int = 200) -> float:
    for _ in range(5):
        await call()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


async def measure(path: Path) -> dict[str, float]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token="123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz",  # type: ignore[arg-type]
        database_path=path,
    )
    db = Database(path)
    await db.open()
    deps = Deps(settings, db, FrozenClock(NOW), AreaDirectory.load())
    other = await db.fetchone("SELECT area_code FROM reports WHERE area_code <> ? LIMIT 1", (CENTRE,))
    assert other is not None
    typical = int(await db.scalar("SELECT count(*) FROM reports WHERE area_code = ?", (other["area_code"],)))
    figures = {
        "/open": await timed(lambda: report_staff.open_reports(deps, CENTRE)),
        "/myreports": await timed(lambda: report_service.my_reports(deps, VOLUNTEER)),
        "/stats (centre, 500 reports)": await timed(lambda: insight.stats(deps, [CENTRE])),
        "/stats (a typical centre)": await timed(lambda: insight.stats(deps, [other["area_code"]])),
        "reports of that typical centre": float(typical),
    }
    await db.close()
    return figures


async def plans(path: Path) -> list[str]:
    db = Database(path)
    await db.open()
    queries = [
        (
            "SELECT * FROM reports WHERE area_code = ? AND status <> 'closed' ORDER BY created_at LIMIT 200",
            (CENTRE,),
        ),
        ("SELECT * FROM reports WHERE reporter_id = ? ORDER BY created_at DESC LIMIT 20", (VOLUNTEER,)),
        ("SELECT category, count(*) FROM reports WHERE area_code IN (?) GROUP BY category", (CENTRE,)),
    ]
    found = []
    for sql, params in queries:
        for row in await db.fetchall("EXPLAIN QUERY PLAN " + sql, params):
            found.append(f"{sql[:60]}... -> {row['detail']}")
    await db.close()
    return found


def main() -> None:
    small, large = (int(a) for a in (sys.argv[1:3] if len(sys.argv) > 2 else ("10000", "1000000")))
    folder = Path(tempfile.mkdtemp())
    results = {}
    for total in (small, large):
        path = folder / f"reports-{total}.sqlite3"
        began = time.perf_counter()
        asyncio.run(fill(path, total))
        size = path.stat().st_size / 1e6
        print(f"filled {total:,} reports in {time.perf_counter() - began:.1f} s ({size:.0f} MB)")
        results[total] = asyncio.run(measure(path))
    print()
    print(f"{'command':32} {small:>12,} {large:>12,}   ratio   target: < 20 ms and <= 2x")
    typical = (
        results[small].pop("reports of that typical centre"),
        results[large].pop("reports of that typical centre"),
    )
    for name in results[small]:
        a, b = results[small][name], results[large][name]
        if "typical" in name:
            # Not a like-for-like pair: this centre's own history grew with the database.
            ok = f"its own reports: {typical[0]:,.0f} -> {typical[1]:,.0f}"
        else:
            ok = "ok" if b < 20 and b <= 2 * max(a, 0.05) else "MISSED"
        print(f"{name:32} {a:9.2f} ms {b:9.2f} ms  {b / a:5.2f}x  {ok}")
    print()
    for line in asyncio.run(plans(folder / f"reports-{large}.sqlite3")):
        print("plan:", line)


if __name__ == "__main__":
    main()
