"""A local stand-in for the Telegram Bot API, good enough to run the real bot against.

It speaks HTTP on 127.0.0.1 (an ephemeral port), answers the methods golmok uses, long-polls
getUpdates with offsets, and refuses what Telegram refuses: text over 4096 characters after
entity parsing, callback_data over 64 bytes, HTML that Telegram cannot parse, edits of
unknown messages, unchanged edits, messages to users who never started the bot, and more.
Tests inject user actions (messages, button presses) and read what each chat shows.
"""

from __future__ import annotations

import time
from typing import Any

from botapi.methods import BotApiMethods
from botapi.records import (
    Sent,
)


class FakeTelegram(BotApiMethods):
    """The local Bot API with what tests and the sandbox do: people and groups, their messages and
    presses, and what each chat shows."""

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
        if self.allowed_updates is not None and kind not in self.allowed_updates:
            # Like Telegram: a kind the bot did not ask for is never delivered.
            self.history.append({"update_id": update_id, kind: payload})
            self.dropped.append(update_id)
            return update_id
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
