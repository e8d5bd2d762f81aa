"""Audited actions: a refused attempt at a staff or admin action is written to the access log,
in its own transaction after the refused one has rolled back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from core.errors import Refused, admin_only
from storage import access_log
from storage.db import Database, Tx


async def record_refusal(db: Database, refusal: Refused, now: str) -> None:
    """A refused attempt, in its own transaction: the one that was refused has rolled back."""
    if refusal.audit is None:
        return
    actor_id, report_id, target_user_id, area_code = refusal.audit
    async with db.transaction() as tx:
        await access_log.record(
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
