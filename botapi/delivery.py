"""Telegram's side of a webhook, with a load balancer in front of several bot instances.

Telegram posts each update to the webhook URL with the secret token setWebhook gave, and keeps
posting it until the answer is a 200; here a load balancer picks the instance, the next one in
turn, and an instance that is down (connection refused) or answers anything else only sends the
update on to the next. Updates go one at a time in the order they were pushed, as Telegram does
with max_connections 1, so a test can tell which instance stored which update.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import aiohttp

from botapi.base import BotApiBase

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    def __init__(self, tg: BotApiBase, targets: list[str], retry: float = 0.05, timeout: float = 5.0) -> None:
        self.tg = tg
        self.targets = targets
        self.retry = retry  # seconds before the next try after a refusal or no answer
        self.timeout = timeout  # seconds an instance may take to answer
        # (monotonic time, target index, update id) of each update an instance stored (its 200).
        self.delivered: list[tuple[float, int, int]] = []
        self.failures = 0  # posts that met no instance, or an answer other than 200
        self._next = 0
        self._task: asyncio.Task[None] | None = None
        self.busy = False  # posting an update now

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook delivery")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def idle(self) -> bool:
        """Every pushed update has been stored by an instance."""
        return not self.tg.updates and not self.busy

    async def _run(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as http:
            while True:
                update = await self._first()
                self.busy = True
                while not await self._post(http, update):
                    self.failures += 1
                    await asyncio.sleep(self.retry)
                self.tg.updates.remove(update)
                self.busy = False

    async def _first(self) -> dict[str, Any]:
        condition = self.tg._new_update
        async with condition:
            while not self.tg.updates or self.tg.webhook is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(condition.wait(), 0.5)
            return self.tg.updates[0]

    async def _post(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        index = self._next
        self._next = (self._next + 1) % len(self.targets)
        secret = (self.tg.webhook or {}).get("secret_token") or ""
        try:
            async with http.post(self.targets[index], json=update, headers={SECRET_HEADER: secret}) as answer:
                if answer.status != 200:
                    return False
        except (aiohttp.ClientError, TimeoutError, OSError):
            return False
        self.delivered.append((time.monotonic(), index, int(update["update_id"])))
        return True
