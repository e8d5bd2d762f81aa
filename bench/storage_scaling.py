"""Storage scaling: /open, /myreports and /stats with 10,000 and with 1,000,000 reports.

Run, on SQLite (a file in a temporary folder):
    .venv/bin/python bench/storage_scaling.py [small] [large]   (default 10000 1000000)
and on PostgreSQL, given a server URL whose role may CREATE DATABASE:
    .venv/bin/python bench/storage_scaling.py [small] [large] \
        --postgres postgresql://golmok:golmok@127.0.0.1:5432/postgres

Each database holds `n` reports spread over every 행정동 in Korea (random categories, statuses
and dates over two years), plus, in both sizes alike, one centre (홍제1동) with 500 reports and one
volunteer with 30. It times the service calls the three commands make (the same SQL; Telegram
formatting does not depend on the database's size), median of 200 runs after a warm-up, and
prints the query plans so that a full scan of the reports table would show.

On PostgreSQL each size gets a database of its own on that server (golmok_bench_<uuid>), dropped
afterwards, also when the run fails. The project's backend (storage.postgres.PgDatabase) creates
the schema and runs the calls; the rows are loaded with COPY, then VACUUM (ANALYZE) gives the
planner its statistics (and leaves autovacuum nothing to do while the calls are timed). The plans
are PostgreSQL's for the statements with their values, and each one's generic plan: psycopg
prepares a statement it has run five times, and PostgreSQL may then plan it once for any value.

Target (issue 6): each under 20 ms at 1,000,000 reports and at most 2x its 10,000-report time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pg import bench_database  # noqa: E402
from core.areas import AreaDirectory  # noqa: E402
from core.clock import FrozenClock, to_db  # noqa: E402
from core.deps import Deps  # noqa: E402
from core.settings import Settings, postgres_url_problem  # noqa: E402
from features.insight import actions as insight  # noqa: E402
from features.reports import actions as report_service  # noqa: E402
from features.reports import staff_cases as report_staff  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.dialect import to_postgres  # noqa: E402

CENTRE = "1141062000"  # 홍제1동
CENTRE_REPORTS = 500
VOLUNTEER = 50_000_001
VOLUNTEER_REPORTS = 30
NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
CATEGORIES = ["isolation", "elderly_alone", "housing", "utilities", "child", "other"]
STATUSES = ["received", "checking", "in_progress", "closed", "closed", "closed", "closed"]
USER_COLUMNS = ("id", "lang", "display_name", "home_area", "registered_at", "created_at")
REPORT_COLUMNS = (
    "ref", "draft_id", "area_code", "origin_area_code", "reporter_id", "reporter_verified",
    "contact_ok", "category", "place_text", "description", "status", "created_at", "updated_at",
    "taken_at", "closed_at",
)  # fmt: skip
# The statements whose plans are printed (SQLite's spelling, `?` for each value).
PLANNED: list[tuple[str, tuple[Any, ...]]] = [
    (
        "SELECT * FROM reports WHERE area_code = ? AND status <> 'closed' ORDER BY created_at LIMIT 200",
        (CENTRE,),
    ),
    ("SELECT * FROM reports WHERE reporter_id = ? ORDER BY created_at DESC LIMIT 20", (VOLUNTEER,)),
    ("SELECT category, count(*) FROM reports WHERE area_code IN (?) GROUP BY category", (CENTRE,)),
]


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


def user_rows() -> Iterator[tuple[Any, ...]]:
    """The volunteer and the 20,000 other reporters, registered in the centre."""
    for uid in [VOLUNTEER, *range(1000, 21_000)]:
        yield (uid, "ko", "벤치", CENTRE, to_db(NOW), to_db(NOW))


def report_rows(total: int) -> Iterator[tuple[Any, ...]]:
    """`total` reports: spread over every other 동, then the centre's 500 and the volunteer's 30."""
    areas = [code for code in AreaDirectory.load().codes() if code != CENTRE]
    yield from rows(total - CENTRE_REPORTS - VOLUNTEER_REPORTS, areas, 1, None, None)
    yield from rows(CENTRE_REPORTS, areas, 2, CENTRE, None)
    yield from rows(VOLUNTEER_REPORTS, areas, 3, CENTRE, VOLUNTEER)


def insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


async def fill(path: Path, total: int) -> None:
    db = Database(path)
    await db.open()
    async with db.transaction() as tx:
        await tx.executemany(insert("users", USER_COLUMNS), user_rows())
        await tx.executemany(insert("reports", REPORT_COLUMNS), report_rows(total))
    await db.close()


def bench_settings(**database: Any) -> Settings:
    """The settings with a bench token and `database_path` or `database_url`."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token="123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz",  # type: ignore[arg-type]
        **database,
    )


async def timed(call: Callable[[], Awaitable[object]], runs: int = 200) -> float:
    for _ in range(5):
        await call()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


async def measure(db: Database, settings: Settings) -> dict[str, float]:
    """The medians of the three commands' service calls on `db` (opened here, and closed)."""
    await db.open()
    try:
        deps = Deps(settings, db, FrozenClock(NOW), AreaDirectory.load())
        other = await db.fetchone("SELECT area_code FROM reports WHERE area_code <> ? LIMIT 1", (CENTRE,))
        assert other is not None
        typical = int(
            await db.scalar("SELECT count(*) FROM reports WHERE area_code = ?", (other["area_code"],))
        )
        return {
            "/open": await timed(lambda: report_staff.open_reports(deps, CENTRE)),
            "/myreports": await timed(lambda: report_service.my_reports(deps, VOLUNTEER)),
            "/stats (centre, 500 reports)": await timed(lambda: insight.stats(deps, [CENTRE])),
            "/stats (a typical centre)": await timed(lambda: insight.stats(deps, [other["area_code"]])),
            "reports of that typical centre": float(typical),
        }
    finally:
        await db.close()


