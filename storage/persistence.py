"""python-telegram-bot persistence in SQLite: conversation states and per-user drafts.

Writes are staged, not committed on their own: the poller commits them in the same transaction
that marks the update handled (see delivery/poller.py). A crash therefore leaves either the
old state with the update still to handle, or the new state with the update handled; never the
new state with the update handled again on top of it.

Only user_data (the drafts) and conversations are stored; chat_data, bot_data and callback
data are not used by golmok. Values are JSON, so a draft holds only plain data.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.db import Database, Params, Tx
from storage.dialect import last_json_item


def _key_text(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _lane(key: ConversationKey) -> int | None:
    """A conversation key is (chat id, user id): its lane is the user."""
    return int(key[-1]) if key else None


class SqlitePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    def __init__(self, db: Database, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        # (lane, sql, params): the lane is the user whose state it is (delivery/poller.py
        # handles the updates of different users at once and commits each user's state with
        # that user's update, never with another's).
        self._staged: list[tuple[int | None, str, Params]] = []

    async def write_staged(self, tx: Tx, lane: int | None = None) -> None:
        """Apply the staged writes of one lane (None: all of them) inside the caller's
        transaction, in the order they were staged."""
        if lane is None:
            staged, self._staged = self._staged, []
        else:
            staged = [item for item in self._staged if item[0] == lane]
            self._staged = [item for item in self._staged if item[0] != lane]
        for _, sql, params in staged:
            await tx.execute(sql, params)

    async def flush(self) -> None:
        """At shutdown: whatever is still staged, in a transaction of its own."""
        if self._staged:
            async with self.db.transaction() as tx:
                await self.write_staged(tx)

    # --- user data (the drafts) --------------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        # python-telegram-bot loads persistence in Application.initialize(), before post_init
        # runs, so the first read opens the database (post_init finds it open).
        await self.db.open()
        rows = await self.db.fetchall("SELECT user_id, data FROM ptb_user_data")
        return {row["user_id"]: json.loads(row["data"]) for row in rows}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        if data:
            self._staged.append(
                (
                    user_id,
                    "INSERT INTO ptb_user_data (user_id, data) VALUES (?, ?) "
                    "ON CONFLICT(user_id) DO UPDATE SET data = excluded.data",
                    (user_id, json.dumps(data, ensure_ascii=False)),
                )
            )
        else:
            await self.drop_user_data(user_id)

    async def drop_user_data(self, user_id: int) -> None:
        self._staged.append((user_id, "DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,)))

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """The in-memory copy is the live one; nothing else writes this table."""

    # --- conversations -----------------------------------------------------------------------

    async def get_conversations(self, name: str) -> ConversationDict:
        await self.db.open()
        rows = await self.db.fetchall("SELECT key, state FROM ptb_conversations WHERE name = ?", (name,))
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        if new_state is None:
            self._staged.append(
                (
                    _lane(key),
                    "DELETE FROM ptb_conversations WHERE name = ? AND key = ?",
                    (name, _key_text(key)),
                )
            )
        else:
            self._staged.append(
                (
                    _lane(key),
                    "INSERT INTO ptb_conversations (name, key, state) VALUES (?, ?, ?) "
                    "ON CONFLICT(name, key) DO UPDATE SET state = excluded.state",
                    (name, _key_text(key), json.dumps(new_state)),
                )
            )

    # --- unused kinds of data ----------------------------------------------------------------

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None


async def forget_user(tx: Tx, user_id: int) -> None:
    """Delete the user's drafts and the state of every conversation they are in, inside the
    caller's transaction. A conversation key is [chat id, user id]: its last element is compared
    as a number, so user 2345678 never matches user 12345678 (a text pattern on the key did).
    The Application's in-memory copies are dropped by the caller (features/privacy/flow.py)."""
    await tx.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
    await tx.execute(
        f"DELETE FROM ptb_conversations WHERE {last_json_item(tx.dialect, 'key')} = ?", (user_id,)
    )
