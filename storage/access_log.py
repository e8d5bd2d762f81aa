"""The access log's table: who saw or changed what. Append-only through the bot (the rules of
what is refused and logged are in core/audit.py)."""

from __future__ import annotations

from storage.db import Tx


async def record(
    tx: Tx,
    actor_id: int,
    action: str,
    now: str,
    *,
    report_id: int | None = None,
    target_user_id: int | None = None,
    area_code: str | None = None,
    detail: str | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, report_id, target_user_id, area_code, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (actor_id, action, report_id, target_user_id, area_code, detail, now),
    )
