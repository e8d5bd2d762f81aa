"""Scheduler at scale: 100,000 pending scheduled notifications.

Run: .venv/bin/python bench/scheduler.py [count]
Prints the bot's resident memory after start with an empty database and with `count` pending
items (each measured in a fresh process running the real bot against the local fake Bot API),
and the time of a scheduler pass that finds nothing due.
Targets (issue 4): memory within 50 MB of the empty database; a pass under 10 ms.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.clock import Clock, to_db  # noqa: E402
from storage.db import Database  # noqa: E402


async def fill(path: Path, count: int) -> None:
    db = Database(path)
    await db.open()
    later = Clock().now() + timedelta(days=30)
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO scheduled (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                ("report.unassigned", f"bench:{i}", to_db(later + timedelta(seconds=i)),
                 json.dumps({"report_id": i}), to_db(later))
                for i in range(count)
            ),
        )  # fmt: skip
    await db.close()


async def run_bot(path: Path) -> None:
    """Child process: start the real bot, run one scheduler pass, report RSS and pass times."""
    from app.runtime import Runtime
    from botapi.server import FakeTelegram
    from core import scheduler
    from core.settings import Settings
    from tests.harness import TOKEN

    tg = FakeTelegram(TOKEN)
    await tg.start()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        database_path=path,
        telegram_api_base_url=tg.base_url,
    )
    runtime = Runtime(settings)
    await runtime.start()
    await asyncio.sleep(1.0)
    timings = []
    for _ in range(200):
        began = time.perf_counter()
        await scheduler.run_due(runtime.deps)
        await scheduler.seconds_until_next(runtime.deps)
        timings.append((time.perf_counter() - began) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    await runtime.stop()
    await tg.stop()
    print(json.dumps({"rss_mb": rss_mb, "pass_ms": statistics.median(timings)}))


def measure(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        asyncio.run(run_bot(Path(sys.argv[2])))
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp())
    empty, full = folder / "empty.sqlite3", folder / "full.sqlite3"
    asyncio.run(fill(empty, 0))
    asyncio.run(fill(full, count))
    base, loaded = measure(empty), measure(full)
    print(f"resident memory, empty database:         {base['rss_mb']:7.1f} MB")
    print(f"resident memory, {count:,} pending items: {loaded['rss_mb']:7.1f} MB"
          f"  ({loaded['rss_mb'] - base['rss_mb']:+.1f} MB, target < 50 MB)")  # fmt: skip
    pass_ms = loaded["pass_ms"]
    print(f"scheduler pass with nothing due:         {pass_ms:7.2f} ms (median of 200, target < 10 ms)")


if __name__ == "__main__":
    main()
