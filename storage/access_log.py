"""The access log: who saw or changed what. Append-only through the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from services.errors import Refused, admin_only
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


async def require_admin(db: Database, is_admin: bool, actor_id: int, now: str) -> None:
    """Refuse (and log the refusal of) an admin-only action by someone who is not an admin."""
    if not is_admin:
        refusal = admin_only(actor_id)
        await record_refusal(db, refusal, now)
        raise refusal


@asynccontextmanager
async def audited(db: Database, now: Callable[[], str]) -> AsyncIterator[Tx]:
    """A transaction for a staff action; a refusal is written to the access log after rollback."""
    try:
        async with db.transaction() as tx:
            yield tx
    except Refused as refusal:
        await record_refusal(db, refusal, now())
        raise
