"""A running sandbox for tests: the page's server on an ephemeral loopback port, its world in
tmp_path, the world's first start at a known Korea time, and a client that acts through the
page's own API as the page does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from sandbox import demo, page
from sandbox.app import Sandbox, SandboxSettings

# A Wednesday, 10:00 in Seoul: inside working hours, so nothing waits for quiet hours to end.
START = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
GROUP = demo.STAFF_GROUP
ADMIN, STAFF, VOLUNTEER, VOLUNTEER_EN, RESIDENT = (p.id for p in demo.PEOPLE)


class Client:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def get(self, path: str) -> Any:
        async with self.session.get(self.base + path) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, body: Any, status: int = 200) -> Any:
        async with self.session.post(self.base + path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def chat(self, chat_id: int) -> list[dict[str, Any]]:
        return list((await self.get(f"/api/chats/{chat_id}"))["messages"])

    async def until(
        self, chat_id: int, check: Callable[[list[dict[str, Any]]], bool], timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The chat once `check` holds of its messages (the bot answers in its own time)."""
        deadline = time.monotonic() + timeout
        while True:
            messages = await self.chat(chat_id)
            if check(messages):
                return messages
            assert time.monotonic() < deadline, f"chat {chat_id} never got there: {texts(messages)[-3:]}"
            await asyncio.sleep(0.05)

    async def say(self, user: int, text: str, chat: int | None = None) -> list[dict[str, Any]]:
        """Send a text and wait for the bot's next message in that chat."""
        chat_id = chat if chat is not None else user
        before = len(await self.chat(chat_id))
        await self.post(f"/api/chats/{chat_id}/text", {"from": user, "text": text})
        return await self.until(chat_id, lambda m: len(m) > before + 1 and m[-1]["from"] == "bot")

    async def press(self, user: int, label: str, chat: int | None = None) -> dict[str, Any]:
        """Press the newest button with this label; wait until the bot has answered it."""
        chat_id = chat if chat is not None else user
        messages = await self.chat(chat_id)
        for message in reversed(messages):
            for row in message["buttons"]:
                for button in row:
                    if label in button["text"]:
                        body = {"from": user, "message": message["id"], "data": button["callback_data"]}
                        return dict(await self.post(f"/api/chats/{chat_id}/press", body))
        raise AssertionError(f"no button {label!r} in chat {chat_id}")


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [str(m.get("html", "")) for m in messages]


@asynccontextmanager
async def running(tmp_path: Path, start: datetime = START) -> AsyncIterator[tuple[Sandbox, Client]]:
    settings = SandboxSettings(
        _env_file=None,  # type: ignore[call-arg]
        database_path=tmp_path / "sandbox.sqlite3", start=start, port=0,
    )  # fmt: skip
    sandbox = Sandbox(settings)
    await sandbox.start()
    runner = web.AppRunner(page.build(sandbox), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            yield sandbox, Client(session, f"http://127.0.0.1:{port}")
    finally:
        await runner.cleanup()
        await sandbox.stop()


async def settled(sandbox: Sandbox, timeout: float = 10.0) -> None:
    """Every update handled and every due message sent."""
    deadline = time.monotonic() + timeout
    runtime = sandbox.runtime
    assert runtime is not None
    db = runtime.deps.db
    while time.monotonic() < deadline:
        busy = await db.scalar(
            "SELECT (SELECT count(*) FROM inbox WHERE handled_at IS NULL) + "
            "(SELECT count(*) FROM outbox WHERE state = 'pending' AND not_before <= ?)",
            (runtime.deps.now(),),
        )
        if not busy and not sandbox.world.tg.updates:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the sandbox did not settle")


