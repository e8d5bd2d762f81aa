"""The one sender: delivers outbox rows to Telegram within its limits.

- Many calls are in flight at once, one per chat: a campaign goes at Telegram's 30 a second
  even when each round trip takes 150 ms, and a slow or timed-out call holds up only its chat.
- Rows for one chat that may go now go out in the order they were recorded; a due row that
  could not go (rate limit, a retry after an error, an edit waiting for its original) holds
  back the later rows of its chat only, never other chats. A row held for later (not_before
  in the future: quiet hours, the digest) holds back nothing, so an alert, a receipt or a
  reminder never waits behind it; nor does an urgent row ever wait behind a bulk one.
- Limits (Telegram's FAQ): about 30 messages a second overall, 20 a minute to one group, about
  one a second to one private chat; counted once, in delivery/rate_limit.py, for outbox rows
  and direct replies together. A burst waits in the outbox instead of being refused.
- 429: the row waits the retry_after Telegram gave. Network errors and 5xx: exponential backoff.
- ChatMigrated: the centre's chat id is updated and the row is sent to the new chat.
- 403 from a group: it is marked unreachable; a staff alert goes to the admins instead.
- 403 from a person (never started the bot, or blocked it): they are marked unreachable, and
  what they are waiting for is parked (state 'parked', the reason in last_error) until they
  write to the bot again; bulk rows to them fail (a campaign counts them).
- A sent message's id is stored under the row's store_ref, so later edits find it.
- Rows of priority 0 (somebody is waiting on them) always go before bulk rows (campaigns,
  announcements, nudges): the sender looks at the outbox again for every free place, so no
  batch locks in an order; a bulk row also gives way to a direct reply waiting for its place.
  While a campaign goes out, its author's progress message is edited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from core.clock import Clock, from_db, to_db
from delivery import outcomes
from delivery.hooks import DeliveryHooks
from delivery.outcomes import RowOutcomes
from delivery.progress import PROGRESS_CHECK, BatchProgress
from delivery.rate_limit import RESERVED, SlidingWindowLimiter
from storage import outbox, rate_memory
from storage.db import Database
from storage.outbox import Keyboard, OutboxRow

log = logging.getLogger(__name__)

# Calls in flight at once, each to a different chat. At 150 ms a round trip, 30 messages a
# second need about 5; the rest is room for slow chats (a timed-out call holds only its chat).
MAX_IN_FLIGHT = 64
# Rows read per look at the outbox: the sender looks again whenever a place frees up, so this
# only has to cover one round of places, never a whole campaign.
CANDIDATES = 32
PRIVATE_INTERVAL = 1.0  # between outbox rows to one person
# How long a stop waits for calls in flight (each is bounded by the HTTP timeout anyway).
STOP_GRACE = 10.0


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in keyboard]
    )


class Sender:
    """Looks at the outbox whenever a place frees up (a call finished, the pace allows one more,
    a new row was recorded) and starts the first rows that may go, urgent first, one call at a
    time per chat and many chats at once."""

    def __init__(
        self, bot: ExtBot[Any], db: Database, clock: Clock, hooks: DeliveryHooks | None = None
    ) -> None:
        self.bot = bot
        self.db = db
        self.clock = clock
        self.hooks = hooks or DeliveryHooks()
        # The limiter every Bot API call passes (direct replies too): the sender takes its
        # places there, so outbox rows and direct replies share one count of Telegram's limits.
        shared = getattr(bot, "rate_limiter", None)
        self.limiter = shared if isinstance(shared, SlidingWindowLimiter) else SlidingWindowLimiter()
        self._reserved = shared is self.limiter  # calls pass the limiter without counting again
        self._wake = asyncio.Event()
        self._stopping = False
        self.idle = asyncio.Event()
        self._busy: dict[int, asyncio.Task[None]] = {}  # chat -> its call in flight
        self._held: dict[int, float] = {}  # chat -> until when (monotonic) its rows wait
        self._last_private: dict[int, float] = {}  # person -> when (monotonic) a row last went
        self._reserved_at: dict[int, float] = {}  # row -> when its place was taken
        self.progress = BatchProgress(self.hooks.batches, db, clock)
        self.outcomes = RowOutcomes(db, clock, self.hooks)

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        await self._remember_last_minute()
        await self.progress.resume()
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    pause = await self.dispatch()
                except Exception:  # keep delivering whatever one row did
                    log.exception("sender pass failed")
                    pause = 1.0
                if pause > 0:
                    if not self._busy:
                        self.idle.set()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=pause)
                self.idle.clear()
        finally:
            await self._finish_in_flight()

    async def dispatch(self) -> float:
        """Start every row that may go now, within the limits; returns how long to wait before
        looking again (a finished call or a new row wakes the sender sooner)."""
        await self.progress.tick()
        mono = time.monotonic()
        self._held = {chat: until for chat, until in self._held.items() if until > mono}
        now = self.clock.now()
        async with self.db.transaction() as tx:
            next_held = await outbox.next_held(tx, to_db(now))
            rows = await outbox.pending(tx, to_db(now), CANDIDATES, [*self._busy, *self._held])
        # Rows held for later (quiet hours, the digest) are not in `rows`; wake when one is due.
        sleep = 30.0 if next_held is None else min(30.0, (from_db(next_held) - now).total_seconds())
        if self.progress.active:
            sleep = min(sleep, PROGRESS_CHECK)
        if self._held:  # their rows are not in `rows`: look again when the first may go
            sleep = min(sleep, min(self._held.values()) - mono)
        # Rows come urgent first, so a bulk row never goes before an urgent one; chats with a
        # call in flight or waiting for their window are not in `rows`, so each chat keeps its
        # order and no chat's backlog keeps the others out.
        for row in rows:
            if self._stopping or len(self._busy) >= MAX_IN_FLIGHT:
                return max(0.005, sleep)
            chat = row.chat_id
            if chat in self._busy or chat in self._held:
                continue
            due_in = (from_db(row.not_before) - now).total_seconds()
            if due_in > 0:
                # Only a row waiting to retry is here: it keeps its place before the later
                # rows of its chat.
                self._held[chat] = mono + due_in
                sleep = min(sleep, due_in)
                continue
            overall = self.limiter.overall_wait(bulk=row.priority == outbox.BULK)
            if overall > 0:
                return max(0.002, min(sleep, overall))
            send = row.method not in outbox.CHANGES
            spacing = self._private_spacing(chat, mono) if send else 0.0
            wait = max(self.limiter.chat_wait(chat, send=send), spacing)
            if wait > 0:
                self._held[chat] = mono + wait
                sleep = min(sleep, wait)
                continue
            # A send takes its place now (the call leaves at once). An edit first asks the
            # database whether it is still needed, which may wait for the database: it takes its
            # place in the limiter when it goes, so that no place is counted before the call.
            if row.method != "edit":
                reserved_at = self.limiter.reserve(chat, send=send)
                if reserved_at is None:
                    continue
                self._reserved_at[row.id] = reserved_at
            if chat > 0 and send:
                self._last_private[chat] = mono
            self._busy[chat] = asyncio.create_task(self._run_one(row), name=f"send-{row.id}")
        if len(rows) == CANDIDATES:
            return 0.0  # every row read was started or set aside: read the next ones
        return max(0.005, sleep)

    def _private_spacing(self, chat: int, mono: float) -> float:
        """Messages from the outbox to one person go at most one a second (Telegram's advice for
        a chat; edits are not messages, and the limiter lets direct replies have a burst)."""
        last = self._last_private.get(chat)
        if last is None:
            return 0.0
        if len(self._last_private) > 10_000:  # forget chats that are long past their second
            self._last_private = {c: t for c, t in self._last_private.items() if mono - t < PRIVATE_INTERVAL}
        return max(0.0, last + PRIVATE_INTERVAL - mono)

    async def _run_one(self, row: OutboxRow) -> None:
        try:
            hold = await self.deliver(row)
        except Exception:
            log.exception("outbox row %s could not be handled", row.id)
            hold = 1.0
        self._reserved_at.pop(row.id, None)
        if hold:
            self._held[row.chat_id] = time.monotonic() + hold
        self._busy.pop(row.chat_id, None)
        if row.campaign_id is not None and not self._busy:
            self.progress.soon()
        self._wake.set()

    async def _finish_in_flight(self) -> None:
        tasks = list(self._busy.values())
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=STOP_GRACE)
            for task in late:
                task.cancel()

    async def _remember_last_minute(self) -> None:
        """Start with the windows the last run left: saved at a clean stop, else (a crash) what
        the outbox sent in the last minute. Either way a restart provokes no 429."""
        async with self.db.transaction() as tx:
            saved = await rate_memory.take(tx)
            recent = await outbox.sent_since(tx, time.time() - 61.0) if saved is None else []
        if saved is not None:
            self.limiter.seed(((chat, at, True) for chat, at in saved), chats_count_overall=False)
        else:
            self.limiter.seed(recent)

    async def save_windows(self) -> None:
        """At a clean stop (after every call has finished): the limiter's windows, for the next
        start."""
        async with self.db.transaction() as tx:
            await rate_memory.save(tx, self.limiter.snapshot())

    def _taken(self, row: OutboxRow, *, send: bool = True) -> int | None:
        """rate_limit_args for a call whose place the sender took already; the limiter counts
        the call from this moment, right before it goes."""
        reserved_at = self._reserved_at.pop(row.id, None)
        if reserved_at is not None:
            self.limiter.went(row.chat_id, reserved_at, send=send)
        return RESERVED if self._reserved else None

    async def deliver(self, row: OutboxRow) -> float | None:
        """Try one row. Returns how long later rows of the same chat must wait (None: not)."""
        if row.campaign_id is not None:
            self.progress.note(row.campaign_id)
        if row.method == "edit":
            return await self._deliver_edit(row)
        if row.method == "markup":
            return await self._deliver_markup(row)
        try:
            message = await self._send(row)
        except RetryAfter as exc:
            return await self.outcomes.retry(row, outcomes.retry_seconds(exc), "429")
        except ChatMigrated as exc:
            await self.outcomes.migrated(row, exc.new_chat_id)
            return None
        except Forbidden as exc:
            await self.outcomes.forbidden(row, exc)
            return None
        except BadRequest as exc:
            await self.outcomes.failed(row, f"400 {exc.message[:100]}")
            return None
        except (NetworkError, TelegramError) as exc:
            return await self.outcomes.retry(row, self.outcomes.backoff(row.attempts), type(exc).__name__)
        async with self.db.transaction() as tx:
            await outbox.mark_sent(tx, row.id, message.message_id, to_db(self.clock.now()), time.time())
            if row.store_ref:
                await outbox.save_ref(tx, row.store_ref, message.chat_id, message.message_id)
        return None

    async def _send(self, row: OutboxRow) -> Message:
        taken = self._taken(row)
        if row.method == "photo":
            return await self.bot.send_photo(
                row.chat_id, row.payload["photo"], caption=row.text, parse_mode=ParseMode.HTML,
                reply_markup=markup(row.keyboard), rate_limit_args=taken,
            )  # fmt: skip
        if row.method == "location":
            return await self.bot.send_location(
                row.chat_id,
                latitude=row.payload["latitude"],
                longitude=row.payload["longitude"],
                rate_limit_args=taken,
            )
        return await self.bot.send_message(
            row.chat_id, row.text or "", parse_mode=ParseMode.HTML, reply_markup=markup(row.keyboard),
            link_preview_options=None, rate_limit_args=taken,
        )  # fmt: skip

    async def _deliver_markup(self, row: OutboxRow) -> float | None:
        """Take the buttons off a message the person pressed (a report's preview)."""
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=row.chat_id, message_id=int(row.payload["message_id"]), reply_markup=None,
                rate_limit_args=self._taken(row, send=False),
            )  # fmt: skip
        except RetryAfter as exc:
            return await self.outcomes.retry(row, outcomes.retry_seconds(exc), "429")
        except BadRequest as exc:
            # Gone already (not modified, deleted): nothing is left to take off.
            log.info("outbox row %s: buttons not taken off: %s", row.id, exc.message[:100])
        except Forbidden:
            # The person blocked the bot: the buttons cannot be pressed from here on anyway.
            await self.outcomes.final(row, "403")
            return None
        except (NetworkError, TelegramError) as exc:
            return await self.outcomes.retry(row, self.outcomes.backoff(row.attempts), type(exc).__name__)
        await self.outcomes.mark_sent(row, None)
        return None

    async def _deliver_edit(self, row: OutboxRow) -> float | None:
        assert row.edit_ref is not None
        async with self.db.transaction() as tx:
            if await outbox.has_newer_edit(tx, row):
                # A later edit of the same message says everything this one would.
                await outbox.mark_final(tx, row.id, "superseded", "newer edit")
                return None
            target = await outbox.get_ref(tx, row.edit_ref)
            if target is None:
                now = to_db(self.clock.now())
                held_until = await outbox.original_held_until(tx, row.edit_ref, now)
                if held_until is not None:
                    # The original is held for later (quiet hours): so is its edit, and it
                    # holds nothing else back meanwhile.
                    await outbox.defer(tx, row.id, held_until)
                    return None
                parked = await outbox.original_parked(tx, row.edit_ref)
                if parked is not None:
                    # The original waits for its person to start the bot: the edit waits with
                    # it and goes right after it (same chat, later id).
                    await outbox.park(tx, row.id, parked)
                    return None
                if await outbox.original_pending(tx, row.edit_ref):
                    await outbox.defer(tx, row.id, to_db(self.clock.now() + timedelta(seconds=1)))
                    return 1.0
                await outbox.mark_final(tx, row.id, "skipped", "original never sent")
                return None
        chat_id, message_id = target
        try:
            await self.bot.edit_message_text(
                row.text or "", chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                reply_markup=markup(row.keyboard),
            )  # fmt: skip
        except RetryAfter as exc:
            return await self.outcomes.retry(row, outcomes.retry_seconds(exc), "429")
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                await self.outcomes.mark_sent(row, message_id)
                return None
            await self.outcomes.failed(row, f"400 {exc.message[:100]}")
            return None
        except Forbidden as exc:
            if chat_id > 0 and chat_id == row.chat_id:
                await self.outcomes.forbidden(row, exc)  # a person: kept until they come back
                return None
            await self.outcomes.final(row, "403")
            return None
        except (NetworkError, TelegramError) as exc:
            return await self.outcomes.retry(row, self.outcomes.backoff(row.attempts), type(exc).__name__)
        await self.outcomes.mark_sent(row, message_id)
        return None
