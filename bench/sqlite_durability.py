"""What synchronous=FULL costs: the report transaction's commit rate, FULL against NORMAL.

Run: .venv/bin/python bench/sqlite_durability.py [count]
Prints commits per second and the median commit time for each mode, in WAL mode as golmok runs.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import outbox
from storage.db import Database


async def measure(mode: str, count: int) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp())
    db = Database(folder / "bench.sqlite3")
    await db.open()
    await db.conn.execute(f"PRAGMA synchronous={mode}")
    timings = []
    started = time.perf_counter()
    for i in range(count):
        begin = time.perf_counter()
        # The shape of a report submission: a few rows and outbox entries in one transaction.
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO report_counters (area_code, year, last_seq) VALUES (?, ?, 1)",
                (str(i), 2026),
            )
            for chat in (1, -1):
                await outbox.enqueue(tx, chat, "2026-01-01T00:00:00.000000Z", text=f"bench {i}")
        timings.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    await db.close()
    return count / elapsed, statistics.median(timings) * 1000


async def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    print(f"{count} report-shaped transactions, WAL mode")
    for mode in ("FULL", "NORMAL"):
        rate, median = await measure(mode, count)
        print(f"synchronous={mode:<6} {rate:8.0f} commits/s   median {median:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main())