async def plans(path: Path) -> list[str]:
    db = Database(path)
    await db.open()
    found = []
    for sql, params in PLANNED:
        for row in await db.fetchall("EXPLAIN QUERY PLAN " + sql, params):
            found.append(f"{sql[:60]}... -> {row['detail']}")
    await db.close()
    return found


# PostgreSQL (--postgres).


async def fill_postgres(url: str, total: int) -> float:
    """Migrate the database through the project's backend, COPY the rows in, VACUUM (ANALYZE);
    returns the database's size in MB."""
    import psycopg
    from psycopg import sql

    from storage.postgres import PgDatabase

    db = PgDatabase(url)
    await db.open()  # creates the schema (storage/migrations/postgresql/)
    await db.close()
    async with await psycopg.AsyncConnection.connect(url) as conn:
        async with conn.cursor() as cursor:
            for table, columns, values in (
                ("users", USER_COLUMNS, user_rows()),
                ("reports", REPORT_COLUMNS, report_rows(total)),
            ):
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                async with cursor.copy(statement) as copy:
                    for row in values:
                        await copy.write_row(row)
        await conn.commit()
        await conn.set_autocommit(True)
        await conn.execute("VACUUM (ANALYZE)")
        cursor = await conn.execute("SELECT pg_database_size(current_database())")
        size = await cursor.fetchone()
    assert size is not None
    return int(size[0]) / 1e6


def numbered(statement: str) -> str:
    """`?` marks as PREPARE's $1, $2, ..."""
    first, *rest = statement.split("?")
    return first + "".join(f"${number}{text}" for number, text in enumerate(rest, 1))


async def plans_postgres(url: str) -> list[str]:
    """PostgreSQL's plan of each PLANNED statement with its values, and its generic plan."""
    import psycopg

    found = []
    # Client-side binding: the values go into the text as literals, since EXPLAIN cannot tell
    # the type of a bound parameter.
    client = psycopg.AsyncClientCursor
    async with await psycopg.AsyncConnection.connect(url, autocommit=True, cursor_factory=client) as conn:
        await conn.execute("SET plan_cache_mode = force_generic_plan")  # for EXPLAIN EXECUTE only
        for statement, params in PLANNED:
            marks = ", ".join(["%s"] * len(params))
            await conn.execute(f"PREPARE planned AS {numbered(statement)}")
            for label, query in (
                ("with its values", "EXPLAIN (COSTS OFF) " + to_postgres(statement, False, returning=False)),
                ("generic", f"EXPLAIN (COSTS OFF) EXECUTE planned({marks})"),
            ):
                cursor = await conn.execute(query, params)
                found.append(f"{statement[:60]}... ({label}):")
                found += [f"    {row[0]}" for row in await cursor.fetchall()]
            await conn.execute("DEALLOCATE planned")
    return found


async def run_postgres(server: str, total: int, explain: bool) -> tuple[dict[str, float], list[str]]:
    """Fill a fresh database with `total` reports, time the calls on it and (if `explain`) read
    its plans, then drop it."""
    from storage.postgres import PgDatabase

    async with bench_database(server) as url:
        began = time.perf_counter()
        size = await fill_postgres(url, total)
        print(f"filled {total:,} reports in {time.perf_counter() - began:.1f} s ({size:.0f} MB, PostgreSQL)")
        figures = await measure(PgDatabase(url), bench_settings(database_url=url))
        return figures, (await plans_postgres(url)) if explain else []


async def server_version(server: str) -> str:
    import psycopg

    async with await psycopg.AsyncConnection.connect(server) as conn:
        cursor = await conn.execute("SHOW server_version")
        row = await cursor.fetchone()
    return str(row[0]) if row else "?"


def scans_of_reports(found: Iterable[str]) -> str:
    seq = [line for line in found if "Seq Scan on reports" in line]
    return f"{len(seq)} plan lines scan the whole reports table" if seq else "no sequential scan of reports"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("small", nargs="?", type=int, default=10_000)
    parser.add_argument("large", nargs="?", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on PostgreSQL: a server URL whose role may CREATE DATABASE "
        "(e.g. postgresql://golmok:golmok@127.0.0.1:5432/postgres)",
    )
    args = parser.parse_args()
    if args.postgres and postgres_url_problem(args.postgres):
        parser.error(f"--postgres: {postgres_url_problem(args.postgres)}")
    return args


def main() -> None:
    args = arguments()
    small, large = args.small, args.large
    results: dict[int, dict[str, float]] = {}
    if args.postgres:
        print(f"PostgreSQL {asyncio.run(server_version(args.postgres))}")
        for total in (small, large):  # the plans are the large database's, read before it is dropped
            results[total], found = asyncio.run(run_postgres(args.postgres, total, total == large))
    else:
        folder = Path(tempfile.mkdtemp())
        for total in (small, large):
            path = folder / f"reports-{total}.sqlite3"
            began = time.perf_counter()
            asyncio.run(fill(path, total))
            size = path.stat().st_size / 1e6
            print(f"filled {total:,} reports in {time.perf_counter() - began:.1f} s ({size:.0f} MB)")
            results[total] = asyncio.run(measure(Database(path), bench_settings(database_path=path)))
        found = asyncio.run(plans(folder / f"reports-{large}.sqlite3"))
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
    for line in found:
        print("plan:", line)
    if args.postgres:
        print("plans:", scans_of_reports(found))


if __name__ == "__main__":
    main()
