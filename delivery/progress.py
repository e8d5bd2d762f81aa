"""Keeps the progress messages of running batches (a campaign's author watching it count up) up
to date while the sender delivers them, throttled so that the edits take few of the places in
Telegram's 30 a second that the batch itself needs. What a batch is, the features say
(delivery/hooks.py)."""

from __future__ import annotations

import time

from core.clock import Clock, to_db
from delivery.hooks import Batches
from storage.db import Database

# A progress message is edited at most every 2 seconds, or for a large batch every
# (recipients / 2,000) seconds (5 s for 10,000), and once more when it is done.
PROGRESS_INTERVAL = 2.0
PROGRESS_RECIPIENTS_PER_SECOND = 2000
PROGRESS_CHECK = 0.25  # how often running batches are looked at


class BatchProgress:
    def __init__(self, batches: Batches | None, db: Database, clock: Clock) -> None:
        self.batches = batches
        self.db = db
        self.clock = clock
        self._running: set[int] = set()  # batches whose progress message may be behind
        self._edited: dict[int, tuple[float, float]] = {}  # batch -> (last edit, interval)
        self._checked = 0.0

    @property
    def active(self) -> bool:
        return self.batches is not None and bool(self._running)

    async def resume(self) -> None:
        """Batches a restart interrupted: their progress message catches up from here."""
        if self.batches is not None:
            self._running.update(await self.batches.running(self.db))

    def note(self, batch_id: int) -> None:
        self._running.add(batch_id)

    def soon(self) -> None:
        """Look at the next pass: a batch's last row may just have gone (its figure at once)."""
        self._checked = 0.0

    async def tick(self) -> None:
        """Bring the progress messages of running batches up to date (throttled)."""
        tick = time.monotonic()
        batches = self.batches
        if batches is None or not self._running or tick - self._checked < PROGRESS_CHECK:
            return
        self._checked = tick
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            for batch_id in sorted(self._running):
                last, interval = self._edited.get(batch_id, (0.0, PROGRESS_INTERVAL))
                recent = tick - last < interval
                if recent and not await batches.all_handled(tx, batch_id):
                    continue
                total, done = await batches.record_progress(tx, batch_id, now)
                interval = max(PROGRESS_INTERVAL, total / PROGRESS_RECIPIENTS_PER_SECOND)
                self._edited[batch_id] = (tick, interval)
                if done:
                    self._running.discard(batch_id)
                    self._edited.pop(batch_id, None)
