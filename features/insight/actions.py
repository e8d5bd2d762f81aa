"""Staff insight: statistics of a centre's reports and meetings, and the CSV export."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import render, staff
from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused
from features.insight.chart import Month
from storage import access_log, centres, insight

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
    chart_months: list[Month]  # the last 12 months, oldest first, for the chart


@dataclass(frozen=True)
class Scope:
    """The 동 a person may see figures of: an admin's search (or every 동 with reports), else the
    centres they are staff of."""

    codes: list[str]
    everything: bool = False  # an admin's whole country
    searched: bool = False  # an admin's search: the answer names what was searched


async def scope(deps: Deps, user_id: int, query: str) -> Scope:
    """Whose figures /stats shows; a refusal (logged) for anyone who is neither staff nor admin."""
    if not deps.is_admin(user_id):
        return Scope(await staff.areas_or_refuse(deps, user_id))
    if not query:
        return Scope(await areas_with_reports(deps), everything=True)
    codes = [a.code for a in deps.areas.search(query, limit=5000)]
    return Scope(codes + [code for code in _district(deps, query) if code not in codes], searched=True)


def _district(deps: Deps, query: str) -> list[str]:
    """Every dong of a province or district named in the query (e.g. Seoul, Seodaemun-gu)."""
    words = query.split()
    return [
        code
        for code in deps.areas.codes()
        if (area := deps.areas.get(code)) is not None
        and all(w in f"{area.sido} {area.sigungu}" for w in words)
    ]


async def stats(deps: Deps, area_codes: list[str]) -> Stats:
    """The figures, aggregated by SQLite over the reports_by_area index: the cost follows the
    centre's own reports, not the size of the database (bench/storage_scaling.py)."""
    now = deps.clock.now()
    zone = deps.settings.zone
    offset = now.astimezone(zone).utcoffset()
    shift = f"{int(offset.total_seconds()) if offset else 0:+d} seconds"  # Korea time: no DST
    codes = tuple(area_codes)
    cut = {days: to_db(now - timedelta(days=days)) for days in (7, 14)}
    async with deps.db.transaction() as tx:
        totals = await insight.report_totals(tx, codes, cut[7], cut[14])
        taken = int(totals["taken"])
        middle = await insight.median_hours_to_take(tx, codes, taken) if taken else []
        categories = await insight.by_category(tx, codes)
        months = await insight.by_month(tx, codes, shift)
        meetings = await insight.meeting_totals(tx, codes, to_db(now))
        going = await insight.attendance(tx, codes, to_db(now))

    def share(days: int) -> float | None:
        judged = int(totals[f"judged{days}"] or 0)
        return int(totals[f"done{days}"] or 0) / judged if judged else None

    by_month = {row["month"]: int(row["n"]) for row in months}
    resolved = {row["month"]: int(row["resolved"] or 0) for row in months}
    labels = _last_months(now.astimezone(zone), 12)
    return Stats(
        area_codes=area_codes,
        received=int(totals["received"]),
        median_hours_to_take=statistics.fmean(middle) if middle else None,
        resolved_7=share(7),
        resolved_14=share(14),
        by_category=categories,
        by_month=by_month,
        meetings_proposed=int(meetings["proposed"]),
        meetings_held=int(meetings["held"] or 0),
        attendance=going,
        chart_months=[Month(m, by_month.get(m, 0), resolved.get(m, 0)) for m in labels],
    )


def _last_months(today: datetime, count: int) -> list[str]:
    year, month = today.year, today.month
    labels = []
    for _ in range(count):
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return labels[::-1]


async def export_csv(deps: Deps, user_id: int, area_code: str, start: datetime, end: datetime) -> bytes:
    """The centre's reports received in [start, end), UTF-8 with a BOM so Excel reads Korean."""
    now = deps.now()
    zone = deps.settings.zone
    async with deps.db.transaction() as tx:
        if not await centres.is_staff(tx, user_id, area_code):
            raise Refused("role.not_staff")
        rows = await insight.export_rows(tx, area_code, to_db(start), to_db(end))
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


async def areas_with_reports(deps: Deps) -> list[str]:
    """Every 동 that has a report: what an admin's /stats without a search covers."""
    return await insight.areas_with_reports(deps.db)
