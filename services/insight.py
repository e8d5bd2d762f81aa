"""Staff insight: statistics of a centre's reports and meetings, and the CSV export."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import from_db, to_db
from core.deps import Deps
from services import render
from services.errors import Refused
from storage import access_log, centres

CSV_HEADER = [
    "접수번호 ref", "동 area", "분류 category", "상태 status", "접수 received", "맡음 taken", "종결 closed",
    "담당 assignee", "위치 place", "위도 lat", "경도 lon", "내용 description", "제보자 reporter",
    "전화 phone", "메모 notes",
]  # fmt: skip


@dataclass(frozen=True)
class Stats:
    area_codes: list[str]
    received: int
    median_hours_to_take: float | None
    resolved_7: float | None  # share of reports old enough to judge
    resolved_14: float | None
    by_category: dict[str, int]
    by_month: dict[str, int]
    meetings_proposed: int
    meetings_held: int
    attendance: int


async def staff_areas_or_refuse(deps: Deps, user_id: int) -> list[str]:
    async with deps.db.transaction() as tx:
        areas = await centres.staff_areas(tx, user_id)
    if not areas:
        refusal = Refused("open.not_staff")
        refusal.audit = (user_id, None, None, None)
        await access_log.record_refusal(deps.db, refusal, deps.now())
        raise refusal
    return areas


async def stats(deps: Deps, area_codes: list[str]) -> Stats:
    now = deps.clock.now()
    marks = ",".join("?" * len(area_codes))
    async with deps.db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT category, created_at, taken_at, closed_at, status FROM reports "
            f"WHERE area_code IN ({marks})",
            tuple(area_codes),
        )
        meetings = await tx.fetchall(
            f"SELECT id, status, starts_at FROM meetings WHERE area_code IN ({marks})", tuple(area_codes)
        )
        going = await tx.scalar(
            "SELECT count(*) FROM rsvps r JOIN meetings m ON m.id = r.meeting_id "
            f"WHERE m.area_code IN ({marks}) "
            "AND m.status = 'approved' AND m.starts_at <= ? AND r.answer = 'going' AND r.waitlisted = 0",
            (*area_codes, to_db(now)),
        )
    waits = [
        (from_db(r["taken_at"]) - from_db(r["created_at"])).total_seconds() / 3600
        for r in rows
        if r["taken_at"]
    ]
    zone = deps.settings.zone

    def share(days: int) -> float | None:
        judged = [r for r in rows if now - from_db(r["created_at"]) >= timedelta(days=days)]
        if not judged:
            return None
        done = [
            r for r in judged
            if r["status"] == "closed" and r["closed_at"]
            and from_db(r["closed_at"]) - from_db(r["created_at"]) <= timedelta(days=days)
        ]  # fmt: skip
        return len(done) / len(judged)

    by_category: dict[str, int] = {}
    by_month: dict[str, int] = {}
    for r in rows:
        by_category[r["category"]] = by_category.get(r["category"], 0) + 1
        month = from_db(r["created_at"]).astimezone(zone).strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + 1
    held = [m for m in meetings if m["status"] == "approved" and from_db(m["starts_at"]) <= now]
    return Stats(
        area_codes=area_codes,
        received=len(rows),
        median_hours_to_take=statistics.median(waits) if waits else None,
        resolved_7=share(7),
        resolved_14=share(14),
        by_category=dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
        by_month=dict(sorted(by_month.items())),
        meetings_proposed=len(meetings),
        meetings_held=len(held),
        attendance=int(going or 0),
    )


async def export_csv(deps: Deps, user_id: int, area_code: str, start: datetime, end: datetime) -> bytes:
    """The centre's reports received in [start, end), UTF-8 with a BOM so Excel reads Korean."""
    now = deps.now()
    zone = deps.settings.zone
    async with deps.db.transaction() as tx:
        if not await centres.is_staff(tx, user_id, area_code):
            raise Refused("open.not_staff")
        rows = await tx.fetchall(
            "SELECT r.*, a.display_name AS assignee_name, u.display_name AS reporter_name, u.phone AS phone, "
            "(SELECT count(*) FROM report_notes n WHERE n.report_id = r.id) AS notes "
            "FROM reports r LEFT JOIN users a ON a.id = r.assignee_id "
            "LEFT JOIN users u ON u.id = r.reporter_id AND r.contact_ok = 1 "
            "WHERE r.area_code = ? AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at",
            (area_code, to_db(start), to_db(end)),
        )
        await access_log.record(
            tx, user_id, "export", now, area_code=area_code,
            detail=f"{to_db(start)}..{to_db(end)} ({len(rows)} reports)",
        )  # fmt: skip

    def when(value: str | None) -> str:
        return from_db(value).astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    def cell(value: object) -> object:
        # A cell starting like a formula would run in a spreadsheet (CSV injection): quote it.
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for r in rows:
        # The phone number comes from Telegram's contact button (digits and a leading +): as it is.
        writer.writerow(
            value if index == 13 else cell(value)
            for index, value in enumerate([
                r["ref"], render.area_name(deps.areas, r["area_code"]), render.category("ko", r["category"]),
                render.status("ko", r["status"]), when(r["created_at"]), when(r["taken_at"]),
                when(r["closed_at"]), r["assignee_name"] or "", r["place_text"] or "",
                r["latitude"] if r["latitude"] is not None else "",
                r["longitude"] if r["longitude"] is not None else "", r["description"],
                r["reporter_name"] or "", r["phone"] or "", r["notes"],
            ])
        )  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
