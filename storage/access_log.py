"""The access log: who saw or changed what. Append-only through the bot."""

from __future__ import annotations

from services.errors import Refused
from storage.db import Database, Tx


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


async def record_refusal(db: Database, refusal: Refused, now: str) -> None:
    """A refused attempt, in its own transaction: the one that was refused has rolled back."""
    if refusal.audit is None:
        return
    actor_id, report_id, target_user_id, area_code = refusal.audit
    async with db.transaction() as tx:
        await record(
            tx, actor_id, "refused", now, report_id=report_id, target_user_id=target_user_id,
            area_code=area_code,
        )  # fmt: skip
