"""The local Bot API's server: its state, HTTP on 127.0.0.1, a network's latency, Telegram's
rate limits and injected faults, and the helpers its methods share (chat ids, text and HTML
checks, keyboards, message JSON)."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import socket
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from botapi.html_check import HtmlError, parse_html
from botapi.records import (
    CALLBACK_DATA_LIMIT,
    ApiError,
    Faults,
    Sent,
    seen,
)


class BotApiBase:
    def __init__(self, token: str, bot_id: int = 7000000001, username: str = "golmok_test_bot"):
        self.token = token
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "골목", "username": username}
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.started: set[int] = set()  # users who wrote to the bot: the bot may write to them
        self.blocked: set[int] = set()  # chats answering 403
        self.migrated: dict[int, int] = {}  # group id -> supergroup id
        self.messages: dict[tuple[int, int], Sent] = {}
        self.log: list[tuple[float, str, dict[str, Any]]] = []  # every accepted call
        # Every call as it arrived: (time, method, chat id, HTTP status it got).
        self.requests: list[tuple[float, str, int | None, int]] = []
        self.timeouts: list[tuple[float, str, dict[str, Any]]] = []  # delivered, answer withheld
        self.polls: list[float] = []  # when each getUpdates call arrived
        self.history: list[dict[str, Any]] = []  # every update ever pushed
        self.webhook: dict[str, Any] | None = None
        self.webhook_set_at = float("-inf")  # when setWebhook last succeeded (monotonic)
        self.webhook_interval = 1.0  # seconds between two setWebhook calls Telegram takes
        self.allowed_updates: list[str] | None = None  # as the bot last asked (None: every kind)
        self.dropped: list[int] = []  # update ids of kinds the bot did not ask for
        self.rejected: list[tuple[str, str]] = []  # (method, description) of refused calls
        self.answers: dict[str, dict[str, Any]] = {}
        self.open_queries: set[str] = set()
        self.highest_confirmed = 0  # updates below this offset are confirmed
        self.polling = False
        self.faults = Faults()
        # Telegram's limits, when a test or benchmark asks for them (rate_limit = 30): a message
        # (sent or edited) beyond `rate_limit` in any one-second window, beyond 20 in any minute
        # to one group, or a send to a private chat beyond a burst of 20 and then one a second is
        # answered 429 with retry_after.
        self.rate_limit: int | None = None
        self.group_limit = 20
        self.private_burst = 20
        self._recent_sends: deque[float] = deque()
        self._group_sends: dict[int, deque[float]] = {}
        self._private_tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)
        self.rate_limited = 0
        self.refused_429: list[tuple[float, str, int | None, str]] = []  # (when, method, chat, rule)
        # A network between the bot and Telegram: every call takes `latency` seconds (half on
        # the way there, before Telegram counts it; half on the way back), each half varying by
        # up to +-`jitter` of itself at random.
        self.latency = 0.0
        # Menus by (scope type, chat id, language code) and descriptions by (kind, language).
        self.commands: dict[tuple[str, int | None, str], list[tuple[str, str]]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.jitter = 0.1
        self._net_rng = random.Random(7)
        self._rng = random.Random(1)
        self._new_update = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0
        # Told of every message stored or edited and every button answer (the sandbox's page
        # shows them live); tests leave it unset.
        self.on_change: Callable[[str, Sent | dict[str, Any]], None] | None = None
        # Keep what people send as messages too (kind "user"), as the sandbox's chats show it.
        self.keep_user_messages = False

    # --- server -------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        # Bind the socket ourselves to learn the ephemeral port the system picked; loopback
        # only, so nothing outside this machine can act as the bot's Telegram.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        self._closing = True
        async with self._new_update:
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        received = time.monotonic()
        params = await self._params(request)
        arrived = received
        if self.latency > 0:
            # Counted when it reaches Telegram, reckoned from when it came in: a busy test
            # process that gets round to it late must not squeeze calls into one second.
            arrived = received + self._half_trip()
            await asyncio.sleep(max(0.0, arrived - time.monotonic()))
        try:
            return await self._answer(method, params, arrived)
        finally:
            if self.latency > 0:
                await asyncio.sleep(self._half_trip())

    def _half_trip(self) -> float:
        half = self.latency / 2
        return half * (1 + self._net_rng.uniform(-self.jitter, self.jitter))

    async def _answer(self, method: str, params: dict[str, Any], arrived: float) -> web.Response:
        raw_chat = str(params.get("chat_id", ""))
        chat = int(raw_chat) if raw_chat.lstrip("-").isdigit() else None
        try:
            fault = self._fault(method)
            if fault == "timeout":
                # Delivered, but the answer never comes back in time: the one allowed duplicate.
                self.requests.append((arrived, method, chat, 0))
                result = await self._call(method, params)
                self.timeouts.append((time.monotonic(), method, params))
                await asyncio.sleep(self.faults.hang)
                return web.json_response({"ok": True, "result": result})
            if fault == "5xx":
                raise ApiError(502, "Bad Gateway")
            self._enforce_rate(method, arrived, chat)
            if fault == "429":
                raise ApiError(
                    429, f"Too Many Requests: retry after {self.faults.retry_after}",
                    {"retry_after": self.faults.retry_after},
                )  # fmt: skip
            result = await self._call(method, params)
        except ApiError as exc:
            self.requests.append((arrived, method, chat, exc.code))
            self.rejected.append((method, exc.description))
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.code if exc.code >= 400 else 400)
        self.requests.append((arrived, method, chat, 200))
        self.log.append((time.monotonic(), method, params))
        return web.json_response({"ok": True, "result": result})

    def _enforce_rate(self, method: str, arrived: float, chat: int | None) -> None:
        if self.rate_limit is None or not method.startswith(("send", "edit", "copy", "forward")):
            return
        window = self._recent_sends
        while window and arrived - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self.rate_limit:
            self._refuse(arrived, method, chat, 1, "overall")
        group = self._group_sends.setdefault(chat, deque()) if chat is not None and chat < 0 else None
        if group is not None:
            while group and arrived - group[0] >= 60.0:
                group.popleft()
            if len(group) >= self.group_limit:
                self._refuse(arrived, method, chat, max(1, int(group[0] + 60.0 - arrived) + 1), "group")
        tokens = None
        if chat is not None and chat > 0 and method.startswith("send"):
            # A bucket of `private_burst` sends that refills at one a second.
            left, at = self._private_tokens.get(chat, (float(self.private_burst), arrived))
            tokens = min(float(self.private_burst), left + (arrived - at))
            if tokens < 1.0:
                self._refuse(arrived, method, chat, 1, "person")
        window.append(arrived)
        if group is not None:
            group.append(arrived)
        if tokens is not None and chat is not None:
            self._private_tokens[chat] = (tokens - 1.0, arrived)

    def _refuse(self, arrived: float, method: str, chat: int | None, retry_after: int, rule: str) -> None:
        self.rate_limited += 1
        self.refused_429.append((arrived, method, chat, rule))
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    def _fault(self, method: str) -> str | None:
        if method not in self.faults.methods:
            return None
        roll = self._rng.random()
        f = self.faults
        if roll < f.error_5xx:
            return "5xx"
        if roll < f.error_5xx + f.timeout:
            return "timeout"
        if roll < f.error_5xx + f.timeout + f.too_many:
            return "429"
        return None

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        # Like Telegram: parameters in the query string, form-encoded, multipart or JSON.
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            return {**params, **dict(await request.json())}
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                params[key] = value
            elif isinstance(value, web.FileField):  # an uploaded file
                params[key] = {"filename": value.filename, "content": value.file.read()}
        return params

    async def _call(self, method: str, p: dict[str, Any]) -> Any:
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(p)

    # --- helpers ------------------------------------------------------------------------

    def _chat_id(self, p: dict[str, Any]) -> int:
        if "chat_id" not in p:
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = int(p["chat_id"])
        except ValueError as exc:
            raise ApiError(400, "Bad Request: chat not found") from exc
        if chat_id in self.migrated:
            raise ApiError(
                400, "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )  # fmt: skip
        if chat_id in self.blocked:
            if chat_id > 0:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id > 0 and chat_id not in self.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _text(self, raw: str | None, parse_mode: str | None, limit: int, what: str) -> str:
        if raw is None:
            raise ApiError(400, f"Bad Request: {what} is empty")
        if parse_mode == "HTML":
            try:
                plain = parse_html(raw)
            except HtmlError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        elif parse_mode in (None, ""):
            plain = raw
        else:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
        if what == "message text" and not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(plain.encode("utf-16-le")) // 2 > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        return seen(plain)

    def _markup(
        self, raw: str | None
    ) -> tuple[list[list[dict[str, Any]]], list[list[dict[str, Any]]] | None]:
        if not raw:
            return [], None
        try:
            markup = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object") from exc
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            for row in rows:
                for button in row:
                    if not button.get("text"):
                        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                    data = button.get("callback_data")
                    if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                    if data is None and not button.get("url"):
                        raise ApiError(400, 'Bad Request: can\'t find field "callback_data"')
            return rows, None
        if "keyboard" in markup:
            for row in markup["keyboard"]:
                for button in row:
                    if not button.get("text"):
                        raise ApiError(400, "Bad Request: keyboard button text is empty")
            return [], markup["keyboard"]
        return [], None

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _message_json(self, sent: Sent) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self.chats[sent.chat_id],
            "from": self.bot,
        }
        if sent.kind == "text":
            message["text"] = sent.text
        elif sent.kind == "photo":
            message["photo"] = [
                {"file_id": sent.extra["photo"], "file_unique_id": "u1", "width": 90, "height": 90}
            ]
            if sent.text:
                message["caption"] = sent.text
        elif sent.kind == "location":
            message["location"] = {"latitude": sent.extra["latitude"], "longitude": sent.extra["longitude"]}
        elif sent.kind == "document":
            message["document"] = {
                "file_id": f"doc{sent.message_id}",
                "file_unique_id": f"d{sent.message_id}",
                "file_name": sent.extra.get("filename"),
            }
        if sent.buttons:
            message["reply_markup"] = {"inline_keyboard": sent.buttons}
        return message

    def _store(self, sent: Sent) -> dict[str, Any]:
        self.messages[(sent.chat_id, sent.message_id)] = sent
        self._changed("message", sent)
        return self._message_json(sent)

    def _changed(self, kind: str, what: Sent | dict[str, Any]) -> None:
        if self.on_change is not None:
            self.on_change(kind, what)
