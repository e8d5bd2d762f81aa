"""Campaigns (a centre's message to every approved volunteer of its 동): their table, and their
progress as the states of the outbox rows they recorded (features/campaigns/actions.py)."""

from __future__ import annotations

from storage.db import Database, Row, Tx


async def by_draft(tx: Tx, draft_id: str) -> int | None:
    """The campaign recorded from this draft, if it was confirmed already."""
    row = await tx.fetchone("SELECT id FROM campaigns WHERE draft_id = ?", (draft_id,))
    return None if row is None else int(row["id"])


async def insert(
    tx: Tx, *, draft_id: str, area_code: str, author_id: int, text: str, recipients: int, now: str
) -> int:
    return await tx.insert_row(
        "campaigns",
        {"draft_id": draft_id, "area_code": area_code, "author_id": author_id, "text": text,
         "recipients": recipients, "created_at": now},
    )  # fmt: skip


async def finish(tx: Tx, campaign_id: int, now: str) -> None:
    await tx.execute("UPDATE campaigns SET finished_at = ? WHERE id = ?", (now, campaign_id))


async def recipient_count(tx: Tx, campaign_id: int) -> int:
    """How many volunteers the campaign was recorded for (0 if there is no such campaign)."""
    total = await tx.scalar("SELECT recipients FROM campaigns WHERE id = ?", (campaign_id,))
    return int(total or 0)


async def author(tx: Tx, campaign_id: int) -> Row | None:
    """(author_id, finished_at) of the campaign."""
    return await tx.fetchone("SELECT author_id, finished_at FROM campaigns WHERE id = ?", (campaign_id,))


async def running(db: Database) -> list[int]:
    rows = await db.fetchall("SELECT id FROM campaigns WHERE finished_at IS NULL")
    return [int(row["id"]) for row in rows]


# --- the campaign's rows in the outbox -------------------------------------------------------


async def outbox_states(tx: Tx, campaign_id: int) -> dict[str, int]:
    """How many of the campaign's messages are in each outbox state."""
    rows = await tx.fetchall(
        "SELECT state, count(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY state", (campaign_id,)
    )
    return {row["state"]: int(row["n"]) for row in rows}


async def has_pending(tx: Tx, campaign_id: int) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM outbox WHERE campaign_id = ? AND state = 'pending' LIMIT 1", (campaign_id,)
    )
    return row is not None


async def held_until(tx: Tx, campaign_id: int, now: str) -> str | None:
    """When a campaign none of whose messages may go yet starts (quiet hours), else None."""
    row = await tx.fetchone(
        "SELECT min(not_before) AS first, "
        "sum(CASE WHEN not_before <= ? OR attempts > 0 THEN 1 ELSE 0 END) AS due "
        "FROM outbox WHERE campaign_id = ? AND state = 'pending'",
        (now, campaign_id),
    )
    if row is None or row["first"] is None or row["due"]:
        return None
    return str(row["first"])
