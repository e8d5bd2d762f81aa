"""The rate limiter every Bot API call passes (delivery/rate_limit.py), on the real clock with
the windows scaled down so that the test takes a second instead of minutes."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from delivery.rate_limit import RESERVED, Limits, SlidingWindowLimiter

FAST = Limits(
    overall=(10, 0.1), overall_interval=0.01, overall_burst=3, per_group=(3, 0.2), private_burst=3,
    private_interval=0.1,
)


def most_in_any_span(times: list[float], span: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start < span) for i, start in enumerate(times))


async def call(
    limiter: SlidingWindowLimiter,
    sent: list[tuple[object, float]],
    endpoint: str = "sendMessage",
    reserved: bool = False,
    **data: Any,
) -> None:
    loop = asyncio.get_running_loop()

    async def api_call() -> bool:
        sent.append((data.get("chat_id"), loop.time()))
        return True

    args = RESERVED if reserved else None
    assert await limiter.process_request(api_call, (), {}, endpoint, data, args) is True


async def test_calls_keep_to_the_limit_in_every_window_and_are_spaced_not_bunched() -> None:
    """Spaced, so that an urgent call that comes during a campaign waits one slot, not for the
    next burst; and never more than the limit in any window."""
    limiter = SlidingWindowLimiter(FAST)
    sent: list[tuple[object, float]] = []
    began = asyncio.get_running_loop().time()
    await asyncio.gather(*(call(limiter, sent, chat_id=1000 + i) for i in range(35)))
    times = sorted(t for _, t in sent)
    assert len(times) == 35
    assert most_in_any_span(times, 0.1) <= 10
    assert most_in_any_span(times, 0.005) <= 3  # the burst after a quiet moment, then spaced
    assert times[-1] - began >= 0.3  # three windows had to pass
    assert times[-1] - began < 0.6  # and not much more: the window is used whole


async def test_a_group_has_its_own_smaller_window_and_does_not_hold_up_private_chats() -> None:
    limiter = SlidingWindowLimiter(FAST)
    sent: list[tuple[object, float]] = []
    loop = asyncio.get_running_loop()
    began = loop.time()
    group = asyncio.gather(*(call(limiter, sent, chat_id=-100123) for _ in range(7)))
    await asyncio.sleep(0.05)
    await call(limiter, sent, chat_id="42")  # a private chat, even with its id as text
    assert loop.time() - began < 0.1
    await group
    group_times = [t for chat, t in sent if chat == -100123]
    assert most_in_any_span(group_times, 0.2) <= 3
    assert max(group_times) - began >= 0.4


async def test_a_private_chat_gets_a_small_burst_then_one_send_per_interval_and_edits_are_free() -> None:
    limiter = SlidingWindowLimiter(FAST)
    sent: list[tuple[object, float]] = []
    loop = asyncio.get_running_loop()
    began = loop.time()
    await asyncio.gather(*(call(limiter, sent, chat_id=42) for _ in range(5)))
    times = sorted(t - began for _, t in sent)
    assert times[2] < 0.05  # three at once
    assert 0.09 < times[3] < 0.2 and times[4] - times[3] >= 0.09  # then one per 0.1 s
    edited = loop.time()
    await asyncio.gather(*(call(limiter, sent, "editMessageText", chat_id=42) for _ in range(3)))
    assert loop.time() - edited < 0.1


async def test_calls_without_a_chat_are_not_held() -> None:
    limiter = SlidingWindowLimiter(Limits(overall=(1, 10.0)))
    sent: list[tuple[object, float]] = []
    began = asyncio.get_running_loop().time()
    await call(limiter, sent, chat_id=1)
    await asyncio.gather(*(call(limiter, sent, callback_query_id=str(i)) for i in range(20)))
    assert len(sent) == 21 and max(t for _, t in sent) - began < 0.1


async def test_a_reserved_place_is_counted_once_and_a_full_window_refuses_a_reservation() -> None:
    limiter = SlidingWindowLimiter(Limits(overall=(100, 1.0), overall_interval=0.0, per_group=(2, 10.0)))
    sent: list[tuple[object, float]] = []
    assert limiter.reserve(-5) and limiter.reserve(-5)
    assert not limiter.reserve(-5) and limiter.chat_wait(-5) > 9
    began = asyncio.get_running_loop().time()
    await call(limiter, sent, reserved=True, chat_id=-5)  # its place is taken: no wait, no count
    assert asyncio.get_running_loop().time() - began < 0.05
    assert limiter.chat_wait(-6) == 0  # another group is free


async def test_bulk_gives_way_while_a_direct_reply_waits_for_its_place() -> None:
    limiter = SlidingWindowLimiter(Limits(overall=(1, 0.2), overall_interval=0.0))
    sent: list[tuple[object, float]] = []
    assert limiter.reserve(1)
    direct = asyncio.create_task(call(limiter, sent, chat_id=2))
    await asyncio.sleep(0.01)
    assert limiter.waiting == 1
    assert limiter.overall_wait(bulk=True) > 0 and limiter.overall_wait() > 0
    await direct
    assert limiter.waiting == 0


async def test_windows_survive_a_restart_through_a_snapshot_or_the_outbox() -> None:
    unpaced = Limits(overall=(100, 1.02), overall_interval=0.0)
    before = SlidingWindowLimiter(unpaced)
    for _ in range(20):
        assert before.reserve(-100777)
    after = SlidingWindowLimiter(unpaced)
    after.seed(((chat, at, True) for chat, at in before.snapshot()), chats_count_overall=False)
    assert after.chat_wait(-100777) > 55  # the group's minute is used up
    assert after.chat_wait(-100778) == 0
    crashed = SlidingWindowLimiter()
    crashed.seed([(-100777, time.time() - 1.0, True)] * 20 + [(-100778, time.time() - 120, True)] * 20)
    assert 55 < crashed.chat_wait(-100777) <= 60.5 and crashed.chat_wait(-100778) == 0


async def test_a_call_is_counted_from_when_its_request_goes_out_not_from_when_its_place_was_taken() -> None:
    """Telegram counts a call when it arrives. A call that took its place and then waited for a
    busy event loop before its request went out is counted from when it went (the transport
    calls `sent`), so that the next second as Telegram counts it holds no extra call."""
    limiter = SlidingWindowLimiter(Limits(overall=(1, 0.5), overall_interval=0.0, per_group=(5, 10.0)))
    loop = asyncio.get_running_loop()

    async def late_call() -> bool:
        await asyncio.sleep(0.2)  # the place is taken; the request leaves later
        limiter.sent()
        return True

    await limiter.process_request(late_call, (), {}, "sendMessage", {"chat_id": -5}, None)
    assert 0.45 < limiter.overall_wait() <= 0.5  # from when it went out, not 0.3

    reserved_at = limiter.reserve(7)
    assert reserved_at is None  # the window is full
    await asyncio.sleep(limiter.overall_wait())
    reserved_at = limiter.reserve(7)
    assert reserved_at is not None

    async def outbox_row() -> None:
        await asyncio.sleep(0.1)
        limiter.went(7, reserved_at)
        await limiter.process_request(late_call, (), {}, "sendMessage", {"chat_id": 7}, RESERVED)

    began = loop.time()
    await outbox_row()
    assert loop.time() - began > 0.29
    assert 0.45 < limiter.overall_wait() <= 0.5
    await asyncio.sleep(0.1)
    limiter.sent()  # outside any call: moves nothing
    assert 0.35 < limiter.overall_wait() <= 0.4
