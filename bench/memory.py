"""Resident memory of the real bot: idle with an empty database, and with 100,000 volunteers.

Run: .venv/bin/python bench/memory.py [volunteers]   (default 100000)

The bot runs in its own process (`python bot.py`) against the local fake Bot API in this one, so
the figure is the bot's alone. Each case: start, answer one /start (so the handlers have run),
sit idle for 3 seconds, read VmRSS and the peak (VmHWM) from /proc.
Target (issue 6): under 120 MB.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.botproc import BotProcess
from bench.campaign import fill, reply_to
from botapi.server import FakeTelegram
from tests.harness import TOKEN


async def measure(volunteers: int) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp())
    await fill(folder / "golmok.sqlite3", volunteers)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    tg.add_user(4242, "방문자")
    bot = BotProcess(tg, folder / "golmok.sqlite3", folder / "bot.log")
    await bot.start()
    try:
        await tg.text(4242, "/start")
        await reply_to(tg, 4242, 0)
        await asyncio.sleep(3.0)
        return bot.rss_mb(), bot.peak_rss_mb()
    finally:
        await bot.stop()
        await tg.stop()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for volunteers in (0, count):
        rss, peak = asyncio.run(measure(volunteers))
        print(f"{volunteers:>7,} volunteers: resident {rss:6.1f} MB, peak {peak:6.1f} MB (target < 120 MB)")


if __name__ == "__main__":
    main()
