"""The one sender: delivers outbox rows to Telegram within its limits.

- Rows for one chat that may go now go out in the order they were recorded; a due row that
  could not go (rate limit, a retry after an error, an edit waiting for its original) holds
  back the later rows of its chat only, never other chats. A row held for later (not_before
  in the future: quiet hours, the digest) holds back nothing, so an alert, a receipt or a
  reminder never waits behind it; nor does an urgent row ever wait behind a bulk one.
- Limits (Telegram's FAQ): about 30 messages a second overall (the sender uses 25), 20 a
  minute to one group, one a second to one private chat. A burst waits in the outbox instead
  of being refused.
- 429: the row waits the retry_after Telegram gave. Network errors and 5xx: exponential backoff.
- ChatMigrated: the centre's chat id is updated and the row is sent to the new chat.
- 403 from a group: it is marked unreachable; a staff alert goes to the admins instead.
- 403 from a person (never started the bot, or blocked it): they are marked unreachable, and
  what they are waiting for is parked (state 'parked', the reason in last_error) until they
  write to the bot again; bulk rows to them fail (a campaign counts them).
- A sent message's id is stored under the row's store_ref, so later edits find it.
- Rows of priority 0 (somebody is waiting on them) always go before bulk rows (campaigns,
  announcements, nudges); while a campaign goes out, its author's progress message is edited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from core.areas import AreaDirectory
from core.clock import Clock, from_db, to_db
from core.settings import Settings
from delivery.rate_limit import SlidingWindowLimiter, Window
from messages import t
from services import campaigns, render
from storage import centres, outbox, users
from storage.db import Database, Tx
from storage.outbox import Keyboard, OutboxRow
from storage.recipients import chat_language

log = logging.getLogger(__name__)

# Telegram allows about 30 a second overall; the sender keeps 2 of them free for direct replies
# (paced, like every call, by delivery/rate_limit.py) and for network jitter. A 429 that gets
# through anyway is honoured (retry_after), so the margin costs speed, never messages.
GLOBAL_PER_SECOND = 28
GROUP_PER_MINUTE = 20
PRIVATE_INTERVAL = 1.0
MAX_BACKOFF = 300.0
BATCH = 500
# A campaign's progress message is edited at most every 2 seconds, or for a large campaign every
# (recipients / 2,000) seconds (5 s for 10,000), and once more when it is done: each edit takes a
# place in the 28 a second that would otherwise go to the campaign itself.
PROGRESS_INTERVAL = 2.0
PROGRESS_RECIPIENTS_PER_SECOND = 2000


def retry_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for. (Read from the stored timedelta: the public attribute's
    type is changing in python-telegram-bot and warns about it.)"""
    return float(exc._retry_after.total_seconds())


def _unreachable_reason(exc: Forbidden) -> str:
    """Why a person cannot be written to, for the operator (stored as the row's last_error)."""
    if "blocked" in exc.message.lower():
        return "recipient blocked the bot"
    if "initiate" in exc.message.lower():
        return "recipient has not started the bot"
    return "recipient unreachable (403)"


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in keyboard]
    )


class RateLimits:
    """The sender's own sliding windows over real (monotonic) time, stricter than those every
    call passes (delivery.rate_limit): 28 a second overall, and one a second to a private chat."""

    def __init__(self) -> None:
        self._global = Window(GLOBAL_PER_SECOND, 1.0)
        self._chats: dict[int, Window] = {}

    def wait_for(self, chat_id: int) -> float:
        """Seconds until a message to this chat is allowed (0 = now)."""
        now = time.monotonic()
        window = self._chats.get(chat_id)
        return max(self._global.wait(now), window.wait(now) if window is not None else 0.0)

    def record(self, chat_id: int) -> None:
        now = time.monotonic()
        self._global.record(now)
        window = self._chats.get(chat_id)
        if window is None:
            limit = (GROUP_PER_MINUTE, 60.0) if chat_id < 0 else (1, PRIVATE_INTERVAL)
            window = self._chats[chat_id] = Window(*limit)
        window.record(now)


