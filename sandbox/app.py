"""Starts and stops the sandbox: its world, the real bot against it, and the page.

Settings come from `SANDBOX_*` variables (or `.env`): the address (127.0.0.1:8080), the database
file (data/sandbox.sqlite3, with its world beside it as `.world.json`) and, for tests, the world
time of a first start. The bot's own settings are the defaults with the demo admin; the bot's
Telegram is the local Bot API server on a loopback port, so nothing reaches Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.runtime import Runtime
from core.areas import AreaDirectory
from core.deps import Deps
from core.settings import Settings
from sandbox import demo
from sandbox.clock import SandboxClock
from sandbox.world import TOKEN, World
from storage.db import Database

log = logging.getLogger(__name__)


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANDBOX_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port
    database_path: Path = Path("data/sandbox.sqlite3")
    # World time at a first start (or a reset); now when unset.
    start: datetime | None = None


class _BotDatabase(BaseSettings):
    """Only where the real bot keeps its database (DATABASE_PATH), to stay away from it."""

    model_config = Settings.model_config
    database_path: Path = Settings.model_fields["database_path"].default


class SandboxRefused(Exception):
    """A setting the sandbox will not start with; the message is the one line to print."""


class Sandbox:
    def __init__(self, settings: SandboxSettings) -> None:
        self.settings = settings
        self.clock = SandboxClock(self._first_time())
        self.world = World(self.world_path, self.clock)
        self.runtime: Runtime | None = None
        self._lock = asyncio.Lock()  # a reset and a clock move never overlap

    @property
    def world_path(self) -> Path:
        path = self.settings.database_path
        return path.with_name(path.name + ".world.json")

    def _first_time(self) -> datetime:
        start = self.settings.start or datetime.now(UTC)
        return start if start.tzinfo else start.replace(tzinfo=UTC)

    def bot_settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=TOKEN,  # type: ignore[arg-type]
            database_path=self.settings.database_path,
            telegram_api_base_url=self.world.tg.base_url,
            admin_user_ids=[demo.ADMIN],
            webhook_url=None,
            polling_timeout=10,
        )

    def check_database(self, bot_database: Path | None = None) -> None:
        """Refuse a database the sandbox did not make: its reset deletes the file, and the demo
        world would be written into a real bot's data."""
        path = self.settings.database_path
        real = bot_database if bot_database is not None else _BotDatabase().database_path
        if path.resolve() == real.resolve():
            raise SandboxRefused(
                f"golmok sandbox: SANDBOX_DATABASE_PATH ({path}) is the bot's DATABASE_PATH; "
                "the sandbox keeps its own file (default data/sandbox.sqlite3)."
            )
        if path.exists() and not self.world_path.exists():
            raise SandboxRefused(
                f"golmok sandbox: {path} is not a sandbox database (no {self.world_path.name} beside "
                "it) and a reset would delete it; set SANDBOX_DATABASE_PATH to a new file."
            )

    async def start(self) -> None:
        self.check_database()
        self.settings.database_path.parent.mkdir(parents=True, exist_ok=True)
        first = not self.world.load()
        if first:
            demo.add_people(self.world)
        await self.world.tg.start()
        settings = self.bot_settings()
        assert settings.api_base_url.startswith("http://127.0.0.1:")  # never Telegram itself
        if first:
            await self._seed(settings)
        self.runtime = Runtime(settings, self.clock)
        await self.runtime.start()
        self.world.save()

    async def _seed(self, settings: Settings) -> None:
        """The demo world in the bot's database, before the bot starts: the bot then starts as
        it would on a server that has run for a while (menus, digests, messages to send)."""
        db = Database(settings.database_path)
        await db.open()
        try:
            await demo.seed(Deps(settings, db, self.clock, AreaDirectory.load()))
        finally:
            await db.close()

    async def stop(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None
        await self.world.flush()
        await self.world.tg.stop()

    async def move_clock(self, step: str) -> datetime:
        """+1 hour, +1 day or the next 09:00; then the bot looks at what has come due."""
        async with self._lock:
            if step == "hour":
                self.clock.advance(timedelta(hours=1))
            elif step == "day":
                self.clock.advance(timedelta(days=1))
            elif step == "morning":
                self.clock.set(self.clock.next_morning(self.bot_settings().zone))
            else:
                raise ValueError(step)
            if self.runtime is not None:
                self.runtime.wake()
            self.world.emit({"type": "clock"})
            return self.clock.now()

    async def reset(self) -> None:
        """The demo world again, from nothing: a new database and new chats."""
        async with self._lock:
            listeners = self.world.listeners
            await self.stop()
            db = self.settings.database_path
            for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), self.world_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            self.clock = SandboxClock(self._first_time())
            self.world = World(self.world_path, self.clock)
            self.world.listeners = listeners
            await self.start()
            self.world.emit({"type": "reset"})
