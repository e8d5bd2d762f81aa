"""What becomes of an outbox row after its call: sent, retried later (429, network errors and 5xx,
with backoff), failed for good (400; a 403 on an edit), parked for a person who cannot be
written to yet (403), or moved with a group that became a supergroup. What these mean beyond the
row (a centre's chat gone, a person away) the features decide, through the hooks."""

from __future__ import annotations

import logging
import random
import time
from datetime import timedelta

from telegram.error import Forbidden, RetryAfter

from core.clock import Clock, to_db
from delivery.hooks import DeliveryHooks
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)

MAX_BACKOFF = 300.0


def retry_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for. (Read from the stored timedelta: the public attribute's
    type is changing in python-telegram-bot and warns about it.)"""
    return float(exc._retry_after.total_seconds())


def unreachable_reason(exc: Forbidden) -> str:
    """Why a person cannot be written to, for the operator (stored as the row's last_error)."""
    if "blocked" in exc.message.lower():
        return "recipient blocked the bot"
    if "initiate" in exc.message.lower():
        return "recipient has not started the bot"
    return "recipient unreachable (403)"


class RowOutcomes:
    def __init__(self, db: Database, clock: Clock, hooks: DeliveryHooks) -> None:
        self.db = db
        self.clock = clock
        self.hooks = hooks

    def backoff(self, attempts: int) -> float:
        base: float = min(MAX_BACKOFF, 0.5 * (2.0**attempts))
        return base * random.uniform(0.8, 1.2)

    async def retry(self, row: OutboxRow, seconds: float, error: str) -> float:
        """The row waits `seconds` (and the later rows of its chat with it); returns them."""
        log.warning("outbox row %s to %s: %s, retrying in %.1fs", row.id, row.chat_id, error, seconds)
        when = to_db(self.clock.now() + timedelta(seconds=seconds))
        async with self.db.transaction() as tx:
            await outbox.retry_later(tx, row.id, when, error)
        return seconds

    async def mark_sent(self, row: OutboxRow, message_id: int | None) -> None:
        async with self.db.transaction() as tx:
            await outbox.mark_sent(tx, row.id, message_id, to_db(self.clock.now()), time.time())

    async def final(self, row: OutboxRow, error: str) -> None:
        """Failed for good, and expected (403 on an edit): no error in the log."""
        async with self.db.transaction() as tx:
            await outbox.mark_final(tx, row.id, "failed", error)

    async def failed(self, row: OutboxRow, error: str) -> None:
        log.error("outbox row %s to %s failed for good: %s", row.id, row.chat_id, error)
        async with self.db.transaction() as tx:
            await outbox.mark_final(tx, row.id, "failed", error)

    async def migrated(self, row: OutboxRow, new_chat_id: int) -> None:
        log.warning("chat %s migrated to %s", row.chat_id, new_chat_id)
        async with self.db.transaction() as tx:
            if self.hooks.unreachable is not None:
                await self.hooks.unreachable.chat_moved(tx, row.chat_id, new_chat_id)
            await outbox.move_chat(tx, row.chat_id, new_chat_id)

    async def forbidden(self, row: OutboxRow, exc: Forbidden) -> None:
        """403. A group that removed the bot: every row waiting for it fails (the features'
        hook sends a staff alert to the admins instead). A person who never started the bot or
        blocked it: what they are waiting for (alerts, receipts, status updates) is parked until
        they write to the bot again (the poller releases it); only bulk messages to them fail,
        and are counted."""
        now = to_db(self.clock.now())
        log.warning("chat %s answered 403; marking it unreachable", row.chat_id)
        policy = self.hooks.unreachable
        async with self.db.transaction() as tx:
            waiting = [row] + [r for r in await outbox.pending_for_chat(tx, row.chat_id) if r.id != row.id]
            if row.chat_id < 0:
                for item in waiting:
                    await outbox.mark_final(tx, item.id, "failed", "403")
                if policy is not None:
                    await policy.group_gone(tx, row.chat_id, waiting, now)
                return
            reason = unreachable_reason(exc)
            first = not await outbox.has_parked(tx, row.chat_id)
            for item in waiting:
                if item.priority == outbox.BULK:
                    await outbox.mark_final(tx, item.id, "failed", "403")
                else:
                    await outbox.park(tx, item.id, reason)
            if policy is not None:
                await policy.person_gone(tx, row, reason, first, now)
