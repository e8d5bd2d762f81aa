"""The rate limiter every Bot API call passes (delivery/rate_limit.py), on the real clock with
the windows scaled down so that the test takes a second instead of minutes."""

from __future__ import annotations

import asyncio
from typing import Any

from delivery.rate_limit import SlidingWindowLimiter


def most_in_any_span(times: list[float], span: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start < span) for i, start in enumerate(times))


async def call(limiter: SlidingWindowLimiter, sent: list[tuple[object, float]], **data: Any) -> None:
    loop = asyncio.get_running_loop()

    async def api_call() -> bool:
        sent.append((data.get("chat_id"), loop.time()))
        return True

    assert await limiter.process_request(api_call, (), {}, "sendMessage", data, None) is True


async def test_calls_to_chats_keep_to_the_limit_in_every_window_and_go_in_bursts() -> None:
    limiter = SlidingWindowLimiter(overall=(10, 0.1), per_group=(100, 1.0))
    sent: list[tuple[object, float]] = []
    began = asyncio.get_running_loop().time()
    await asyncio.gather(*(call(limiter, sent, chat_id=1000 + i) for i in range(35)))
    times = [t for _, t in sent]
    assert len(times) == 35
    assert most_in_any_span(times, 0.1) <= 10
    assert max(times) - began >= 0.3  # three windows had to pass
    assert max(times) - began < 0.9  # and not much more: each window is used whole
    # A burst: the first ten went at once, not one every 10 ms.
    assert sorted(times)[9] - began < 0.05


async def test_a_group_has_its_own_smaller_window_and_does_not_hold_up_private_chats() -> None:
    limiter = SlidingWindowLimiter(overall=(100, 0.1), per_group=(3, 0.2))
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


async def test_calls_without_a_chat_are_not_held() -> None:
    limiter = SlidingWindowLimiter(overall=(1, 10.0))
    sent: list[tuple[object, float]] = []
    began = asyncio.get_running_loop().time()
    await call(limiter, sent, chat_id=1)
    await asyncio.gather(*(call(limiter, sent, callback_query_id=str(i)) for i in range(20)))
    assert len(sent) == 21 and max(t for _, t in sent) - began < 0.1
