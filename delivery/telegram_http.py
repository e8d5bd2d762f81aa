"""python-telegram-bot's HTTP transport, on aiohttp instead of httpx.

Every Bot API call the bot makes goes through here. On this project's 2-core machine a call
through PTB's default transport (httpx) costs about 1.1-1.5 ms of CPU, through this one about
0.45 ms (bench/http_transport.py measures both; bench/throughput.py the whole bot). aiohttp is
already a dependency (delivery/webhook.py), so nothing is added.

It sends what PTB's own HTTPXRequest sends: form fields (each value JSON-encoded by PTB), or
multipart when a file is uploaded, and maps failures onto PTB's errors (TimedOut,
NetworkError), so Bot, the poller and the sender cannot tell the difference.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from types import SimpleNamespace

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """One connection pool to the Bot API.

    Timeouts (seconds, None = no limit) are PTB's: `connect` to open a connection, `read` to
    wait for each piece of the answer (a long poll passes its own), `pool` to wait for a free
    connection from the pool. aiohttp has no separate write timeout; an upload that stalls is
    caught by the read timeout that follows it.

    `on_sent` is called as each piece of a call's body goes out on its connection (aiohttp's
    trace hook; aiohttp holds the headers back to send them with the body, which it writes in a
    task of its own, in a copy of the caller's context), so that the rate limiter counts the
    call from when it really left and not from a moment before the event loop got round to it.
    """

    def __init__(
        self,
        pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        on_sent: Callable[[], None] | None = None,
    ) -> None:
        self._pool_size = pool_size
        self._on_sent = on_sent
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        # The session belongs to the running event loop, so it is made here and not in __init__.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, ssl=ssl.create_default_context(cafile=certifi.where())
            )
            # trust_env stays off: with it aiohttp reads ~/.netrc and the proxy variables again
            # for every call (in a thread), which cost more than the call itself.
            traces = []
            if self._on_sent is not None:
                trace = aiohttp.TraceConfig()
                trace.on_request_chunk_sent.append(self._sent)
                traces.append(trace)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, trace_configs=traces
            )

    async def _sent(
        self, _session: aiohttp.ClientSession, _context: SimpleNamespace, _params: object
    ) -> None:
        if self._on_sent is not None:
            self._on_sent()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_given(pool_timeout, self._pool_timeout),
            sock_connect=_given(connect_timeout, self._connect_timeout),
            sock_read=_given(read_timeout, self._read_timeout),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts are TimeoutErrors too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields  # sent form-encoded, as PTB's httpx transport does
    # quote_fields=False: a Korean file name goes as UTF-8, as httpx sends it, not %-escaped
    # (which Telegram would show as it is).
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
