"""The sandbox's clock: it runs at the speed of real time and can be moved forward on request,
so reminders, escalations, digests and quiet hours can be seen without waiting for them."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import Clock


class SandboxClock(Clock):
    def __init__(self, start: datetime) -> None:
        self._base = start.astimezone(UTC)
        self._since = time.monotonic()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._since)

    def set(self, moment: datetime) -> None:
        self._base = moment.astimezone(UTC)
        self._since = time.monotonic()

    def advance(self, delta: timedelta) -> None:
        self.set(self.now() + delta)

    def next_morning(self, zone: ZoneInfo, hour: int = 9) -> datetime:
        """The next 09:00 in the bot's time zone (the start of a working day): this morning's
        when it is earlier than that (at 03:00), else tomorrow's."""
        local = self.now().astimezone(zone)
        morning = datetime(local.year, local.month, local.day, hour, tzinfo=zone)
        return morning if morning > local else morning + timedelta(days=1)
