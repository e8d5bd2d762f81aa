"""A local stand-in for the Telegram Bot API, good enough to run the real bot against.

It speaks HTTP on 127.0.0.1 (an ephemeral port), answers the methods golmok uses, long-polls
getUpdates with offsets, and refuses what Telegram refuses: text over 4096 characters after
entity parsing, callback_data over 64 bytes, HTML that Telegram cannot parse, edits of
unknown messages, unchanged edits, messages to users who never started the bot, and more.
Tests inject user actions (messages, button presses) and read what each chat shows.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from botapi.html_check import HtmlError, parse_html

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
ANSWER_TEXT_LIMIT = 200


def seen(text: str) -> str:
    """What a person reads: the directional isolates the bot puts around names (U+2068, U+2069)
    draw nothing, so tests compare texts without them (`Sent.html` keeps them)."""
    return text.replace("\u2068", "").replace("\u2069", "")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Sent:
    """One message the bot sent, in its current state (edits change it in place)."""

    chat_id: int
    message_id: int
    kind: str  # text | photo | location | document
    text: str  # the text as a person sees it (entities parsed, invisible isolates taken out)
    html: str  # what the bot sent
    buttons: list[list[dict[str, Any]]]
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    edits: int = 0

    def button_labels(self) -> list[str]:
        return [seen(button["text"]) for row in self.buttons for button in row]

    def button_data(self, label: str) -> str:
        for row in self.buttons:
            for button in row:
                if seen(button["text"]) == label:
                    return str(button["callback_data"])
        raise KeyError(f"no button {label!r}; buttons are {self.button_labels()}")


@dataclass
class Faults:
    """Injected failures for reliability tests (rates from 0 to 1)."""

    error_5xx: float = 0.0
    timeout: float = 0.0
    too_many: float = 0.0
    retry_after: int = 1
    hang: float = 5.0  # how long a "timeout" keeps the caller waiting
    methods: tuple[str, ...] = ("sendMessage", "editMessageText", "sendPhoto", "sendLocation")
    seed: int = 1


def check_uploaded_photo(content: bytes) -> None:
    """What Telegram checks of an uploaded photo: an image it can read, at most 10 MB, width and
    height together at most 10,000 pixels, and a side ratio of at most 20."""
    if len(content) > 10 * 1024 * 1024:
        raise ApiError(400, "Bad Request: file is too big")
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        if width + height > 10000 or max(width, height) > 20 * max(1, min(width, height)):
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        return
    if content[:3] == b"\xff\xd8\xff":  # JPEG: dimensions not checked here
        return
    raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")


class FakeTelegram:
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

    # --- Bot API methods ----------------------------------------------------------------

    async def api_getMe(self, p: dict[str, Any]) -> Any:
        return self.bot

    async def api_deleteWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def api_setWebhook(self, p: dict[str, Any]) -> Any:
        secret = p.get("secret_token", "")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": p.get("url"), "secret_token": secret}
        return True

    async def api_setMyCommands(self, p: dict[str, Any]) -> Any:
        commands = json.loads(p.get("commands", "[]"))
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
        self.commands[self._scope_key(p)] = [(c["command"], c["description"]) for c in commands]
        return True

    async def api_deleteMyCommands(self, p: dict[str, Any]) -> Any:
        self.commands.pop(self._scope_key(p), None)
        return True

    async def api_setMyDescription(self, p: dict[str, Any]) -> Any:
        text = p.get("description", "")
        if len(text) > 512:
            raise ApiError(400, "Bad Request: description is too long")
        self.descriptions[("description", p.get("language_code", ""))] = text
        return True

    async def api_setMyShortDescription(self, p: dict[str, Any]) -> Any:
        text = p.get("short_description", "")
        if len(text) > 120:
            raise ApiError(400, "Bad Request: short description is too long")
        self.descriptions[("short", p.get("language_code", ""))] = text
        return True

    def _scope_key(self, p: dict[str, Any]) -> tuple[str, int | None, str]:
        """(scope type, chat id for a chat scope, language code) as Telegram keys a menu."""
        scope = json.loads(p.get("scope", '{"type": "default"}'))
        chat = scope.get("chat_id")
        if chat is not None and int(chat) not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return (scope["type"], None if chat is None else int(chat), p.get("language_code", ""))

    async def api_getUpdates(self, p: dict[str, Any]) -> Any:
        self.polls.append(time.monotonic())
        offset = int(p.get("offset", 0) or 0)
        timeout = float(p.get("timeout", 0) or 0)
        if offset:
            # Telegram forgets every update below the offset: it is confirmed.
            self.highest_confirmed = max(self.highest_confirmed, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._new_update:
            while True:
                ready = [u for u in self.updates if u["update_id"] >= offset]
                if ready or time.monotonic() >= deadline or self._closing:
                    return ready[:100]
                self.polling = True
                try:
                    await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
                except TimeoutError:
                    pass
                finally:
                    self.polling = False

    async def api_sendMessage(self, p: dict[str, Any]) -> Any:
        chat_id = self._chat_id(p)
        text = self._text(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "message text")
        buttons, keyboard = self._markup(p.get("reply_markup"))
        sent = Sent(chat_id, self._next_message_id(chat_id), "text", text, p["text"], buttons, keyboard)
        if '"remove_keyboard"' in (p.get("reply_markup") or ""):
            sent.extra["remove_keyboard"] = True  # the chat's reply keyboard goes away
        return self._store(sent)

    async def api_sendPhoto(self, p: dict[str, Any]) -> Any:
        chat_id = self._chat_id(p)
        caption = self._text(p.get("caption", ""), p.get("parse_mode"), CAPTION_LIMIT, "caption")
        photo = p.get("photo")
        if not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        extra: dict[str, Any] = {"photo": photo}
        if isinstance(photo, dict):
            check_uploaded_photo(photo["content"])
            extra = {"photo": f"uploaded:{photo['filename']}", "content": photo["content"]}
        buttons, _ = self._markup(p.get("reply_markup"))
        sent = Sent(chat_id, self._next_message_id(chat_id), "photo", caption, p.get("caption", ""), buttons,
                    extra=extra)  # fmt: skip
        return self._store(sent)

    async def api_sendDocument(self, p: dict[str, Any]) -> Any:
        chat_id = self._chat_id(p)
        caption = self._text(p.get("caption", ""), p.get("parse_mode"), CAPTION_LIMIT, "caption")
        document = p.get("document")
        if not isinstance(document, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        sent = Sent(chat_id, self._next_message_id(chat_id), "document", caption, p.get("caption", ""), [],
                    extra={"filename": document["filename"], "content": document["content"]})  # fmt: skip
        return self._store(sent)

    async def api_sendLocation(self, p: dict[str, Any]) -> Any:
        chat_id = self._chat_id(p)
        try:
            latitude, longitude = float(p["latitude"]), float(p["longitude"])
        except (KeyError, ValueError) as exc:
            raise ApiError(400, "Bad Request: wrong latitude or longitude") from exc
        sent = Sent(chat_id, self._next_message_id(chat_id), "location", "", "", [],
                    extra={"latitude": latitude, "longitude": longitude})  # fmt: skip
        return self._store(sent)

    def _target(self, p: dict[str, Any]) -> Sent:
        chat_id = self._chat_id(p)
        try:
            message_id = int(p.get("message_id", 0))
        except ValueError as exc:
            raise ApiError(400, "Bad Request: message identifier is not specified") from exc
        sent = self.messages.get((chat_id, message_id))
        if sent is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return sent

    async def api_editMessageText(self, p: dict[str, Any]) -> Any:
        sent = self._target(p)
        if sent.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = self._text(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "message text")
        buttons, _ = self._markup(p.get("reply_markup"))
        if text == sent.text and buttons == sent.buttons and p["text"] == sent.html:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply "
                                "markup of the message")  # fmt: skip
        sent.text, sent.html, sent.buttons = text, p["text"], buttons
        sent.edits += 1
        self._changed("edit", sent)
        return self._message_json(sent)

    async def api_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        sent = self._target(p)
        buttons, _ = self._markup(p.get("reply_markup"))
        if buttons == sent.buttons:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply "
                                "markup of the message")  # fmt: skip
        sent.buttons = buttons
        sent.edits += 1
        self._changed("edit", sent)
        return self._message_json(sent)

    async def api_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        query_id = p.get("callback_query_id", "")
        if query_id not in self.open_queries:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = p.get("text")
        if text is not None and len(text) > ANSWER_TEXT_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.open_queries.discard(query_id)
        shown = None if text is None else seen(text)  # as a person reads the toast
        self.answers[query_id] = {"text": shown, "show_alert": p.get("show_alert") in ("true", True)}
        self._changed("answer", {"query_id": query_id, **self.answers[query_id]})
        return True

    async def api_getChat(self, p: dict[str, Any]) -> Any:
        return self.chats[self._chat_id(p)]

    # --- what tests do: people and groups, and their actions ------------------------------

    def add_user(self, user_id: int, first_name: str, language_code: str | None = "ko",
                 username: str | None = None) -> dict[str, Any]:  # fmt: skip
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        self.users[user_id] = user
        self.chats[user_id] = {"id": user_id, "type": "private", "first_name": first_name}
        return user

    def add_group(self, chat_id: int, title: str) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup" if chat_id < -1000000000000 else "group", "title": title}
        self.chats[chat_id] = chat
        return chat

    async def push(self, kind: str, payload: dict[str, Any], update_id: int | None = None) -> int:
        update_id = update_id if update_id is not None else next(self._update_ids)
        async with self._new_update:
            self.updates.append({"update_id": update_id, kind: payload})
            self.history.append({"update_id": update_id, kind: payload})
            self._new_update.notify_all()
        return update_id

    async def bot_added(self, chat_id: int, by_user_id: int, status: str = "member") -> int:
        """Somebody adds the bot to a group as a member (or removes it: status "left").
        (Making it an administrator would need the rights fields of ChatMemberAdministrator.)"""
        bot = {**self.bot}
        old, new = ("left", status) if status != "left" else ("member", "left")
        change = {
            "chat": self.chats[chat_id], "from": self.users[by_user_id], "date": int(time.time()),
            "old_chat_member": {"user": bot, "status": old}, "new_chat_member": {"user": bot, "status": new},
        }  # fmt: skip
        return await self.push("my_chat_member", change)

    def _user_message(self, user_id: int, chat_id: int, **content: Any) -> dict[str, Any]:
        if chat_id > 0:
            self.started.add(user_id)
        message = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chats[chat_id],
            "from": self.users[user_id],
            **content,
        }
        if self.keep_user_messages:
            self._store(Sent(chat_id, message["message_id"], "user", str(content.get("text", "")), "", [],
                             extra={"from": user_id, **content}))  # fmt: skip
        return message

    async def text(self, user_id: int, text: str, chat_id: int | None = None) -> int:
        chat_id = chat_id if chat_id is not None else user_id
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
            ]
        return await self.push("message", self._user_message(user_id, chat_id, **content))

    async def contact(self, user_id: int, phone: str, owner_id: int | None = None) -> int:
        contact = {"phone_number": phone, "first_name": self.users[user_id]["first_name"],
                   "user_id": owner_id if owner_id is not None else user_id}  # fmt: skip
        return await self.push("message", self._user_message(user_id, user_id, contact=contact))

    async def location(self, user_id: int, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return await self.push("message", self._user_message(user_id, user_id, location=location))

    async def photo(self, user_id: int, file_id: str) -> int:
        sizes = [{"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
                 {"file_id": file_id, "file_unique_id": "b", "width": 800, "height": 600}]  # fmt: skip
        return await self.push("message", self._user_message(user_id, user_id, photo=sizes))

    async def sticker(self, user_id: int) -> int:
        sticker = {"file_id": "sticker1", "file_unique_id": "st1", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
        return await self.push("message", self._user_message(user_id, user_id, sticker=sticker))

    async def press(self, user_id: int, sent: Sent, data: str) -> str:
        """A button press; data may be forged (any string), as a hostile client could send."""
        query_id = str(next(self._callback_ids))
        self.open_queries.add(query_id)
        await self.push("callback_query", {
            "id": query_id,
            "from": self.users[user_id],
            "chat_instance": f"ci{sent.chat_id}",
            "message": self._message_json(sent),
            "data": data,
        })  # fmt: skip
        return query_id

    # --- what tests read -----------------------------------------------------------------

    def all_confirmed(self) -> bool:
        """Every injected update was confirmed by a later getUpdates, which is waiting now."""
        return self.polling and not self.updates

    def chat(self, chat_id: int) -> list[Sent]:
        return sorted(
            (m for (c, _), m in self.messages.items() if c == chat_id and m.kind != "user"),
            key=lambda m: m.message_id,
        )

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [params for _, name, params in self.log if name == method]
