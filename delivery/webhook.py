"""Webhook mode: Telegram posts each update to us instead of being polled.

Every request must carry the secret token Telegram was given with setWebhook (header
X-Telegram-Bot-Api-Secret-Token); anything else is answered 403 and never processed. An update
is committed to the inbox before we answer 200, so Telegram keeps retrying until it is stored;
it is then handled from the inbox exactly as in polling mode, by the process that leads: this
one, or another instance on the same PostgreSQL database (app/runtime.py), which the stored
update's notice wakes.

For a load balancer or a supervisor: GET /healthz answers 200 while the process serves HTTP;
GET /readyz answers 200 only once the webhook is registered and while the database answers
(503 before, while stopping, and when the database does not answer within 2 seconds).
Registering the webhook (app/runtime.py) waits out Telegram's 429 like every direct call, in the
rate limiter (several instances starting together each set it, and Telegram takes about one
setWebhook a second); any other refusal ends the start.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable

from aiohttp import web

from core.clock import Clock, to_db
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024
READY_TIMEOUT = 2.0  # seconds the database may take to answer a readiness check


class WebhookServer:
    def __init__(
        self, db: Database, clock: Clock, secret: str, listen: str, port: int, on_stored: Callable[[], None]
    ) -> None:
        self.db = db
        self.clock = clock
        self.on_stored = on_stored
        self.secret = secret
        self.listen = listen
        self.port = port
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self.ready = False  # set once the webhook is registered; cleared when stopping

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_post("/{tail:.*}", self._receive)
        self._runner = web.AppRunner(app, access_log=None)  # access logs would carry no secrets, but noise
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        await site.start()
        log.info("webhook listening on %s:%s", self.listen, self.port)

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, request: web.Request) -> web.Response:
        if not self.ready or self._stopping:
            return web.Response(status=503, text="not ready\n")
        try:
            await asyncio.wait_for(self.db.ping(), READY_TIMEOUT)
        except Exception:  # a locked, closed or missing database: not ready, and say no more
            log.warning("readiness check: the database did not answer")
            return web.Response(status=503, text="database not answering\n")
        return web.Response(text="ready\n")

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request without the right secret token refused")
            return web.Response(status=403)
        try:
            payload = json.loads(await request.read())
            update_id = int(payload["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400)
        async with self.db.transaction() as tx:
            if await inbox.store(tx, [(update_id, payload)], to_db(self.clock.now())):
                await inbox.announce(tx)
        self.on_stored()
        return web.Response(status=200)

    async def stop(self) -> None:
        self._stopping = True
        self.ready = False
        if self._runner is not None:
            await self._runner.cleanup()