class Sender:
    def __init__(
        self, bot: Bot, db: Database, clock: Clock, settings: Settings, areas: AreaDirectory
    ) -> None:
        self.bot = bot
        self.db = db
        self.clock = clock
        self.settings = settings
        self.areas = areas
        self.limits = RateLimits()
        # The limiter every Bot API call passes (direct replies too): its windows are asked as
        # well, so a call never waits inside it while other chats' rows could go.
        shared = getattr(bot, "rate_limiter", None)
        self.shared = shared if isinstance(shared, SlidingWindowLimiter) else None
        self._wake = asyncio.Event()
        self._stopping = False
        self.idle = asyncio.Event()
        self._campaigns: set[int] = set()  # campaigns whose progress message may be behind
        self._progress_at: dict[int, tuple[float, float]] = {}  # campaign -> (last edit, interval)

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        # Campaigns a restart interrupted: their progress message catches up from here.
        rows = await self.db.fetchall("SELECT id FROM campaigns WHERE finished_at IS NULL")
        self._campaigns.update(int(row["id"]) for row in rows)
        while not self._stopping:
            self._wake.clear()
            try:
                pause = await self.pass_once()
            except Exception:  # keep delivering whatever one row did
                log.exception("sender pass failed")
                pause = 1.0
            if pause > 0:
                self.idle.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=pause)
            self.idle.clear()

    async def pass_once(self) -> float:
        """Send what is due now; returns how long to sleep before the next pass."""
        await self._campaign_progress()
        now = self.clock.now()
        async with self.db.transaction() as tx:
            rows = await outbox.pending(tx, to_db(now), BATCH)
            next_held = await outbox.next_held(tx, to_db(now))
        # Rows held for later (quiet hours, the digest) are not in `rows`; wake when one is due.
        sleep = 30.0 if next_held is None else min(30.0, (from_db(next_held) - now).total_seconds())
        if not rows:
            return max(0.01, sleep)
        # Chats whose next row may go now but could not (rate limit, retry after an error, an
        # edit waiting for its original): their later rows wait, so each chat keeps its order
        # among rows that may go now. A row merely held for later holds nothing back: receipts,
        # alerts and reminders never wait behind a status update held until the morning. Rows
        # come urgent first, so a bulk row never holds back an urgent one either.
        held: set[int] = set()
        sent_any = False
        for row in rows:
            if self._stopping:
                return 0.0
            if row.chat_id in held:
                continue
            due_in = (from_db(row.not_before) - now).total_seconds()
            if due_in > 0:
                if outbox.waiting_to_retry(row, to_db(now)):
                    held.add(row.chat_id)
                sleep = min(sleep, due_in)
                continue
            wait = self.limits.wait_for(row.chat_id)
            if self.shared is not None:
                wait = max(wait, self.shared.wait_for(row.chat_id))
            if wait > 0:
                held.add(row.chat_id)
                sleep = min(sleep, wait)
                continue
            outcome_holds = await self.deliver(row)
            sent_any = True
            if outcome_holds:
                held.add(row.chat_id)
            now = self.clock.now()
        if len(rows) == BATCH or sent_any:
            return 0.0 if sent_any else min(sleep, 0.05)
        return max(0.01, sleep)

    async def deliver(self, row: OutboxRow) -> bool:
        """Try one row. Returns True when later rows of the same chat must wait."""
        if row.campaign_id is not None:
            self._campaigns.add(row.campaign_id)
        if row.method == "edit":
            return await self._deliver_edit(row)
        self.limits.record(row.chat_id)
        try:
            message = await self._send(row)
        except RetryAfter as exc:
            await self._retry(row, retry_seconds(exc), "429")
            return True
        except ChatMigrated as exc:
            await self._migrated(row, exc.new_chat_id)
            return True
        except Forbidden as exc:
            await self._forbidden(row, exc)
            return False
        except BadRequest as exc:
            await self._failed(row, f"400 {exc.message[:100]}")
            return False
        except (NetworkError, TelegramError) as exc:
            await self._retry(row, self._backoff(row.attempts), type(exc).__name__)
            return True
        async with self.db.transaction() as tx:
            await outbox.mark_sent(tx, row.id, message.message_id, to_db(self.clock.now()))
            if row.store_ref:
                await outbox.save_ref(tx, row.store_ref, message.chat_id, message.message_id)
        return False

    async def _send(self, row: OutboxRow) -> Message:
        if row.method == "photo":
            return await self.bot.send_photo(
                row.chat_id, row.payload["photo"], caption=row.text, parse_mode=ParseMode.HTML,
                reply_markup=markup(row.keyboard),
            )  # fmt: skip
        if row.method == "location":
            return await self.bot.send_location(
                row.chat_id, latitude=row.payload["latitude"], longitude=row.payload["longitude"]
            )
        return await self.bot.send_message(
            row.chat_id, row.text or "", parse_mode=ParseMode.HTML, reply_markup=markup(row.keyboard),
            link_preview_options=None,
        )  # fmt: skip

    async def _deliver_edit(self, row: OutboxRow) -> bool:
        assert row.edit_ref is not None
        async with self.db.transaction() as tx:
            if await outbox.has_newer_edit(tx, row):
                # A later edit of the same message says everything this one would.
                await outbox.mark_final(tx, row.id, "superseded", "newer edit")
                return False
            target = await outbox.get_ref(tx, row.edit_ref)
            if target is None:
                now = to_db(self.clock.now())
                held_until = await outbox.original_held_until(tx, row.edit_ref, now)
                if held_until is not None:
                    # The original is held for later (quiet hours): so is its edit, and it
                    # holds nothing else back meanwhile.
                    await outbox.defer(tx, row.id, held_until)
                    return False
                parked = await outbox.original_parked(tx, row.edit_ref)
                if parked is not None:
                    # The original waits for its person to start the bot: the edit waits with
                    # it and goes right after it (same chat, later id).
                    await outbox.park(tx, row.id, parked)
                    return False
                if await outbox.original_pending(tx, row.edit_ref):
                    await outbox.defer(tx, row.id, to_db(self.clock.now() + timedelta(seconds=1)))
                    return True
                await outbox.mark_final(tx, row.id, "skipped", "original never sent")
                return False
        chat_id, message_id = target
        self.limits.record(chat_id)
        try:
            await self.bot.edit_message_text(
                row.text or "", chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                reply_markup=markup(row.keyboard),
            )  # fmt: skip
        except RetryAfter as exc:
            await self._retry(row, retry_seconds(exc), "429")
            return True
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                async with self.db.transaction() as tx:
                    await outbox.mark_sent(tx, row.id, message_id, to_db(self.clock.now()))
                return False
            await self._failed(row, f"400 {exc.message[:100]}")
            return False
        except Forbidden as exc:
            if chat_id > 0 and chat_id == row.chat_id:
                await self._forbidden(row, exc)  # a person: kept until they come back
                return False
            async with self.db.transaction() as tx:
                await outbox.mark_final(tx, row.id, "failed", "403")
            return False
        except (NetworkError, TelegramError) as exc:
            await self._retry(row, self._backoff(row.attempts), type(exc).__name__)
            return True
        async with self.db.transaction() as tx:
            await outbox.mark_sent(tx, row.id, message_id, to_db(self.clock.now()))
        return False

    async def _campaign_progress(self) -> None:
        """Bring the progress messages of running campaigns up to date (throttled)."""
        if not self._campaigns:
            return
        now = to_db(self.clock.now())
        tick = time.monotonic()
        async with self.db.transaction() as tx:
            for campaign_id in sorted(self._campaigns):
                last, interval = self._progress_at.get(campaign_id, (0.0, PROGRESS_INTERVAL))
                recent = tick - last < interval
                if recent and not await campaigns.all_handled(tx, campaign_id):
                    continue
                progress = await campaigns.record_progress(
                    tx, self.settings.default_language, campaign_id, now
                )
                interval = max(PROGRESS_INTERVAL, progress.total / PROGRESS_RECIPIENTS_PER_SECOND)
                self._progress_at[campaign_id] = (tick, interval)
                if progress.done:
                    self._campaigns.discard(campaign_id)
                    self._progress_at.pop(campaign_id, None)

    def _backoff(self, attempts: int) -> float:
        base: float = min(MAX_BACKOFF, 0.5 * (2.0**attempts))
        return base * random.uniform(0.8, 1.2)

    async def _retry(self, row: OutboxRow, seconds: float, error: str) -> None:
        log.warning("outbox row %s to %s: %s, retrying in %.1fs", row.id, row.chat_id, error, seconds)
        when = to_db(self.clock.now() + timedelta(seconds=seconds))
        async with self.db.transaction() as tx:
            await outbox.retry_later(tx, row.id, when, error)

    async def _failed(self, row: OutboxRow, error: str) -> None:
        log.error("outbox row %s to %s failed for good: %s", row.id, row.chat_id, error)
        async with self.db.transaction() as tx:
            await outbox.mark_final(tx, row.id, "failed", error)

    async def _migrated(self, row: OutboxRow, new_chat_id: int) -> None:
        log.warning("chat %s migrated to %s", row.chat_id, new_chat_id)
        async with self.db.transaction() as tx:
            await centres.migrate_chat(tx, row.chat_id, new_chat_id)
            await outbox.move_chat(tx, row.chat_id, new_chat_id)

    async def _forbidden(self, row: OutboxRow, exc: Forbidden) -> None:
        """403. A group that removed the bot: stop sending there, and never drop a staff alert
        (it goes to the admins). A person who never started the bot or blocked it: what they
        are waiting for (alerts, receipts, status updates) is parked until they write to the
        bot again (the poller releases it); only bulk messages to them fail, and are counted."""
        now = to_db(self.clock.now())
        log.warning("chat %s answered 403; marking it unreachable", row.chat_id)
        async with self.db.transaction() as tx:
            waiting = [row] + [r for r in await outbox.pending_for_chat(tx, row.chat_id) if r.id != row.id]
            notices: list[tuple[str, dict[str, object]]] = []
            if row.chat_id < 0:
                areas = await centres.mark_unreachable(tx, row.chat_id, now)
                for item in waiting:
                    await outbox.mark_final(tx, item.id, "failed", "403")
                    if item.fallback == "admins" and item.method != "edit":
                        await self._reroute_to_admins(tx, item, areas, now)
                notices = [
                    ("admin.chat_unreachable", {"area": render.area_name(self.areas, code)}) for code in areas
                ]
            else:
                await users.mark_unreachable(tx, row.chat_id, now)
                reason = _unreachable_reason(exc)
                first = not await outbox.has_parked(tx, row.chat_id)
                for item in waiting:
                    if item.priority == outbox.BULK:
                        await outbox.mark_final(tx, item.id, "failed", "403")
                    else:
                        await outbox.park(tx, item.id, reason)
                # A person the bot cannot reach is worth telling the admins about: once while
                # they are away (not again for every row parked for them), and not for a
                # campaign or an announcement: those count the undelivered in their own summary.
                if first and row.priority != outbox.BULK:
                    name = (await users.names(tx, {row.chat_id})).get(row.chat_id, str(row.chat_id))
                    key = "admin.user_not_started" if "started" in reason else "admin.user_unreachable"
                    notices.append((key, {"name": name, "user_id": row.chat_id}))
            for key, values in notices:
                # An admin who blocked the bot is not told about themselves.
                for admin_id in (a for a in self.settings.admin_user_ids if a != row.chat_id):
                    lang = await chat_language(tx, admin_id, self.settings.default_language)
                    await outbox.enqueue(
                        tx, admin_id, now, text=t(lang, key, **values),
                        dedup_key=f"unreachable:{row.chat_id}:{key}:{now}:{admin_id}",
                    )  # fmt: skip

    async def _reroute_to_admins(self, tx: Tx, item: OutboxRow, areas: list[str], now: str) -> None:
        area = render.area_name(self.areas, areas[0]) if areas else ""
        for admin_id in self.settings.admin_user_ids:
            lang = await chat_language(tx, admin_id, self.settings.default_language)
            store_ref = None
            if item.store_ref:
                # alert:<report>:<area>:<chat> → the same alert, now held by this admin.
                store_ref = item.store_ref.rsplit(":", 1)[0] + f":{admin_id}"
            await outbox.enqueue(
                tx, admin_id, now,
                text=t(lang, "admin.rerouted", area=area) + (item.text or ""),
                keyboard=item.keyboard, method=item.method, payload=item.payload or None,
                store_ref=store_ref, dedup_key=f"reroute:{item.id}:{admin_id}",
            )  # fmt: skip
