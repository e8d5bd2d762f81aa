"""Telegram's limits for every Bot API call, as sliding windows.

Telegram allows a bot about 30 messages a second and 20 a minute to one group. PTB's own
AIORateLimiter enforces the same numbers with a leaky bucket (aiolimiter): once the first burst
is used up, it lets one call through every 1/30 s, so a busy bot wakes up 30 times a second to
make one call each time. On a small virtual machine each such wake-up costs more CPU than the
call itself (bench/throughput.py measured golmok at 4.4 ms per update with it, 2.9 ms with
this at the same 30 calls a second). A sliding window keeps the same promise, no more than 30
calls in any one second, but lets calls go as soon as the oldest in the window has aged out, so
they go in bursts and the bot wakes about once a second.

Calls without a chat (answering a button press, getUpdates) are not limited, as in PTB. A 429
that still happens is not retried here: it reaches the caller (the outbox sender waits as
Telegram says; a direct reply fails like any other failed call).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

JSONDict = dict[str, Any]


class Window:
    """At most `limit` calls in any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._sent: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more call fits (0: now)."""
        while self._sent and now - self._sent[0] >= self.period:
            self._sent.popleft()
        return 0.0 if len(self._sent) < self.limit else self._sent[0] + self.period - now

    def record(self, now: float) -> None:
        self._sent.append(now)

    def idle(self, now: float) -> bool:
        self.wait(now)  # drops what has aged out
        return not self._sent


class SlidingWindowLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        overall: tuple[int, float] = (30, 1.0),
        per_group: tuple[int, float] = (20, 60.0),
    ) -> None:
        self._overall = Window(*overall)
        self._per_group = per_group
        self._groups: dict[int | str, Window] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if chat_id is not None:
            await self._take(self._windows(chat_id))
        return await callback(*args, **kwargs)

    def wait_for(self, chat_id: int) -> float:
        """Seconds until a call to this chat would pass without waiting (0: now). The outbox
        sender asks before it sends, so a chat whose window direct calls used up is passed over
        for now instead of holding every other chat's rows while the call waits here."""
        now = asyncio.get_running_loop().time()
        return max(window.wait(now) for window in self._windows(chat_id))

    def _windows(self, chat_id: object) -> list[Window]:
        group = _group_key(chat_id)
        if group is None:
            return [self._overall]
        window = self._groups.get(group)
        if window is None:
            self._forget_idle_groups()
            window = self._groups[group] = Window(*self._per_group)
        return [self._overall, window]

    @staticmethod
    async def _take(windows: list[Window]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            delay = max(window.wait(now) for window in windows)
            if delay <= 0:
                # No await between the check and the record: no other call can slip in between.
                for window in windows:
                    window.record(now)
                return
            await asyncio.sleep(delay)

    def _forget_idle_groups(self) -> None:
        if len(self._groups) >= 1000:
            now = asyncio.get_running_loop().time()
            for key in [key for key, window in self._groups.items() if window.idle(now)]:
                del self._groups[key]


def _group_key(chat_id: object) -> int | str | None:
    """Groups and channels have negative ids (or an @username); private chats positive ones."""
    if isinstance(chat_id, str):
        try:
            chat_id = int(chat_id)
        except ValueError:
            return chat_id
    if isinstance(chat_id, int) and chat_id < 0:
        return chat_id
    return None
