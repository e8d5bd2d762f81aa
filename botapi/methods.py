"""The Bot API methods golmok calls, answered as Telegram would (and refused where it would)."""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from typing import Any

from botapi.base import BotApiBase
from botapi.records import (
    ANSWER_TEXT_LIMIT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    UPDATE_KINDS,
    ApiError,
    Sent,
    check_uploaded_photo,
    seen,
)


class BotApiMethods(BotApiBase):
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
        allowed = json.loads(p["allowed_updates"]) if p.get("allowed_updates") else None
        if allowed is not None and not (isinstance(allowed, list) and set(allowed) <= UPDATE_KINDS):
            raise ApiError(400, "Bad Request: can't parse allowed updates")
        if not str(p.get("url", "")).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        # Like Telegram: about one setWebhook a second per bot; more meet a 429.
        now = time.monotonic()
        if now - self.webhook_set_at < self.webhook_interval:
            wait = max(1, math.ceil(self.webhook_interval - (now - self.webhook_set_at)))
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        self.webhook_set_at = now
        self.webhook = {"url": p.get("url"), "secret_token": secret}
        self.allowed_updates = allowed
        return True

    async def api_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        info: dict[str, Any] = {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                                "pending_update_count": len(self.updates)}  # fmt: skip
        if self.allowed_updates is not None:
            info["allowed_updates"] = self.allowed_updates
        return info

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
        if p.get("allowed_updates"):
            # Like Telegram: the list is remembered, and kinds not in it are not kept (server.push).
            self.allowed_updates = json.loads(p["allowed_updates"])
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
