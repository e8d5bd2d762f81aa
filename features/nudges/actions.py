"""Alley-walk nudges: volunteers who ask for it get a weekly or monthly reminder to walk their
alley, with a button that starts a report. Sent by the daily "nudges" run of the scheduler."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import callbacks, render, scheduler
from core.clock import to_db
from core.deps import Deps
from core.errors import Refused
from core.quiet import quiet_release
from messages import plain, t
from storage import outbox, users
from storage.db import Tx
from storage.scheduled import Scheduled

CHOICES = ("weekly", "monthly", "off")
INTERVALS = {"weekly": timedelta(days=7), "monthly": timedelta(days=30)}
# The daily run is at one fixed time of day, so someone who opted in on a Sunday afternoon is
# nudged on Sunday mornings: half a day of slack keeps a weekly nudge on the same weekday.
SLACK = timedelta(hours=12)


def register_jobs() -> None:
    scheduler.register("nudges", _run)
    scheduler.at_start(_arm)


async def _arm(tx: Tx, deps: Deps, now: datetime) -> None:
    await scheduler.arm_daily(tx, deps, "nudges", deps.settings.nudge_time, now)


async def _run(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    await scheduler.schedule_daily(tx, deps, "nudges", deps.settings.nudge_time, now)  # tomorrow's run
    return await send_due(tx, deps, now) > 0


async def current(deps: Deps, user_id: int) -> str:
    value = await users.nudge(deps.db, user_id)
    return value if value in CHOICES else "off"


async def choose(deps: Deps, user_id: int, choice: str) -> None:
    """Set the nudge; the first one comes a week (or a month) from now."""
    if choice not in CHOICES:
        raise Refused("button.expired")
    async with deps.db.transaction() as tx:
        changed = await users.set_nudge(tx, user_id, choice, deps.now())
    if not changed and choice != "off":
        raise Refused("settings.nudge_unregistered")


async def send_due(tx: Tx, deps: Deps, now: datetime) -> int:
    """Record a nudge for every volunteer whose week or month is up; returns how many."""
    stamp = to_db(now)
    release = quiet_release(deps, now)
    count = 0
    for choice, interval in INTERVALS.items():
        for row in await users.due_for_nudge(tx, choice, to_db(now - interval + SLACK)):
            lang = row["lang"]
            area = render.area_name(deps.areas, row["home_area"]) if row["home_area"] else ""
            await outbox.enqueue(
                tx, row["id"], stamp, text=t(lang, "nudge.message", area=area),
                keyboard=[[(plain(lang, "menu.report"), callbacks.MENU_REPORT.pack())]],
                dedup_key=f"nudge:{row['id']}:{stamp}", not_before=release, priority=outbox.BULK,
            )  # fmt: skip
            await users.mark_nudged(tx, row["id"], stamp)
            count += 1
    return count
