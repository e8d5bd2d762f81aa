"""Long polling with a durable inbox.

python-telegram-bot's Updater confirms updates (moves the getUpdates offset) as soon as they
sit in its in-memory queue, so a crash loses them. Here an update is committed to SQLite
before the next getUpdates call confirms it, and is marked handled only after its handlers
ran and the conversation state they changed was persisted. A crash at any moment therefore
leaves each update either unconfirmed (Telegram sends it again) or stored (handled after the
restart); the use cases are idempotent, so handling one twice changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from telegram import ChatMember, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.request import BaseRequest

from core.clock import Clock, to_db
from storage import inbox, outbox, users
from storage.db import Database
from storage.persistence import SqlitePersistence

log = logging.getLogger(__name__)
# Updates handled at the same time (each of a different person), and at most this many read from
# the inbox ahead of being handled (the rest stay stored until there is room).
MAX_HANDLING = 64
MAX_QUEUED = 2000


def _lane(update: Update | None) -> int:
    """Whose update it is: the person (python-telegram-bot's effective user, the same id that
    keys their conversations and drafts), else the chat, else 0 (an update that could not be
    read goes alone in lane 0, to be logged and skipped)."""
    if update is None:
        return 0
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else 0


def _wrote_in_private(update: Update) -> int | None:
    """The user who wrote to the bot in their private chat with it (so the bot may write to
    them now), or None. A message in a group proves nothing about the private chat, and a
    my_chat_member update in private may be the user blocking the bot."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE or chat.id != user.id:
        return None
    if update.my_chat_member is not None:
        status = update.my_chat_member.new_chat_member.status
        if status in (ChatMember.BANNED, ChatMember.LEFT):
            return None
    return user.id


