"""Runs the real golmok Application against the fake Bot API, and lets tests act as people."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Bot
from telegram.request import BaseRequest

from app.runtime import Runtime
from botapi.records import Sent
from botapi.server import FakeTelegram
from core.clock import Clock, FrozenClock, to_db
from core.settings import Settings
from delivery.rate_limit import SlidingWindowLimiter
from storage import connect
from storage.db import Database
from storage.dialect import POSTGRES, SQLITE
from tests.postgres import fresh_database

BACKEND = os.environ.get("GOLMOK_TEST_BACKEND", SQLITE)
TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz"
ADMIN_ID = 900001
# A Sunday afternoon in Seoul (05:00 UTC = 14:00 KST).
START = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


@asynccontextmanager
async def fake_and_bot(request: BaseRequest | None = None) -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    """The fake Bot API with user 1, who started the bot, and a bare Bot talking to it."""
    tg = FakeTelegram(TOKEN)
    await tg.start()
    tg.add_user(1, "A")
    tg.started.add(1)
    try:
        async with Bot(TOKEN, base_url=tg.base_url, request=request) as bot:
            yield tg, bot
    finally:
        await tg.stop()


class Harness:
    def __init__(
        self,
        tmp_path: Path,
        *,
        admins: list[int] | None = None,
        clock: Clock | None = None,
        backend: str = BACKEND,
        **overrides: Any,
    ):
        self.tmp_path = tmp_path
        self.overrides = overrides
        self.tg = FakeTelegram(TOKEN)
        self.clock = clock if clock is not None else FrozenClock(START)
        self.admins = [ADMIN_ID] if admins is None else admins
        self.runtime: Runtime | None = None
        # GOLMOK_TEST_BACKEND=postgresql: the bot runs on a fresh PostgreSQL database (kept across
        # restarts, dropped at close) instead of the SQLite file.
        self.backend = backend  # a test of one backend (copy-db's SQLite source) names it
        self.pg_url: str | None = None
        self._pg = contextlib.AsyncExitStack()

    @property
    def db_path(self) -> Path:
        return self.tmp_path / "golmok.sqlite3"

    def settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=TOKEN,  # type: ignore[arg-type]
            database_path=self.db_path,
            telegram_api_base_url=self.tg.base_url,
            admin_user_ids=self.admins,
            polling_timeout=5,
            database_url=SecretStr(self.pg_url) if self.pg_url else None,
            **self.overrides,
        )

    async def start(self) -> None:
        if not self.tg.port:
            await self.tg.start()
        if self.backend == POSTGRES and self.pg_url is None:
            self.pg_url = await self._pg.enter_async_context(fresh_database())
        self.runtime = Runtime(self.settings(), self.clock)
        await self.runtime.start()
        limiter = self.runtime.app.bot.rate_limiter
        if isinstance(limiter, SlidingWindowLimiter) and self.tg.rate_limit is None:
            # The people here answer the instant a question arrives, faster than any person
            # could: their direct replies are not paced per person (Telegram's limits on, as in
            # tests/test_network.py, keep the real numbers).
            limiter.limits = replace(limiter.limits, private_burst=100_000)

    async def stop(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def close(self) -> None:
        await self.stop()
        await self.tg.stop()
        await self._pg.aclose()

    def offline_db(self) -> Database:
        """The bot's database, to open while the bot is stopped (a test writes what a crash would
        have left), on the backend this harness runs."""
        return connect.database(self.pg_url, self.db_path)

    @property
    def db(self) -> Any:
        assert self.runtime is not None
        return self.runtime.deps.db

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update is handled and everything due is sent."""
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            if self.tg.all_confirmed() and await self._outbox_quiet():
                quiet += 1
                if quiet >= 3:
                    return
            else:
                quiet = 0
            await asyncio.sleep(0.01)
        raise AssertionError("the bot did not settle: updates or outbox rows still pending")

    async def _outbox_quiet(self) -> bool:
        # Updates are confirmed once stored and handled in lanes after that: all handled too.
        unhandled = await self.db.scalar("SELECT count(*) FROM inbox WHERE handled_at IS NULL")
        if int(unhandled):
            return False
        due = await self.db.scalar(
            "SELECT count(*) FROM outbox WHERE state = 'pending' AND not_before <= ?",
            (to_db(self.clock.now()),),
        )
        return int(due) == 0

    def person(self, user_id: int, name: str, lang: str | None = "ko", username: str | None = None) -> Person:
        self.tg.add_user(user_id, name, lang, username)
        return Person(self, user_id, name)

    def group(self, chat_id: int, title: str) -> int:
        self.tg.add_group(chat_id, title)
        return chat_id

    def messages(self, chat_id: int) -> list[Sent]:
        return self.tg.chat(chat_id)

    def texts(self, chat_id: int) -> list[str]:
        return [m.text for m in self.messages(chat_id)]

    def last(self, chat_id: int) -> Sent:
        found = self.messages(chat_id)
        assert found, f"chat {chat_id} received nothing"
        return found[-1]

    def with_button(self, chat_id: int, label: str) -> Sent:
        for message in reversed(self.messages(chat_id)):
            if label in message.button_labels():
                return message
        raise AssertionError(f"no message in chat {chat_id} has a button {label!r}")

    async def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return list(await self.db.fetchall(sql, params))


@dataclass
class Person:
    h: Harness
    id: int
    name: str

    async def send(self, text: str, chat: int | None = None) -> None:
        await self.h.tg.text(self.id, text, chat)
        await self.h.settle()

    async def press(self, label: str, chat: int | None = None, message: Sent | None = None) -> dict[str, Any]:
        chat_id = chat if chat is not None else self.id
        target = message or self.h.with_button(chat_id, label)
        query_id = await self.h.tg.press(self.id, target, target.button_data(label))
        await self.h.settle()
        return self.h.tg.answers.get(query_id, {})

    async def press_data(self, data: str, message: Sent) -> dict[str, Any]:
        query_id = await self.h.tg.press(self.id, message, data)
        await self.h.settle()
        return self.h.tg.answers.get(query_id, {})

    async def share_contact(self, phone: str, owner: int | None = None) -> None:
        await self.h.tg.contact(self.id, phone, owner)
        await self.h.settle()

    async def share_location(self, latitude: float, longitude: float) -> None:
        await self.h.tg.location(self.id, latitude, longitude)
        await self.h.settle()

    async def send_photo(self, file_id: str) -> None:
        await self.h.tg.photo(self.id, file_id)
        await self.h.settle()

    async def send_sticker(self) -> None:
        await self.h.tg.sticker(self.id)
        await self.h.settle()

    def last(self) -> Sent:
        return self.h.last(self.id)

    def texts(self) -> list[str]:
        return self.h.texts(self.id)
