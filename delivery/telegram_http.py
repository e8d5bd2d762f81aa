"""The Bot API transport: python-telegram-bot's own HTTPXRequest, told when a call has gone out.

The rate limiter (delivery/rate_limit.py) counts each call from the moment its request has
reached the wire, since that is when Telegram counts it: a busy process may make a call some
milliseconds after the limiter gave it a place, and a window counted from that place could let
31 calls arrive within one of Telegram's seconds (a 429). httpx's request hook attaches
httpcore's trace to each request; the trace says when the body has been written, in the task
that makes the call, and `on_sent` is called then.

This is configuration of PTB's transport, not a transport of its own: the aiohttp one this
project had saved about 0.7 ms of CPU per call (bench/echo_bot.py), which no person notices
next to Telegram's 30 messages a second (README, "Hand-written pieces").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from telegram.request import HTTPXRequest

# httpcore's trace events when the whole request (headers, then body) has been written.
_BODY_WRITTEN = ("http11.send_request_body.complete", "http2.send_request_body.complete")


def bot_api_request(
    pool_size: int, timeout: float, on_sent: Callable[[], None] | None = None
) -> HTTPXRequest:
    """A connection pool to the Bot API. `timeout` (seconds) is for connecting, waiting for a
    free connection, writing and reading (a long poll passes its own read timeout); uploads
    get PTB's longer media write timeout."""
    extra: dict[str, Any] = {}
    if on_sent is not None:
        extra["event_hooks"] = {"request": [_traced(on_sent)]}
    return HTTPXRequest(
        connection_pool_size=pool_size,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
        httpx_kwargs=extra,
    )


def _traced(on_sent: Callable[[], None]) -> Callable[[httpx.Request], Any]:
    async def trace(event: str, _info: dict[str, Any]) -> None:
        if event in _BODY_WRITTEN:
            on_sent()

    async def attach(request: httpx.Request) -> None:
        request.extensions["trace"] = trace

    return attach
