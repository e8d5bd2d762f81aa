"""골목회의 and their RSVPs."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Row, Tx


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    area_code: str
    organiser_id: int
    title: str
    agenda: str
    place_text: str | None
    latitude: float | None
    longitude: float | None
    starts_at: str
    format: str
    capacity: int | None
    status: str
    support: str | None
    staff_comment: str | None
    outcome_summary: str | None
    outcome_decisions: str | None
    outcome_requests: str | None

    @classmethod
    def from_row(cls, row: Row) -> Meeting:
        return cls(**{name: row[name] for name in cls.__slots__})  # type: ignore[attr-defined]


async def get(tx: Tx, meeting_id: int) -> Meeting | None:
    row = await tx.fetchone("SELECT * FROM meetings WHERE id = ?", (meeting_id,))
    return None if row is None else Meeting.from_row(row)


async def by_draft(tx: Tx, draft_id: str) -> Meeting | None:
    row = await tx.fetchone("SELECT * FROM meetings WHERE draft_id = ?", (draft_id,))
    return None if row is None else Meeting.from_row(row)


async def insert(tx: Tx, **fields: object) -> int:
    return await tx.insert_row("meetings", fields)


async def update(tx: Tx, meeting_id: int, **fields: object) -> None:
    await tx.update_row("meetings", meeting_id, fields)


async def proposed_since(tx: Tx, organiser_id: int, since: str) -> int:
    return int(
        await tx.scalar(
            "SELECT count(*) FROM meetings WHERE organiser_id = ? AND created_at >= ?", (organiser_id, since)
        )
    )


async def for_area(tx: Tx, area_code: str, statuses: tuple[str, ...], limit: int = 30) -> list[Meeting]:
    marks = ",".join("?" * len(statuses))
    rows = await tx.fetchall(
        f"SELECT * FROM meetings WHERE area_code = ? AND status IN ({marks}) ORDER BY starts_at LIMIT ?",
        (area_code, *statuses, limit),
    )
    return [Meeting.from_row(row) for row in rows]


async def approved_between(tx: Tx, area_code: str, start: str, end: str) -> list[Row]:
    """(title, starts_at) of the first ten of the 동's approved meetings starting in [start, end),
    soonest first."""
    return await tx.fetchall(
        "SELECT title, starts_at FROM meetings WHERE area_code = ? AND status = 'approved' "
        "AND starts_at >= ? AND starts_at < ? ORDER BY starts_at LIMIT 10",
        (area_code, start, end),
    )


async def by_organiser(tx: Tx, organiser_id: int, limit: int = 20) -> list[Meeting]:
    rows = await tx.fetchall(
        "SELECT * FROM meetings WHERE organiser_id = ? ORDER BY starts_at DESC LIMIT ?", (organiser_id, limit)
    )
    return [Meeting.from_row(row) for row in rows]


# --- RSVPs ---------------------------------------------------------------------------------


async def rsvp(tx: Tx, meeting_id: int, user_id: int) -> Row | None:
    return await tx.fetchone(
        "SELECT * FROM rsvps WHERE meeting_id = ? AND user_id = ?", (meeting_id, user_id)
    )


async def set_rsvp(tx: Tx, meeting_id: int, user_id: int, answer: str, waitlisted: bool, now: str) -> None:
    await tx.execute(
        "INSERT INTO rsvps (meeting_id, user_id, answer, waitlisted, answered_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(meeting_id, user_id) DO UPDATE SET answer = excluded.answer, "
        "waitlisted = excluded.waitlisted, answered_at = excluded.answered_at",
        (meeting_id, user_id, answer, int(waitlisted), now),
    )


async def going_count(tx: Tx, meeting_id: int) -> int:
    return int(
        await tx.scalar(
            "SELECT count(*) FROM rsvps WHERE meeting_id = ? AND answer = 'going' AND waitlisted = 0",
            (meeting_id,),
        )
    )


async def first_waiting(tx: Tx, meeting_id: int) -> int | None:
    value = await tx.scalar(
        "SELECT user_id FROM rsvps WHERE meeting_id = ? AND answer = 'going' AND waitlisted = 1 "
        "ORDER BY answered_at, user_id LIMIT 1",
        (meeting_id,),
    )
    return None if value is None else int(value)


async def give_seat(tx: Tx, meeting_id: int, user_id: int) -> None:
    """The person leaves the waitlist for a confirmed seat."""
    await tx.execute(
        "UPDATE rsvps SET waitlisted = 0 WHERE meeting_id = ? AND user_id = ?", (meeting_id, user_id)
    )


async def waitlist_position(tx: Tx, meeting_id: int, user_id: int) -> int:
    return int(
        await tx.scalar(
            "SELECT count(*) FROM rsvps r JOIN rsvps me ON me.meeting_id = r.meeting_id AND me.user_id = ? "
            "WHERE r.meeting_id = ? AND r.answer = 'going' AND r.waitlisted = 1 "
            "AND (r.answered_at < me.answered_at "
            "OR (r.answered_at = me.answered_at AND r.user_id <= me.user_id))",
            (user_id, meeting_id),
        )
    )


async def attendees(tx: Tx, meeting_id: int, *, waitlisted: bool | None = False) -> list[Row]:
    """People who said 참석 (the confirmed ones, the waitlist, or both with None)."""
    condition = "" if waitlisted is None else f"AND r.waitlisted = {int(waitlisted)}"
    return await tx.fetchall(
        "SELECT r.user_id, r.waitlisted, u.display_name, u.lang "
        "FROM rsvps r JOIN users u ON u.id = r.user_id "
        f"WHERE r.meeting_id = ? AND r.answer = 'going' {condition} ORDER BY r.answered_at, r.user_id",
        (meeting_id,),
    )


async def counts(tx: Tx, meeting_id: int) -> dict[str, int]:
    rows = await tx.fetchall(
        "SELECT CASE WHEN answer = 'going' AND waitlisted = 1 THEN 'waitlist' ELSE answer END AS kind, "
        "count(*) AS n FROM rsvps WHERE meeting_id = ? GROUP BY kind",
        (meeting_id,),
    )
    found = {"going": 0, "interested": 0, "no": 0, "waitlist": 0}
    found.update({row["kind"]: row["n"] for row in rows})
    return found


async def answers_of(tx: Tx, user_id: int, meeting_ids: list[int]) -> dict[int, tuple[str, bool]]:
    if not meeting_ids:
        return {}
    marks = ",".join("?" * len(meeting_ids))
    rows = await tx.fetchall(
        f"SELECT meeting_id, answer, waitlisted FROM rsvps WHERE user_id = ? AND meeting_id IN ({marks})",
        (user_id, *meeting_ids),
    )
    return {row["meeting_id"]: (row["answer"], bool(row["waitlisted"])) for row in rows}


async def news_subscribers(tx: Tx, area_code: str) -> list[Row]:
    return await tx.fetchall(
        "SELECT id, lang FROM users WHERE home_area = ? AND meeting_news = 1 AND registered_at IS NOT NULL "
        "AND unreachable_at IS NULL ORDER BY id",
        (area_code,),
    )
