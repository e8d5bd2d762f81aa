"""Reports about neighbours, their notes and their history."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Row, Tx

RECEIVED, CHECKING, IN_PROGRESS, CLOSED = "received", "checking", "in_progress", "closed"
STATUSES = (RECEIVED, CHECKING, IN_PROGRESS, CLOSED)
OPEN_STATUSES = tuple(s for s in STATUSES if s != CLOSED)

# A report's statuses as one transition table: the (from, to) moves each action may make. The
# staff's status buttons move between checking, in progress and closed (reopening included);
# taking a received report starts checking it; a duplicate is closed; only a transfer returns a
# report to received, for its new centre. The database refuses any other status (migration 0011).
TRANSITIONS: dict[str, frozenset[tuple[str, str]]] = {
    "take": frozenset({(RECEIVED, CHECKING)}),
    "set_status": frozenset(
        (old, new) for old in STATUSES for new in (CHECKING, IN_PROGRESS, CLOSED) if old != new
    ),
    "duplicate": frozenset((old, CLOSED) for old in STATUSES),
    "transfer": frozenset((old, RECEIVED) for old in STATUSES),
}


def may_move(action: str, old: str, new: str) -> bool:
    return (old, new) in TRANSITIONS[action]


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    ref: str
    area_code: str
    origin_area_code: str
    reporter_id: int | None
    reporter_verified: bool
    contact_ok: bool
    category: str
    place_text: str | None
    latitude: float | None
    longitude: float | None
    description: str
    photo_file_id: str | None
    status: str
    assignee_id: int | None
    duplicate_of: int | None
    created_at: str

    @classmethod
    def from_row(cls, row: Row) -> Report:
        return cls(
            id=row["id"],
            ref=row["ref"],
            area_code=row["area_code"],
            origin_area_code=row["origin_area_code"],
            reporter_id=row["reporter_id"],
            reporter_verified=bool(row["reporter_verified"]),
            contact_ok=bool(row["contact_ok"]),
            category=row["category"],
            place_text=row["place_text"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            description=row["description"],
            photo_file_id=row["photo_file_id"],
            status=row["status"],
            assignee_id=row["assignee_id"],
            duplicate_of=row["duplicate_of"],
            created_at=row["created_at"],
        )


async def get(tx: Tx, report_id: int) -> Report | None:
    row = await tx.fetchone("SELECT * FROM reports WHERE id = ?", (report_id,))
    return None if row is None else Report.from_row(row)


async def by_ref(tx: Tx, ref: str) -> Report | None:
    row = await tx.fetchone("SELECT * FROM reports WHERE ref = ?", (ref,))
    return None if row is None else Report.from_row(row)


async def by_draft(tx: Tx, draft_id: str) -> Report | None:
    row = await tx.fetchone("SELECT * FROM reports WHERE draft_id = ?", (draft_id,))
    return None if row is None else Report.from_row(row)


async def next_sequence(tx: Tx, area_code: str, year: int) -> int:
    await tx.execute(
        "INSERT INTO report_counters (area_code, year, last_seq) VALUES (?, ?, 1) "
        "ON CONFLICT(area_code, year) DO UPDATE SET last_seq = report_counters.last_seq + 1",
        (area_code, year),
    )
    return int(
        await tx.scalar(
            "SELECT last_seq FROM report_counters WHERE area_code = ? AND year = ?",
            (area_code, year),
        )
    )


async def insert(tx: Tx, **fields: object) -> int:
    return await tx.insert_row("reports", fields)


async def update(tx: Tx, report_id: int, **fields: object) -> None:
    await tx.update_row("reports", report_id, fields)


async def add_event(
    tx: Tx, report_id: int, actor_id: int | None, kind: str, detail: str | None, now: str
) -> None:
    await tx.execute(
        "INSERT INTO report_events (report_id, actor_id, kind, detail, created_at) VALUES (?, ?, ?, ?, ?)",
        (report_id, actor_id, kind, detail, now),
    )


async def add_note(tx: Tx, report_id: int, author_id: int, text: str, now: str) -> None:
    await tx.execute(
        "INSERT INTO report_notes (report_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
        (report_id, author_id, text, now),
    )


async def notes(tx: Tx, report_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT n.text, n.created_at, n.author_id, u.display_name FROM report_notes n "
        "LEFT JOIN users u ON u.id = n.author_id WHERE n.report_id = ? ORDER BY n.id",
        (report_id,),
    )


async def open_for_area(tx: Tx, area_code: str, limit: int = 200) -> list[Report]:
    rows = await tx.fetchall(
        "SELECT * FROM reports WHERE area_code = ? AND status <> 'closed' ORDER BY created_at LIMIT ?",
        (area_code, limit),
    )
    return [Report.from_row(row) for row in rows]


async def count_open_for_area(tx: Tx, area_code: str) -> int:
    return int(
        await tx.scalar(
            "SELECT count(*) FROM reports WHERE area_code = ? AND status <> 'closed'", (area_code,)
        )
    )


async def count_new_for_area(tx: Tx, area_code: str, since: str) -> int:
    """Reports of the 동 received since `since`."""
    return int(
        await tx.scalar(
            "SELECT count(*) FROM reports WHERE area_code = ? AND created_at >= ?", (area_code, since)
        )
    )


async def count_overdue_for_area(tx: Tx, area_code: str, received_before: str) -> int:
    """Open reports of the 동 received before `received_before` that nobody has taken."""
    return int(
        await tx.scalar(
            "SELECT count(*) FROM reports WHERE area_code = ? AND status <> 'closed' AND assignee_id IS NULL "
            "AND created_at < ?",
            (area_code, received_before),
        )
    )


async def for_reporter(tx: Tx, reporter_id: int, limit: int = 20) -> list[Report]:
    rows = await tx.fetchall(
        "SELECT * FROM reports WHERE reporter_id = ? ORDER BY created_at DESC LIMIT ?",
        (reporter_id, limit),
    )
    return [Report.from_row(row) for row in rows]


async def count_since(tx: Tx, reporter_id: int, since: str) -> int:
    return int(
        await tx.scalar(
            "SELECT count(*) FROM reports WHERE reporter_id = ? AND created_at >= ?",
            (reporter_id, since),
        )
    )


async def closed_at(tx: Tx, report_id: int) -> str | None:
    value = await tx.scalar("SELECT closed_at FROM reports WHERE id = ?", (report_id,))
    return None if value is None else str(value)
