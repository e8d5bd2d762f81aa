"""The statistics of a centre's reports and meetings and the rows of its CSV export
(features/insight/actions.py). Every figure is aggregated by SQLite over the reports_by_area index: the
cost follows the centre's own reports, not the size of the database (bench/storage_scaling.py)."""

from __future__ import annotations

from storage.db import Database, Row, Tx
from storage.dialect import days_between, local_month


def _closed_within(tx: Tx, days: int) -> str:
    """Reports closed within `days` of being received."""
    taken = days_between(tx.dialect, "closed_at", "created_at")
    return f"(status = 'closed' AND closed_at IS NOT NULL AND {taken} <= {int(days)})"


def _in(area_codes: tuple[str, ...]) -> str:
    return ",".join("?" * len(area_codes))


async def report_totals(tx: Tx, area_codes: tuple[str, ...], cut7: str, cut14: str) -> Row:
    """received, taken, and for 7 and 14 days: judgedN (reports received before cutN, old enough
    to judge) and doneN (those closed within N days)."""
    row = await tx.fetchone(
        "SELECT count(*) AS received, count(taken_at) AS taken, "
        "count(*) FILTER (WHERE created_at <= ?) AS judged7, count(*) FILTER (WHERE created_at <= ? AND "
        + _closed_within(tx, 7)
        + ") AS done7, "
        "count(*) FILTER (WHERE created_at <= ?) AS judged14, count(*) FILTER (WHERE created_at <= ? AND "
        + _closed_within(tx, 14)
        + ") AS done14 "
        f"FROM reports WHERE area_code IN ({_in(area_codes)})",
        (cut7, cut7, cut14, cut14, *area_codes),
    )
    assert row is not None
    return row


async def median_hours_to_take(tx: Tx, area_codes: tuple[str, ...], taken: int) -> list[float]:
    """The middle one or two of the `taken` reports' hours from received to taken (their mean is
    the median)."""
    rows = await tx.fetchall(
        f"SELECT {days_between(tx.dialect, 'taken_at', 'created_at')} * 24 AS hours FROM reports "
        f"WHERE area_code IN ({_in(area_codes)}) AND taken_at IS NOT NULL ORDER BY hours LIMIT ? OFFSET ?",
        (*area_codes, 2 - taken % 2, (taken - 1) // 2),
    )
    return [float(row["hours"]) for row in rows]


async def by_category(tx: Tx, area_codes: tuple[str, ...]) -> dict[str, int]:
    rows = await tx.fetchall(
        f"SELECT category, count(*) AS n FROM reports WHERE area_code IN ({_in(area_codes)}) "
        "GROUP BY category ORDER BY n DESC, category",
        area_codes,
    )
    return {row["category"]: int(row["n"]) for row in rows}


async def by_month(tx: Tx, area_codes: tuple[str, ...], shift: str) -> list[Row]:
    """(month, n, resolved) per local month ('YYYY-MM' after the `shift` modifier, for example
    '+32400 seconds'), resolved being those closed within 14 days."""
    return await tx.fetchall(
        f"SELECT {local_month(tx.dialect, 'created_at')} AS month, count(*) AS n, "
        f"count(*) FILTER (WHERE {_closed_within(tx, 14)}) AS resolved FROM reports "
        f"WHERE area_code IN ({_in(area_codes)}) "
        "GROUP BY month ORDER BY month",
        (shift, *area_codes),
    )


async def meeting_totals(tx: Tx, area_codes: tuple[str, ...], now: str) -> Row:
    """proposed (every meeting) and held (approved, started by `now`)."""
    row = await tx.fetchone(
        "SELECT count(*) AS proposed, count(*) FILTER (WHERE status = 'approved' AND starts_at <= ?) AS held "
        f"FROM meetings WHERE area_code IN ({_in(area_codes)})",
        (now, *area_codes),
    )
    assert row is not None
    return row


async def attendance(tx: Tx, area_codes: tuple[str, ...], now: str) -> int:
    """Confirmed 참석 answers to the meetings held by `now`."""
    going = await tx.scalar(
        "SELECT count(*) FROM rsvps r JOIN meetings m ON m.id = r.meeting_id "
        f"WHERE m.area_code IN ({_in(area_codes)}) "
        "AND m.status = 'approved' AND m.starts_at <= ? AND r.answer = 'going' AND r.waitlisted = 0",
        (*area_codes, now),
    )
    return int(going or 0)


async def export_rows(tx: Tx, area_code: str, start: str, end: str) -> list[Row]:
    """The 동's reports received in [start, end), each with its assignee's name, the reporter's name
    and phone (only if they agreed to be contacted) and how many notes it has."""
    return await tx.fetchall(
        "SELECT r.*, a.display_name AS assignee_name, u.display_name AS reporter_name, u.phone AS phone, "
        "(SELECT count(*) FROM report_notes n WHERE n.report_id = r.id) AS notes "
        "FROM reports r LEFT JOIN users a ON a.id = r.assignee_id "
        "LEFT JOIN users u ON u.id = r.reporter_id AND r.contact_ok = 1 "
        "WHERE r.area_code = ? AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at",
        (area_code, start, end),
    )


async def areas_with_reports(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT DISTINCT area_code FROM reports")
    return [str(row["area_code"]) for row in rows]
