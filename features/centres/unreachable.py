"""What golmok does when Telegram says a chat cannot be written to (the sender's 403 hook) or
that a group moved to a new id: the decisions about people, where the sender only delivers.

- A centre's staff group removed the bot: its centre is marked unreachable, so the one routing
  rule (core/routing.py) sends that 동's staff messages to the admins from now on; the
  staff alerts that were waiting for the group go to the admins now, and the admins are told.
- A person never started the bot or blocked it: they are marked unreachable and the admins are
  told once while they are away (not for a campaign or an announcement, which count the
  undelivered in their own summary).
"""

from __future__ import annotations

from core import render, routing
from core.areas import AreaDirectory
from core.settings import Settings
from messages import t
from storage import centres, outbox, users
from storage.db import Tx
from storage.outbox import OutboxRow


class UnreachableChats:
    def __init__(self, settings: Settings, areas: AreaDirectory) -> None:
        self.settings = settings
        self.areas = areas

    async def group_gone(self, tx: Tx, chat_id: int, failed: list[OutboxRow], now: str) -> None:
        area_code = await centres.mark_unreachable(tx, chat_id, now)
        for item in failed:
            if item.fallback == "admins" and item.method != "edit":
                await self._reroute_to_admins(tx, item, area_code, now)
        if area_code is not None:
            area: dict[str, object] = {"area": self._area(area_code)}
            await self._tell_admins(tx, chat_id, "admin.chat_unreachable", area, now)

    async def person_gone(self, tx: Tx, row: OutboxRow, reason: str, first: bool, now: str) -> None:
        await users.mark_unreachable(tx, row.chat_id, now)
        if first and row.priority != outbox.BULK:
            name = (await users.names(tx, {row.chat_id})).get(row.chat_id, str(row.chat_id))
            key = "admin.user_not_started" if "started" in reason else "admin.user_unreachable"
            await self._tell_admins(tx, row.chat_id, key, {"name": name, "user_id": row.chat_id}, now)

    async def chat_moved(self, tx: Tx, old_chat_id: int, new_chat_id: int) -> None:
        await centres.migrate_chat(tx, old_chat_id, new_chat_id)

    def _area(self, code: str) -> str:
        return render.area_name(self.areas, code)

    async def _tell_admins(self, tx: Tx, chat_id: int, key: str, values: dict[str, object], now: str) -> None:
        for admin in await routing.admin_destinations(tx, self.settings):
            if admin.chat_id == chat_id:
                continue  # an admin who blocked the bot is not told about themselves
            await outbox.enqueue(
                tx, admin.chat_id, now, text=t(admin.lang, key, **values),
                dedup_key=f"unreachable:{chat_id}:{key}:{now}:{admin.chat_id}",
            )  # fmt: skip

    async def _reroute_to_admins(self, tx: Tx, item: OutboxRow, area_code: str | None, now: str) -> None:
        area = self._area(area_code) if area_code is not None else ""
        for admin in await routing.admin_destinations(tx, self.settings):
            admin_id, lang = admin.chat_id, admin.lang
            store_ref = None
            if item.store_ref:
                # alert:<report>:<area>:<chat> → the same alert, now held by this admin.
                store_ref = item.store_ref.rsplit(":", 1)[0] + f":{admin_id}"
            await outbox.enqueue(
                tx, admin_id, now,
                text=t(lang, "admin.rerouted", area=area) + (item.text or ""),
                keyboard=item.keyboard, method=item.method, payload=item.payload or None,
                store_ref=store_ref, dedup_key=f"reroute:{item.id}:{admin_id}",
            )  # fmt: skip
