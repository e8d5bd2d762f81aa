"""Telegram's limits for every Bot API call to a chat, kept in one place.

Telegram allows a bot about 30 messages a second overall, 20 a minute to one group, and about
one a second to one private chat with small bursts; beyond them it answers 429. Every call to a
chat passes this limiter (direct replies through PTB's rate-limiter hook, outbox rows because the
sender asks `wait_for` first and then makes the call through the same hook):

- overall: after a quiet moment up to 10 calls go at once (a conversation's reply and its
  notices), then they are spaced 1/30 s apart (so that an alert that arrives during a campaign
  waits one slot, ~34 ms, not for the next burst of 30), and never more than 30 in any 1.03 s:
  the extra 30 ms absorb the network's jitter (two calls of a 150 ms round trip that differs by
  10% reach Telegram up to 15 ms closer together than they left) and the moments a busy process
  loses, so that no second *as Telegram counts it* holds 31 (bench/network.py: 20 ms let 5 to 9
  of 10,000 calls meet a 429).
  A call is counted from the moment its request goes out on the connection (the transport calls
  `sent`), not from when it took its place: between the two a busy event loop can lose several
  milliseconds (bench/network.py measured up to 8), which the margin would otherwise have to hold;
- a group: at most 20 in any 60.5 s;
- a private chat: a burst of 20 sends, then one every 1.05 s (edits do not count). Telegram
  publishes no number beyond "about one a second, with short bursts"; a conversation never
  sends 20 messages at once, a runaway loop to one person is paced. Outbox rows to a person go
  at most one a second on top of that (delivery/sender.py).

Urgent before bulk: while a direct call (a reply somebody waits for) is waiting for a slot, the
outbox sender gives bulk rows no slot (`wait_for(..., bulk=True)`).

A restart does not start from empty windows: at a clean stop the windows are saved
(`snapshot`), and after a crash the sender seeds them from the outbox's send times (`seed`).

Calls without a chat (answering a button press, getUpdates) are not limited, as in PTB. A 429
that still happens: a direct call (a reply, a question edited in place) waits as Telegram says
and is made again, up to 3 times and 30 s in all; an outbox row's reaches the sender, which
keeps the row and waits.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

JSONDict = dict[str, Any]
SENDS = ("send", "copy", "forward")
# `rate_limit_args` of a call whose place the outbox sender already took with `reserve`.
RESERVED = 1
# A direct call that meets a 429 is made again, a few times and for at most this long in all.
DIRECT_RETRIES = 3
DIRECT_MAX_WAIT = 30.0
log = logging.getLogger(__name__)


@dataclass
class _Counted:
    """The windows that counted the call this task is making, and the moment they count it
    from; `sent` moves that moment to when the request really goes out. Shared by reference:
    aiohttp writes the body in a task of its own, which sees a copy of the caller's context."""

    windows: list[Window]
    at: float
    open: bool = True


_counted: contextvars.ContextVar[_Counted | None] = contextvars.ContextVar("golmok_counted", default=None)


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

    def restamp(self, old: float, new: float) -> None:
        """A call counted at `old` really went at `new` (later): count it from then. (The
        entries may then be slightly out of order, which only makes `wait` stricter.)"""
        for i in range(len(self._sent) - 1, -1, -1):
            if self._sent[i] == old:
                self._sent[i] = max(old, new)
                return

    def idle(self, now: float) -> bool:
        self.wait(now)  # drops what has aged out
        return not self._sent

    def times(self) -> list[float]:
        return list(self._sent)


class Pace:
    """One call every `interval` seconds, with a burst of `burst` (the generic cell rate
    algorithm: each call moves the theoretical arrival time on by one interval)."""

    def __init__(self, interval: float, burst: int = 1) -> None:
        self.interval = interval
        self.tolerance = interval * (burst - 1)
        self._next = 0.0  # theoretical arrival time of the next call

    def wait(self, now: float) -> float:
        return max(0.0, self._next - self.tolerance - now)

    def record(self, now: float) -> None:
        self._next = max(self._next, now) + self.interval

    def idle(self, now: float) -> bool:
        return self._next <= now

    def times(self) -> list[float]:
        # Enough to rebuild it: one call at the moment the next free slot was reckoned from.
        return [self._next - self.interval] if self._next else []


