"""The database-driven scheduler: what is due is sent once, through the outbox.

Each kind of scheduled item has a handler that decides, when the item falls due, whether it
still makes sense (a reminder about a report somebody took meanwhile is dropped) and records
the messages to send in the same transaction that marks the item done. A restart therefore
neither loses nor repeats anything: what fell due while the bot was down goes out at start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import parse_hhmm, quiet_release
from messages import plain, t
from services import destinations, meetings, nudges, render
from storage import centres, outbox, reports, scheduled
from storage.db import Tx
from storage.recipients import chat_language
from storage.reports import Report
from storage.scheduled import Scheduled

log = logging.getLogger(__name__)

# A digest more than this late (the bot was down all morning) is skipped, not sent at night.
DIGEST_STALE = timedelta(hours=6)

Handler = Callable[[Tx, Deps, Scheduled, datetime], Awaitable[bool]]


# --- scheduling ----------------------------------------------------------------------------


async def schedule_report_followups(tx: Tx, deps: Deps, report: Report, now: str) -> None:
    """A reminder if nobody takes the report, then an escalation to the admins."""
    start = from_db(now)
    s = deps.settings
    key = f"{report.id}:{report.area_code}"
    due = to_db(start + timedelta(hours=s.unassigned_reminder_hours))
    await scheduled.add(
        tx, "report.unassigned", f"report.unassigned:{key}", due, {"report_id": report.id}, now
    )
    due = to_db(start + timedelta(hours=s.escalation_hours))
    await scheduled.add(tx, "report.escalate", f"report.escalate:{key}", due, {"report_id": report.id}, now)


async def schedule_purge(tx: Tx, deps: Deps, report: Report, closed_at: str) -> None:
    """The personal parts of a closed report go after the retention period."""
    due = to_db(from_db(closed_at) + timedelta(days=deps.settings.report_retention_days))
    key = f"report.purge:{report.id}:{closed_at}"
    await scheduled.add(
        tx, "report.purge", key, due, {"report_id": report.id, "closed_at": closed_at}, closed_at
    )


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


async def ensure_digests(deps: Deps) -> None:
    """Every linked centre has its next digest scheduled, and the daily sweep of inactive
    volunteers and the daily walk-nudge run are armed (run at start)."""
    now_dt = deps.clock.now()
    async with deps.db.transaction() as tx:
        if not await scheduled.has_pending(tx, "volunteers.sweep", "volunteers.sweep:"):
            await _schedule_sweep(tx, deps, now_dt)
        if not await scheduled.has_pending(tx, "nudges", "nudges:"):
            await schedule_daily(tx, deps, "nudges", deps.settings.nudge_time, now_dt)
        rows = await tx.fetchall("SELECT area_code FROM centres WHERE chat_id IS NOT NULL")
        for row in rows:
            if not await scheduled.has_pending(tx, "digest", f"digest:{row['area_code']}:"):
                await schedule_digest(tx, deps, row["area_code"], now_dt, to_db(now_dt))


# --- running -------------------------------------------------------------------------------


async def run_due(deps: Deps) -> int:
    """Handle everything due now; returns how many items were handled."""
    handled = 0
    purged = False
    while True:
        now_dt = deps.clock.now()
        now = to_db(now_dt)
        async with deps.db.transaction() as tx:
            batch = await scheduled.due(tx, now)
        if not batch:
            break
        for item in batch:
            handler = HANDLERS.get(item.kind)
            async with deps.db.transaction() as tx:
                if not await scheduled.is_pending(tx, item.id):
                    continue  # another pass took it meanwhile
                sent = await handler(tx, deps, item, now_dt) if handler else False
                await scheduled.finish(tx, item.id, "done" if sent else "dropped", now)
            handled += 1
            purged = purged or (item.kind == "report.purge" and sent)
    if purged:
        await deps.db.checkpoint()
    if handled:
        deps.wake_sender()
    return handled


async def seconds_until_next(deps: Deps) -> float | None:
    async with deps.db.transaction() as tx:
        due = await scheduled.next_due(tx)
    if due is None:
        return None
    return max(0.0, (from_db(due) - deps.clock.now()).total_seconds())


# --- handlers ------------------------------------------------------------------------------


async def _open_unassigned(tx: Tx, item: Scheduled) -> Report | None:
    report = await reports.get(tx, int(item.payload["report_id"]))
    if report is None or report.status == "closed" or report.assignee_id is not None:
        return None
    # A report transferred since then has follow-ups of its own for its new 동.
    if not item.key.endswith(f":{report.area_code}"):
        return None
    return report


async def _staff_targets(tx: Tx, deps: Deps, area_code: str) -> list[tuple[int, str]]:
    centre = await destinations.staff_centre(tx, deps, area_code)
    if centre is not None and centre.chat_id is not None:
        return [(centre.chat_id, centre.lang)]
    return [
        (admin_id, await chat_language(tx, admin_id, deps.settings.default_language))
        for admin_id in deps.settings.admin_user_ids
    ]


async def _remind(
    tx: Tx, item: Scheduled, report: Report, targets: list[tuple[int, str]], key: str, hours: int,
    area: str, now: datetime,
) -> None:  # fmt: skip
    """The reminder and the escalation: the report again, with its take and details buttons."""
    for chat_id, lang in targets:
        await outbox.enqueue(
            tx, chat_id, to_db(now),
            text=t(lang, key, ref=report.ref, hours=hours, category=render.category(lang, report.category),
                   area=area),
            keyboard=[[(plain(lang, "alert.btn_take"), f"rp:tk:{report.id}"),
                       (plain(lang, "alert.btn_details"), f"rp:dt:{report.id}")]],
            dedup_key=f"{item.key}:{chat_id}",
        )  # fmt: skip


async def _unassigned(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    report = await _open_unassigned(tx, item)
    if report is None:
        return False
    targets = await _staff_targets(tx, deps, report.area_code)
    area = render.area_name(deps.areas, report.area_code)
    hours = int(deps.settings.unassigned_reminder_hours)
    await _remind(tx, item, report, targets, "remind.unassigned", hours, area, now)
    return True


async def _escalate(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    report = await _open_unassigned(tx, item)
    if report is None:
        return False
    targets = [
        (admin_id, await chat_language(tx, admin_id, deps.settings.default_language))
        for admin_id in deps.settings.admin_user_ids
    ]
    area = render.area_full(deps.areas, report.area_code)
    hours = int(deps.settings.escalation_hours)
    await _remind(tx, item, report, targets, "remind.escalate", hours, area, now)
    return bool(targets)


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
    new = await tx.scalar(
        "SELECT count(*) FROM reports WHERE area_code = ? AND created_at >= ?", (area_code, day_ago)
    )
    still_open = await reports.count_open_for_area(tx, area_code)
    overdue = await tx.scalar(
        "SELECT count(*) FROM reports WHERE area_code = ? AND status <> 'closed' AND assignee_id IS NULL "
        "AND created_at < ?",
        (area_code, overdue_before),
    )
    text = t(
        lang, "digest", area=render.area_name(deps.areas, area_code),
        date=now.astimezone(deps.settings.zone).strftime("%Y-%m-%d"),
        new=int(new), open=int(still_open), overdue=int(overdue),
    )  # fmt: skip
    week = await tx.fetchall(
        "SELECT title, starts_at FROM meetings WHERE area_code = ? AND status = 'approved' "
        "AND starts_at >= ? AND starts_at < ? ORDER BY starts_at LIMIT 10",
        (area_code, to_db(now), to_db(now + timedelta(days=7))),
    )
    if week:
        lines = [
            t(lang, "digest.meeting", title=row["title"],
              when=meetings.when_text(lang, row["starts_at"], deps.settings.zone))
            for row in week
        ]  # fmt: skip
        text += t(lang, "digest.meetings") + "\n".join(lines)
    await outbox.enqueue(
        tx, centre.chat_id, to_db(now), text=text, dedup_key=f"{item.key}:{centre.chat_id}",
        not_before=quiet_release(deps, now),
    )  # fmt: skip
    return True


async def _purge(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    """Delete what identifies people; keep what statistics need (category, 동, dates, status)."""
    report = await reports.get(tx, int(item.payload["report_id"]))
    if report is None or report.status != "closed":
        return False  # reopened meanwhile: a new close schedules a new purge
    closed_at = await tx.scalar("SELECT closed_at FROM reports WHERE id = ?", (report.id,))
    if closed_at != item.payload["closed_at"]:
        return False
    await tx.execute(
        "UPDATE reports SET place_text = NULL, latitude = NULL, longitude = NULL, description = '', "
        "photo_file_id = NULL, reporter_id = NULL, contact_ok = 0, purged_at = ? WHERE id = ?",
        (to_db(now), report.id),
    )
    await tx.execute("DELETE FROM report_notes WHERE report_id = ?", (report.id,))
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, report_id, area_code, created_at) VALUES (0, ?, ?, ?, ?)",
        ("purge", report.id, report.area_code, to_db(now)),
    )
    return True


SWEEP_TIME = "10:00"


async def schedule_daily(tx: Tx, deps: Deps, kind: str, hhmm: str, after: datetime) -> None:
    """The next run of a daily job (Korea time), one per day whatever happens."""
    at = parse_hhmm(hhmm)
    local = after.astimezone(deps.settings.zone)
    when = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if when <= local:
        when += timedelta(days=1)
    key = f"{kind}:{when.date().isoformat()}"
    await scheduled.add(tx, kind, key, to_db(when), {}, to_db(after))


async def _schedule_sweep(tx: Tx, deps: Deps, after: datetime) -> None:
    await schedule_daily(tx, deps, "volunteers.sweep", SWEEP_TIME, after)


async def _sweep(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    """Warn volunteers 30 and 7 days before an inactive account is removed; remove it after."""
    await _schedule_sweep(tx, deps, now)
    days = deps.settings.volunteer_inactive_days
    stamp = to_db(now)
    for warn_days, column in ((30, "warned_30_at"), (7, "warned_7_at")):
        since = to_db(now - timedelta(days=days - warn_days))
        rows = await tx.fetchall(
            f"SELECT id, lang, last_active_at FROM users WHERE registered_at IS NOT NULL "
            f"AND last_active_at < ? AND ({column} IS NULL OR {column} < last_active_at)",
            (since,),
        )
        for row in rows:
            removal = from_db(row["last_active_at"]) + timedelta(days=days)
            await outbox.enqueue(
                tx, row["id"], stamp, not_before=quiet_release(deps, now),
                text=t(row["lang"], "inactive.warning", days=warn_days,
                       date=removal.astimezone(deps.settings.zone).strftime("%Y-%m-%d")),
            )  # fmt: skip
            await tx.execute(f"UPDATE users SET {column} = ? WHERE id = ?", (stamp, row["id"]))
    expired = await tx.fetchall(
        "SELECT id FROM users WHERE registered_at IS NOT NULL AND last_active_at < ?",
        (to_db(now - timedelta(days=days)),),
    )
    for row in expired:
        await remove_account(tx, row["id"], stamp)
    return True


async def remove_account(tx: Tx, user_id: int, now: str) -> None:
    """The account's personal data goes; its reports stay with the centre, unlinked."""
    await tx.execute(
        "UPDATE reports SET reporter_id = NULL, contact_ok = 0 WHERE reporter_id = ?", (user_id,)
    )
    await tx.execute("DELETE FROM rsvps WHERE user_id = ?", (user_id,))
    await tx.execute(
        "UPDATE staff SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND revoked_at IS NULL",
        (now, user_id, user_id),
    )
    await tx.execute(
        "UPDATE users SET display_name = NULL, phone = NULL, username = NULL, home_area = NULL, "
        "consent_version = NULL, consent_at = NULL, registered_at = NULL, approved_at = NULL, "
        "approved_by = NULL, meeting_news = 0, nudge = 'off', nudged_at = NULL WHERE id = ?",
        (user_id,),
    )
    # Campaign messages, announcements and nudges not yet sent are not for them any more.
    await tx.execute(
        "UPDATE outbox SET state = 'skipped', last_error = 'account removed' "
        "WHERE chat_id = ? AND state = 'pending' AND priority = ?",
        (user_id, outbox.BULK),
    )
    await tx.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, target_user_id, created_at) "
        "VALUES (0, 'remove_account', ?, ?)",
        (user_id, now),
    )


async def _nudges(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    await schedule_daily(tx, deps, "nudges", deps.settings.nudge_time, now)  # tomorrow's run
    return await nudges.send_due(tx, deps, now) > 0


HANDLERS: dict[str, Handler] = {
    "volunteers.sweep": _sweep,
    "report.purge": _purge,
    "report.unassigned": _unassigned,
    "report.escalate": _escalate,
    "digest": _digest,
    "nudges": _nudges,
    "meeting.remind24": meetings.remind,
    "meeting.remind1": meetings.remind,
    "meeting.outcome": meetings.ask_outcome,
}
