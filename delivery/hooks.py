"""What the features decide for the sender, handed to it by the composition root (app/).

The sender knows how to deliver a row: in order per chat, within Telegram's limits, retried,
parked or failed. What a failure means for the people around it (a centre's group that removed
the bot, a person who blocked it, a group that became a supergroup) and how a campaign's progress
message catches up are decisions of the features; they come here as these hooks, so that
delivery imports no feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage.db import Database, Tx
from storage.outbox import OutboxRow


class Batches(Protocol):
    """Rows sent as one batch with a progress message its author watches (a campaign)."""

    async def running(self, db: Database) -> list[int]:
        """Batches not finished yet (after a restart their progress message catches up)."""
        ...

    async def all_handled(self, tx: Tx, batch_id: int) -> bool:
        """No row of the batch is still waiting to be sent."""
        ...

    async def record_progress(self, tx: Tx, batch_id: int, now: str) -> tuple[int, bool]:
        """Record the progress message's edit; returns (recipients, finished)."""
        ...


class Unreachable(Protocol):
    """What a 403 or a migration means beyond the rows of that chat."""

    async def group_gone(self, tx: Tx, chat_id: int, failed: list[OutboxRow], now: str) -> None:
        """A group removed the bot; `failed` are its rows, all failed for good just now."""
        ...

    async def person_gone(self, tx: Tx, row: OutboxRow, reason: str, first: bool, now: str) -> None:
        """A person never started the bot or blocked it (`reason`); `first` when nothing was
        parked for them before (they were reachable until now). Their rows are parked."""
        ...

    async def chat_moved(self, tx: Tx, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup with a new id; its rows move with it."""
        ...


@dataclass(frozen=True)
class DeliveryHooks:
    batches: Batches | None = None
    unreachable: Unreachable | None = None
