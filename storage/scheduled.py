"""Scheduled work, kept in the database so that a restart forgets nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.db import Row, Tx


@dataclass(frozen=True, slots=True)
class Scheduled:
    id: int
    kind: str
    key: str
    due_at: str
    payload: dict[str, Any]

    @classmethod
    def from_row(cls, row: Row) -> Scheduled:
        payload = json.loads(row["payload"]) if row["payload"] else {}
        return cls(row["id"], row["kind"], row["key"], row["due_at"], payload)


async def add(tx: Tx, kind: str, key: str, due_at: str, payload: dict[str, Any], now: str) -> None:
    await tx.execute(
        "INSERT INTO scheduled (kind, key, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(key) DO NOTHING",
        (kind, key, due_at, json.dumps(payload, ensure_ascii=False), now),
    )


async def due(tx: Tx, now: str, limit: int = 200) -> list[Scheduled]:
    rows = await tx.fetchall(
        "SELECT * FROM scheduled WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
        (now, limit),
    )
    return [Scheduled.from_row(row) for row in rows]


async def is_pending(tx: Tx, item_id: int) -> bool:
    row = await tx.fetchone("SELECT 1 FROM scheduled WHERE id = ? AND state = 'pending'", (item_id,))
    return row is not None


async def finish(tx: Tx, item_id: int, state: str, now: str) -> None:
    await tx.execute(
        "UPDATE scheduled SET state = ?, done_at = ? WHERE id = ? AND state = 'pending'",
        (state, now, item_id),
    )


async def next_due(tx: Tx) -> str | None:
    value = await tx.scalar("SELECT min(due_at) FROM scheduled WHERE state = 'pending'")
    return None if value is None else str(value)


async def has_pending(tx: Tx, kind: str, key_prefix: str) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM scheduled WHERE kind = ? AND state = 'pending' AND key >= ? AND key < ?",
        (kind, key_prefix, key_prefix + "\uffff"),
    )
    return row is not None
