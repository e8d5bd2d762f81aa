"""The scheduled work of a report: a reminder to the centre if nobody takes it, an escalation to
the admins after that, and, after the retention period, the purge of what identifies people in a
closed report."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import callbacks, render, routing, scheduler
from core.clock import from_db, to_db
from core.deps import Deps
from messages import plain, t
from storage import outbox, privacy, reports, scheduled
from storage.db import Tx
from storage.reports import Report
from storage.scheduled import Scheduled


def register_jobs() -> None:
    scheduler.register("report.unassigned", _unassigned)
    scheduler.register("report.escalate", _escalate)
    scheduler.register("report.purge", _purge, checkpoint=True)


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


async def _open_unassigned(tx: Tx, item: Scheduled) -> Report | None:
    report = await reports.get(tx, int(item.payload["report_id"]))
    if report is None or report.status == "closed" or report.assignee_id is not None:
        return None
    # A report transferred since then has follow-ups of its own for its new 동.
    if not item.key.endswith(f":{report.area_code}"):
        return None
    return report


async def _staff_targets(tx: Tx, deps: Deps, area_code: str) -> list[tuple[int, str]]:
    return [(d.chat_id, d.lang) for d in await routing.staff_destinations(tx, deps, area_code)]


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
            keyboard=[[(plain(lang, "alert.btn_take"), callbacks.REPORT_TAKE.pack(report=report.id)),
                       (plain(lang, "alert.btn_details"), callbacks.REPORT_DETAILS.pack(report=report.id))]],
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
    targets = [(d.chat_id, d.lang) for d in await routing.admin_destinations(tx, deps.settings)]
    area = render.area_full(deps.areas, report.area_code)
    hours = int(deps.settings.escalation_hours)
    await _remind(tx, item, report, targets, "remind.escalate", hours, area, now)
    return bool(targets)


async def _purge(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    """Delete what identifies people; keep what statistics need (category, 동, dates, status)."""
    report = await reports.get(tx, int(item.payload["report_id"]))
    if report is None or report.status != "closed":
        return False  # reopened meanwhile: a new close schedules a new purge
    closed_at = await reports.closed_at(tx, report.id)
    if closed_at != item.payload["closed_at"]:
        return False
    await privacy.purge_report(tx, report.id, report.area_code, to_db(now))
    return True