class Poller:
    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        db: Database,
        clock: Clock,
        timeout: int,
        updates_request: BaseRequest,
        wake_sender: Callable[[], None] | None = None,
        update_types: Sequence[str] = Update.ALL_TYPES,
    ) -> None:
        self.app = app
        # Asked of getUpdates: the kinds the handlers answer (app/handlers.py), no others.
        self._allowed = json.dumps(list(update_types))
        self.wake_sender = wake_sender
        self.updates_request = updates_request
        self.db = db
        self.clock = clock
        self.timeout = timeout
        self._stop = asyncio.Event()
        self.idle = asyncio.Event()
        self._lanes: dict[int, deque[tuple[int, Update | None]]] = {}
        self._running: dict[int, asyncio.Task[None]] = {}
        self._queued = 0  # updates waiting in lanes
        # Updates queued on a lane or in hand. Not "every id up to the last one read": over a
        # webhook Telegram posts on many connections at once, so a lower id can be stored after
        # a higher one was read (and, with several instances, by another process).
        self._held: set[int] = set()
        self._capped = False  # the inbox held more than MAX_QUEUED when last read
        self._refill: asyncio.Future[None] | None = None
        self._slots = asyncio.Semaphore(MAX_HANDLING)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        try:
            await self._poll()
        finally:
            # The poller stops between updates, never inside one: each lane finishes the update
            # in hand; what is still queued stays stored and is handled after the restart.
            await self.drain()

    async def _poll(self) -> None:
        await self.handle_stored()
        async with self.db.transaction() as tx:
            last = await inbox.last_update_id(tx)
        offset = None if last is None else last + 1
        failures = 0
        while not self._stop.is_set():
            fetch = asyncio.ensure_future(self._get_updates(offset))
            stopper = asyncio.ensure_future(self._stop.wait())
            done, _ = await asyncio.wait({fetch, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if fetch not in done:
                # Stopping: whatever this call would return is unconfirmed and comes again.
                fetch.cancel()
                break
            try:
                raw = fetch.result()
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await self._sleep(float(exc._retry_after.total_seconds()))
                continue
            except (NetworkError, TelegramError) as exc:
                failures += 1
                log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                await self._sleep(min(30.0, 0.5 * 2**failures))
                continue
            failures = 0
            if raw:
                async with self.db.transaction() as tx:
                    await inbox.store(tx, [(u["update_id"], u) for u in raw], to_db(self.clock.now()))
                offset = raw[-1]["update_id"] + 1
            await self.handle_stored({u["update_id"]: u for u in raw})

    async def _get_updates(self, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates straight through the transport, so that each update is stored exactly as
        Telegram sent it (Bot.get_updates hands back objects that would have to be serialised
        again, which costs as much as parsing them). The parameters go in the query string, one
        of the four ways the Bot API takes them. Errors are PTB's: RetryAfter, NetworkError, ..."""
        params: dict[str, Any] = {"timeout": self.timeout, "allowed_updates": self._allowed}
        if offset is not None:
            params["offset"] = offset
        url = f"{self.app.bot.base_url}/getUpdates?{urlencode(params)}"
        result = await self.updates_request.post(url, read_timeout=self.timeout + 10)
        if not isinstance(result, list):
            raise TelegramError(f"getUpdates returned {type(result).__name__}, not a list")
        return result

    async def handle_stored(self, fetched: dict[int, dict[str, Any]] | None = None) -> None:
        """Queue every stored, unhandled update on its lane and start the lanes; returns at once
        (the lanes run on). `fetched`: updates just stored, still at hand as JSON objects (so
        their stored text need not be decoded again).

        A lane is one person (or, for an update without a person, one chat): a person's updates
        are handled one at a time in the order Telegram sent them, and different people's at
        the same time, so that one person's slow reply (a round trip to Telegram) never holds
        up another's confirm."""
        fetched = fetched or {}
        after = 0
        while not self._stop.is_set() and self._queued < MAX_QUEUED:
            async with self.db.transaction() as tx:
                ids = await inbox.unhandled(tx, after=after)
                if not ids:
                    break
                after = ids[-1]
                new = [update_id for update_id in ids if update_id not in self._held]
                new = new[: MAX_QUEUED - self._queued]
                stored = await inbox.payloads(
                    tx, [update_id for update_id in new if update_id not in fetched]
                )
            for update_id in new:
                self._held.add(update_id)
                update = self._read(update_id, fetched.get(update_id) or stored[update_id])
                lane = _lane(update)
                self._lanes.setdefault(lane, deque()).append((update_id, update))
                self._queued += 1
                if lane not in self._running:
                    self._running[lane] = asyncio.create_task(self._run_lane(lane), name=f"lane-{lane}")
        self._update_idle()

    async def _run_lane(self, lane: int) -> None:
        queue = self._lanes[lane]
        try:
            while queue and not self._stop.is_set():
                update_id, update = queue.popleft()
                self._queued -= 1
                async with self._slots:
                    await self._handle_one(update_id, update, lane)
                # Only once handled: an update whose handling failed stays held (and stored),
                # to be handled again after a restart, not retried in a loop now.
                self._held.discard(update_id)
        except Exception:
            # Never silently: the update stays unhandled in the inbox and is handled again after
            # a restart (use cases are idempotent).
            log.exception("lane %s stopped on an error", lane)
        finally:
            if not queue or self._stop.is_set():
                self._queued -= len(queue)
                self._held.difference_update(update_id for update_id, _ in queue)
                self._lanes.pop(lane, None)
            self._running.pop(lane, None)
            self._update_idle()
            if self._capped and self._queued < MAX_QUEUED // 2 and not self._stop.is_set():
                # The inbox held more than was queued: read on now that there is room.
                self._refill = asyncio.ensure_future(self.handle_stored())

    async def follow(self, due: asyncio.Event, every: float | None) -> None:
        """Webhook mode: handle stored updates as they come (and any left from before), woken by
        `due` (this process or, on PostgreSQL, another stored one) and at least every `every`
        seconds (None: only when woken), until stopped; then each lane finishes the update in
        hand."""
        try:
            while not self._stop.is_set():
                due.clear()
                await self.handle_stored()
                woken = asyncio.ensure_future(due.wait())
                stopped = asyncio.ensure_future(self._stop.wait())
                await asyncio.wait({woken, stopped}, timeout=every, return_when=asyncio.FIRST_COMPLETED)
                woken.cancel()
                stopped.cancel()
        finally:
            await self.drain()

    def _read(self, update_id: int, raw: dict[str, Any] | str) -> Update | None:
        try:
            return Update.de_json(raw if isinstance(raw, dict) else json.loads(raw), self.app.bot)
        except Exception:
            log.exception("update %s could not be read; it will be skipped", update_id)
            return None

    async def _handle_one(self, update_id: int, update: Update | None, lane: int) -> None:
        if update is None:
            # One update that cannot be read must not hold up every update after it.
            async with self.db.transaction() as tx:
                await inbox.mark_handled(tx, update_id, to_db(self.clock.now()))
            return
        await self.app.process_update(update)
        # The conversation state this update changed and the "handled" mark are committed
        # together: a crash before replays the update on the old state, never on the new. Only
        # this person's state goes with it (another person's update may be half way).
        await self.app.update_persistence()
        async with self.db.transaction() as tx:
            if isinstance(self.app.persistence, SqlitePersistence):
                await self.app.persistence.write_staged(tx, lane)
            await inbox.mark_handled(tx, update_id, to_db(self.clock.now()))
            if update.effective_user is not None:
                await inbox.touch_user(tx, update.effective_user.id, to_db(self.clock.now()))
            back = _wrote_in_private(update)
            released = 0
            if back is not None:
                # They can be written to again: what was parked for them goes now.
                await users.mark_reachable(tx, back)
                released = await outbox.release_parked(tx, back)
        if released and self.wake_sender is not None:
            self.wake_sender()

    def _update_idle(self) -> None:
        if self._queued >= MAX_QUEUED:
            self._capped = True
        elif not self._queued:
            self._capped = False
        if self._running:
            self.idle.clear()
        else:
            self.idle.set()

    async def drain(self) -> None:
        """Until every lane has finished what it holds (at a stop: the update in hand)."""
        while self._running:
            await asyncio.gather(*list(self._running.values()), return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
