"""The weekday-morning digest of each centre: new, open and overdue reports, and the week's
meetings, in its staff group (held past quiet hours)."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import render, scheduler
from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import parse_hhmm, quiet_release
from messages import t
from storage import centres, meetings, outbox, reports, scheduled
from storage.db import Tx
from storage.scheduled import Scheduled

# A digest more than this late (the bot was down all morning) is skipped, not sent at night.
DIGEST_STALE = timedelta(hours=6)


def register_jobs() -> None:
    scheduler.register("digest", _digest)
    scheduler.at_start(_arm)


async def _arm(tx: Tx, deps: Deps, now: datetime) -> None:
    """Every linked centre has its next digest scheduled."""
    for area_code in await centres.linked_areas(tx):
        if not await scheduled.has_pending(tx, "digest", f"digest:{area_code}:"):
            await schedule_digest(tx, deps, area_code, now, to_db(now))


def next_digest(deps: Deps, after: datetime) -> datetime:
    """The next weekday (Mon-Fri) at the digest time, Korea time."""
    zone = deps.settings.zone
    at = parse_hhmm(deps.settings.digest_time)
    local = after.astimezone(zone)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    while candidate <= local or candidate.weekday() >= 5:
        candidate += timedelta(days=1)
    return candidate


async def schedule_digest(tx: Tx, deps: Deps, area_code: str, after: datetime, now: str) -> None:
    when = next_digest(deps, after)
    key = f"digest:{area_code}:{when.date().isoformat()}"
    await scheduled.add(tx, "digest", key, to_db(when), {"area_code": area_code}, now)


async def _digest(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    area_code = str(item.payload["area_code"])
    centre = await centres.get(tx, area_code)
    if centre is None:
        return False  # the centre moved to a new 동 code (a table refresh, /areas): its digest is there
    await schedule_digest(tx, deps, area_code, now, to_db(now))  # the next one, whatever happens
    if centre.chat_id is None or centre.unreachable:
        return False
    if now - from_db(item.due_at) > DIGEST_STALE:
        return False
    lang = centre.lang
    day_ago = to_db(now - timedelta(days=1))
    overdue_before = to_db(now - timedelta(hours=deps.settings.unassigned_reminder_hours))
    new = await reports.count_new_for_area(tx, area_code, day_ago)
    still_open = await reports.count_open_for_area(tx, area_code)
    overdue = await reports.count_overdue_for_area(tx, area_code, overdue_before)
    text = t(
        lang, "digest", area=render.area_name(deps.areas, area_code),
        date=now.astimezone(deps.settings.zone).strftime("%Y-%m-%d"),
        new=int(new), open=int(still_open), overdue=int(overdue),
    )  # fmt: skip
    week = await meetings.approved_between(tx, area_code, to_db(now), to_db(now + timedelta(days=7)))
    if week:
        lines = [
            t(lang, "digest.meeting", title=row["title"],
              when=render.when_text(lang, row["starts_at"], deps.settings.zone))
            for row in week
        ]  # fmt: skip
        text += t(lang, "digest.meetings") + "\n".join(lines)
    await outbox.enqueue(
        tx, centre.chat_id, to_db(now), text=text, dedup_key=f"{item.key}:{centre.chat_id}",
        not_before=quiet_release(deps, now),
    )  # fmt: skip
    return True
