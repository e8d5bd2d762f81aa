"""The inbox: every update from Telegram, stored before getUpdates moves past it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storage.db import Tx


async def store(tx: Tx, updates: Sequence[tuple[int, dict[str, Any]]], now: str) -> int:
    """Insert updates; one delivered twice (same update_id) is stored once."""
    before = await tx.scalar("SELECT total_changes()")
    await tx.executemany(
        "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?) "
        "ON CONFLICT(update_id) DO NOTHING",
        [(update_id, json.dumps(payload, ensure_ascii=False), now) for update_id, payload in updates],
    )
    return int(await tx.scalar("SELECT total_changes()")) - int(before)


async def last_update_id(tx: Tx) -> int | None:
    value = await tx.scalar("SELECT max(update_id) FROM inbox")
    return None if value is None else int(value)


async def unhandled(tx: Tx, limit: int = 100) -> list[tuple[int, str]]:
    """(update_id, payload as stored JSON) of the oldest unhandled updates; the caller parses a
    payload only when it does not hold that update already."""
    rows = await tx.fetchall(
        "SELECT update_id, payload FROM inbox WHERE handled_at IS NULL ORDER BY update_id LIMIT ?",
        (limit,),
    )
    return [(row["update_id"], row["payload"]) for row in rows]


async def mark_handled(tx: Tx, update_id: int, now: str) -> None:
    # A handled update is kept only as its id (for the getUpdates offset and for recognising a
    # repeat): its payload held what people wrote, which must not outlive the report itself.
    await tx.execute("UPDATE inbox SET handled_at = ?, payload = '{}' WHERE update_id = ?", (now, update_id))


async def count_unhandled(tx: Tx) -> int:
    return int(await tx.scalar("SELECT count(*) FROM inbox WHERE handled_at IS NULL"))


async def touch_user(tx: Tx, user_id: int, now: str) -> None:
    """Someone used the bot: the inactivity clock starts again."""
    await tx.execute("UPDATE users SET last_active_at = ? WHERE id = ?", (now, user_id))
