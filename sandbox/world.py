"""The sandbox's world: its people, groups and chats, kept on disk so a restart loses nothing.

The Bot API server (`botapi.server.FakeTelegram`) holds what Telegram would hold: who exists,
who started the bot, every message and its edits. The bot's database refers to those messages
(an alert it will edit, a question whose buttons it takes away), so the world is saved beside
the database after every change and read back at the next start, with the ids going on from
where they stopped: the bot's inbox keeps every update id it has seen and would drop a repeat.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from botapi.records import Sent
from botapi.server import FakeTelegram
from core.clock import from_db, to_db
from sandbox.clock import SandboxClock

log = logging.getLogger(__name__)

TOKEN = "5550000001:SANDBOX-not-a-real-token-nothing-leaves"
BOT_USERNAME = "golmok_sandbox_bot"
SAVE_DELAY = 0.3  # seconds: changes that come together are written once
FIRST_PERSON_ID = 10001


class World:
    """The fake Telegram's state plus what the page needs: phone numbers, when each message came."""

    def __init__(self, path: Path, clock: SandboxClock) -> None:
        self.path = path
        self.clock = clock
        self.tg = FakeTelegram(TOKEN, username=BOT_USERNAME)
        self.tg.keep_user_messages = True
        self.tg.on_change = self._changed
        # Query ids never used before, whatever restarts and resets came earlier: the page
        # matches a button's answer to its press by this id (a thousand ids for each
        # millisecond since 1970, more than anyone can press).
        self.tg._callback_ids = itertools.count(int(time.time() * 1000) * 1000)
        self.phones: dict[int, str] = {}
        self.roles: dict[int, str] = {}  # a word for the chat list: admin, staff, volunteer...
        self.times: dict[tuple[int, int], str] = {}  # (chat, message) -> world time it came
        self.files: dict[str, bytes] = {}  # photos people sent, by file id
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self._save_task: asyncio.Task[None] | None = None
        self._file_ids = itertools.count(1)

    # --- changes ------------------------------------------------------------------------

    def _changed(self, kind: str, what: Sent | dict[str, Any]) -> None:
        if isinstance(what, Sent):
            key = (what.chat_id, what.message_id)
            self.times.setdefault(key, to_db(self.clock.now()))
            self.emit({"type": kind, "chat": what.chat_id, "message": what.message_id})
        else:
            self.emit({"type": kind, **what})

    def emit(self, event: dict[str, Any]) -> None:
        for listener in list(self.listeners):
            listener(event)
        self.save_soon()

    def save_soon(self) -> None:
        if self._save_task is None or self._save_task.done():
            self._save_task = asyncio.get_running_loop().create_task(self._save_later())

    async def _save_later(self) -> None:
        await asyncio.sleep(SAVE_DELAY)
        self.save()

    async def flush(self) -> None:
        """Write now what is waiting to be written (at a stop)."""
        if self._save_task is not None and not self._save_task.done():
            self._save_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._save_task
        self.save()

    # --- disk ---------------------------------------------------------------------------

    def save(self) -> None:
        tg = self.tg
        state = {
            "clock": to_db(self.clock.now()),
            "users": list(tg.users.values()),
            "chats": list(tg.chats.values()),
            "started": sorted(tg.started),
            "phones": {str(k): v for k, v in self.phones.items()},
            "roles": {str(k): v for k, v in self.roles.items()},
            "next_update": max((u["update_id"] for u in tg.history), default=0) + 1,
            "messages": [_sent_json(m, self.times.get(k)) for k, m in sorted(tg.messages.items())],
            "files": {k: base64.b64encode(v).decode() for k, v in self.files.items()},
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)  # a crash mid-write leaves the last whole world

    def load(self) -> bool:
        """Read the saved world back; False when there is none (a first start)."""
        if not self.path.exists():
            return False
        state = json.loads(self.path.read_text(encoding="utf-8"))
        tg = self.tg
        self.clock.set(from_db(state["clock"]))
        for user in state["users"]:
            tg.users[user["id"]] = user
        for chat in state["chats"]:
            tg.chats[chat["id"]] = chat
        tg.started.update(state["started"])
        self.phones = {int(k): v for k, v in state["phones"].items()}
        self.roles = {int(k): v for k, v in state["roles"].items()}
        tg._update_ids = itertools.count(state["next_update"])
        tg.history.append({"update_id": state["next_update"] - 1})  # keeps the count at a save
        highest: dict[int, int] = {}
        for raw in state["messages"]:
            sent, at = _sent_from_json(raw)
            tg.messages[(sent.chat_id, sent.message_id)] = sent
            if at:
                self.times[(sent.chat_id, sent.message_id)] = at
            highest[sent.chat_id] = max(highest.get(sent.chat_id, 0), sent.message_id)
        for chat_id, top in highest.items():
            tg._message_ids[chat_id] = itertools.count(top + 1)
        self.files = {k: base64.b64decode(v) for k, v in state["files"].items()}
        self._file_ids = itertools.count(len(self.files) + 1)
        return True

    # --- people and groups --------------------------------------------------------------

    def add_person(self, name: str, lang: str, phone: str | None = None, role: str = "") -> int:
        user_id = max((uid for uid in self.tg.users), default=FIRST_PERSON_ID - 1) + 1
        self.tg.add_user(user_id, name, lang)
        self.phones[user_id] = phone or f"010-5550-{user_id % 10000:04d}"
        if role:
            self.roles[user_id] = role
        self.emit({"type": "people"})
        return user_id

    def add_group(self, chat_id: int, title: str) -> None:
        self.tg.add_group(chat_id, title)
        self.emit({"type": "people"})

    def store_file(self, content: bytes) -> str:
        file_id = f"sandbox-photo-{next(self._file_ids)}"
        self.files[file_id] = content
        return file_id

    def photo_bytes(self, sent: Sent) -> bytes | None:
        """The picture a message shows: uploaded by the bot (a chart) or sent by a person."""
        if "content" in sent.extra:
            return bytes(sent.extra["content"])
        file_id = str(sent.extra.get("photo") or "")
        if sent.kind == "user":
            sizes = sent.extra.get("photo") or []
            file_id = sizes[-1]["file_id"] if sizes else ""
        return self.files.get(file_id.removesuffix("-small"))


def _sent_json(sent: Sent, at: str | None) -> dict[str, Any]:
    raw = asdict(sent)
    extra = dict(raw["extra"])
    if isinstance(extra.get("content"), bytes):
        extra["content"] = {"b64": base64.b64encode(extra["content"]).decode()}
    raw["extra"] = extra
    raw["at"] = at
    return raw


def _sent_from_json(raw: dict[str, Any]) -> tuple[Sent, str | None]:
    at = raw.pop("at", None)
    extra = raw["extra"]
    if isinstance(extra.get("content"), dict):
        extra["content"] = base64.b64decode(extra["content"]["b64"])
    return Sent(**raw), at


def first_start_time() -> datetime:
    """The demo world starts now, unless SANDBOX_START says when (tests want a known hour)."""
    return datetime.now(UTC)