@dataclass(frozen=True)
class Limits:
    """The numbers (calls, seconds). The defaults are Telegram's, with margins for jitter."""

    overall: tuple[int, float] = (30, 1.03)
    overall_interval: float = 1 / 30
    overall_burst: int = 10
    per_group: tuple[int, float] = (20, 60.5)
    private_burst: int = 20
    private_interval: float = 1.05


Limiter = Window | Pace


class SlidingWindowLimiter(BaseRateLimiter[int]):
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._overall: list[Limiter] = [
            Window(*self.limits.overall), Pace(self.limits.overall_interval, burst=self.limits.overall_burst),
        ]  # fmt: skip
        self._groups: dict[int | str, Window] = {}
        self._private: dict[int, Pace] = {}
        self.waiting = 0  # direct calls waiting for a slot right now

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
        if rate_limit_args == RESERVED:
            reserved = _counted.get()  # set by `went`
            try:
                return await callback(*args, **kwargs)  # the sender handles a 429 itself
            finally:
                if reserved is not None:
                    reserved.open = False
        waited = 0.0
        for attempt in range(DIRECT_RETRIES + 1):
            counted, token = None, None
            if chat_id is not None:
                windows = self._windows(chat_id, endpoint.startswith(SENDS))
                counted = _Counted(_windows_only(windows), await self._take(windows))
                token = _counted.set(counted)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                # A direct call is what a person waits for (the next question, edited in place
                # or sent): wait as Telegram asks and make it again, instead of dropping it.
                delay = float(exc._retry_after.total_seconds())  # the stored timedelta
                if attempt == DIRECT_RETRIES or waited + delay > DIRECT_MAX_WAIT:
                    raise
                log.warning("%s to chat %s met 429: retrying in %.1fs", endpoint, chat_id, delay)
                waited += delay
                await asyncio.sleep(delay)
            finally:
                if counted is not None and token is not None:
                    counted.open = False
                    _counted.reset(token)
        raise AssertionError("unreachable")

    # --- for the outbox sender: ask first, then take the place without waiting ------------

    def overall_wait(self, *, bulk: bool = False) -> float:
        """Seconds until the bot may make one more call to any chat (0: now). A bulk row also
        gives way while a direct reply is waiting for its place."""
        now = _now()
        wait = max(window.wait(now) for window in self._overall)
        if bulk and self.waiting and wait == 0:
            return self.limits.overall_interval
        return wait

    def chat_wait(self, chat_id: int, *, send: bool = True) -> float:
        """Seconds until this chat's own window has a place (0: now). A chat whose window is
        used up is passed over for now instead of holding every other chat's rows."""
        now = _now()
        return max(window.wait(now) for window in self._windows(chat_id, send))

    def reserve(self, chat_id: int, *, send: bool = True) -> float | None:
        """Take a place for a call to this chat now if there is one (returns when, else None);
        the call is then made with `rate_limit_args=RESERVED` so that it is not counted twice,
        and `went` is told when it really goes."""
        now = _now()
        windows = self._windows(chat_id, send)
        if any(window.wait(now) > 0 for window in windows):
            return None
        for window in windows:
            window.record(now)
        return now

    def went(self, chat_id: int, reserved_at: float, *, send: bool = True) -> None:
        """The call reserved at `reserved_at` is being made now (in this task). The windows
        count it from now, and again from when its request goes out (`sent`): a busy process
        may make a call some milliseconds after its place was taken, and Telegram counts when it
        arrives, so a window counted from the reservation could let 31 calls reach Telegram
        within one second."""
        now = _now()
        windows = _windows_only(self._windows(chat_id, send))
        for window in windows:
            window.restamp(reserved_at, now)
        _counted.set(_Counted(windows, now))

    def sent(self) -> None:
        """A piece of the request of the call this task is making has just gone out (called
        by the transport): its windows count it from this moment (the last piece is when
        Telegram has it all)."""
        counted = _counted.get()
        if counted is None or not counted.open:
            return
        now = _now()
        for window in counted.windows:
            window.restamp(counted.at, now)
        counted.at = now

    def wait_for(self, chat_id: int, *, send: bool = True) -> float:
        return max(self.overall_wait(), self.chat_wait(chat_id, send=send))

    def _windows(self, chat_id: object, send: bool) -> list[Limiter]:
        group = _group_key(chat_id)
        if group is None:
            private = _private_key(chat_id)
            if private is None or not send:
                return self._overall
            pace = self._private.get(private)
            if pace is None:
                self._forget_idle()
                pace = self._private[private] = Pace(self.limits.private_interval, self.limits.private_burst)
            return [*self._overall, pace]
        window = self._groups.get(group)
        if window is None:
            self._forget_idle()
            window = self._groups[group] = Window(*self.limits.per_group)
        return [*self._overall, window]

    async def _take(self, windows: list[Limiter]) -> float:
        """Wait for a place in every window and take it; returns when it was taken."""
        self.waiting += 1
        try:
            while True:
                now = _now()
                delay = max(window.wait(now) for window in windows)
                if delay <= 0:
                    # No await between the check and the record: no other call can slip in.
                    for window in windows:
                        window.record(now)
                    return now
                await asyncio.sleep(delay)
        finally:
            self.waiting -= 1

    def _forget_idle(self) -> None:
        now = _now()
        if len(self._groups) >= 1000:
            for key in [key for key, window in self._groups.items() if window.idle(now)]:
                del self._groups[key]
        if len(self._private) >= 1000:
            for pkey in [pkey for pkey, pace in self._private.items() if pace.idle(now)]:
                del self._private[pkey]

    # --- across a restart ------------------------------------------------------------------

    def snapshot(self) -> list[tuple[int, float]]:
        """Every call the windows still remember, as (chat id, unix time); chat 0 for the
        overall window. Saved at a clean stop and given back to `seed` at the next start."""
        offset = time.time() - _now()
        calls = [(0, at + offset) for at in self._overall[0].times()]
        for key, window in self._groups.items():
            if isinstance(key, int):
                calls += [(key, at + offset) for at in window.times()]
        return calls

    def seed(self, calls: Iterable[tuple[int, float, bool]], *, chats_count_overall: bool = True) -> None:
        """Remember calls made before this start: (chat id, unix time, was a send). Chat 0 is
        the overall window alone; a call to a chat counts in the overall window too unless
        `chats_count_overall` is off (a snapshot lists the overall window's calls as chat 0).
        A call older than every window is ignored."""
        offset = time.time() - _now()
        horizon = max(self.limits.per_group[1], self.limits.overall[1])
        now = _now()
        for chat_id, at, send in sorted(calls, key=lambda call: call[1]):
            moment = at - offset
            if now - moment >= horizon or moment > now:
                continue
            windows = self._overall if chat_id == 0 else self._windows(chat_id, send)[2:]
            if chat_id != 0 and chats_count_overall and now - moment < self.limits.overall[1]:
                windows = [*self._overall, *windows]
            for window in windows:
                window.record(moment)


def _now() -> float:
    return time.monotonic()


def _windows_only(limiters: list[Limiter]) -> list[Window]:
    # A Pace spaces calls out and is not moved; the windows are what Telegram counts.
    return [limiter for limiter in limiters if isinstance(limiter, Window)]


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


def _private_key(chat_id: object) -> int | None:
    try:
        value = int(str(chat_id))
    except ValueError:
        return None
    return value if value > 0 else None
