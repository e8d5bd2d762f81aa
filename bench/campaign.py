"""A campaign to 10,000 volunteers against a fake Bot API that enforces 30 messages a second.

Run: .venv/bin/python bench/campaign.py [volunteers]   (default 10000; about 6 minutes)

The real bot runs in its own process (`python bot.py`); a staff member writes /campaign, the
text, and presses send, as in Telegram. The fake server answers 429 to any message beyond 30 in a
one-second window. Printed: the achieved rate between the first and the last campaign message
(target: at least 90% of the limit, 27/s), messages lost and sent twice (target: none), the
429s the bot provoked, the progress message's last text, and the bot's peak resident memory.
"""

from __future__ import annotations

import asyncio
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
from tests.harness import TOKEN

CENTRE = "1141062000"  # 홍제1동
STAFF_GROUP = -1001000000001
STAFF = 2001
FIRST_VOLUNTEER = 10_000_000
LIMIT = 30
HEADER = "📣 홍제1동 동주민센터 안내"


async def fill(path: Path, count: int) -> None:
    db = Database(path)
    await db.open()
    await seed.centre_with_staff(db, CENTRE, STAFF_GROUP, STAFF)
    now = to_db(Clock().now())
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, lang, display_name, home_area, consent_version, consent_at, "
            "registered_at, approved_at, approved_by, created_at, last_active_at) "
            "VALUES (?, 'ko', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((uid, f"봉사자{uid}", CENTRE, PRIVACY_NOTICE_VERSION, now, now, now, STAFF, now, now)
             for uid in range(FIRST_VOLUNTEER, FIRST_VOLUNTEER + count)),
        )  # fmt: skip
    await db.close()


async def reply_to(tg: FakeTelegram, chat_id: int, seen: int, timeout: float = 30) -> Sent:
    deadline = time.monotonic() + timeout
    while len(tg.chat(chat_id)) <= seen:
        if time.monotonic() > deadline:
            raise RuntimeError("the bot did not answer")
        await asyncio.sleep(0.02)
    return tg.chat(chat_id)[-1]


async def run(count: int) -> None:
    folder = Path(tempfile.mkdtemp())
    await fill(folder / "golmok.sqlite3", count)
    tg = FakeTelegram(TOKEN)
    await tg.start()
    tg.rate_limit = LIMIT
    tg.add_group(STAFF_GROUP, "홍제1동 직원방")
    tg.add_user(STAFF, "김주무관")
    volunteers = set(range(FIRST_VOLUNTEER, FIRST_VOLUNTEER + count))
    for uid in volunteers:
        tg.add_user(uid, f"봉사자{uid}")
        tg.started.add(uid)
    bot = BotProcess(tg, folder / "golmok.sqlite3", folder / "bot.log")
    await bot.start()
    try:
        await tg.text(STAFF, "/campaign")
        await reply_to(tg, STAFF, 0)
        await tg.text(STAFF, "겨울철 위기가구 전수조사: 12월 5일까지 골목을 살펴봐 주세요.")
        preview = await reply_to(tg, STAFF, 1)
        print(preview.text.splitlines()[0])
        began = time.monotonic()
        await tg.press(STAFF, preview, preview.button_data("📣 보내기"))
        deadline = began + count / 20 + 120
        delivered = 0
        while time.monotonic() < deadline:
            delivered = sum(1 for m in tg.messages.values() if m.chat_id in volunteers)
            if delivered >= count:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(3.0)  # anything sent twice would arrive now
        times = sorted(
            at for at, method, p in tg.log if method == "sendMessage" and int(p["chat_id"]) in volunteers
        )
        per_volunteer = Counter(m.chat_id for m in tg.messages.values() if m.chat_id in volunteers)
        lost = len(volunteers - set(per_volunteer))
        twice = sum(n - 1 for n in per_volunteer.values() if n > 1)
        wrong = sum(
            1 for m in tg.messages.values() if m.chat_id in volunteers and not m.text.startswith(HEADER)
        )
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        progress = [m for m in tg.chat(STAFF) if m.text.startswith("📣 안내")]
        print(f"volunteers:                {count:,}")
        print(
            f"delivered:                 {len(times):,} in {times[-1] - times[0]:.1f} s" if times else "none"
        )
        share = rate / LIMIT
        print(f"achieved rate:             {rate:.1f} messages/s = {share:.1%} of {LIMIT}/s (target >= 90%)")
        print(f"lost / sent twice / wrong: {lost} / {twice} / {wrong} (target 0 / 0 / 0)")
        print(f"429 answers provoked:      {tg.rate_limited}")
        last = progress[-1] if progress else None
        print(f"progress message:          {last.text if last else '-'} ({len(progress)} message, "
              f"{last.edits if last else 0} edits)")  # fmt: skip
        print(f"bot peak resident memory:  {bot.peak_rss_mb():.1f} MB")
    finally:
        await bot.stop()
        await tg.stop()


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
