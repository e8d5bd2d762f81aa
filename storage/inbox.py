"""The inbox: every update from Telegram, stored before getUpdates moves past it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storage.db import Tx
from storage.dialect import POSTGRES

CHANNEL = "golmok_inbox"  # PostgreSQL's notification channel for stored updates


async def store(tx: Tx, updates: Sequence[tuple[int, dict[str, Any]]], now: str) -> int:
    """Insert updates; one delivered twice (same update_id) is stored once."""
    return await tx.executemany(
        "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?) "
        "ON CONFLICT(update_id) DO NOTHING",
        [(update_id, json.dumps(payload, ensure_ascii=False), now) for update_id, payload in updates],
    )


async def announce(tx: Tx) -> None:
    """Tell the process that leads that an update was stored (PostgreSQL's NOTIFY, delivered when
    the transaction commits; storage/postgres.inbox_notices). On SQLite one process stores and
    handles, so there is nobody to tell."""
    if tx.dialect == POSTGRES:
        await tx.execute(f"NOTIFY {CHANNEL}")


async def last_update_id(tx: Tx) -> int | None:
    value = await tx.scalar("SELECT max(update_id) FROM inbox")
    return None if value is None else int(value)


async def unhandled(tx: Tx, limit: int = 500, after: int = 0) -> list[int]:
    """The ids of the oldest unhandled updates after `after` (the partial index inbox_unhandled
    holds exactly these, so the scan is as long as the backlog, not the table)."""
    rows = await tx.fetchall(
        "SELECT update_id FROM inbox WHERE handled_at IS NULL AND update_id > ? ORDER BY update_id LIMIT ?",
        (after, limit),
    )
    return [int(row["update_id"]) for row in rows]


async def payloads(tx: Tx, update_ids: Sequence[int]) -> dict[int, str]:
    """The stored JSON of these updates; the caller parses one only when it does not hold that
    update already."""
    found: dict[int, str] = {}
    for start in range(0, len(update_ids), 100):  # a hundred marks a statement, well inside any limit
        chunk = list(update_ids[start : start + 100])
        marks = ", ".join("?" for _ in chunk)
        rows = await tx.fetchall(f"SELECT update_id, payload FROM inbox WHERE update_id IN ({marks})", chunk)
        found.update((int(row["update_id"]), row["payload"]) for row in rows)
    return found


async def mark_handled(tx: Tx, update_id: int, now: str) -> None:
    # A handled update is kept only as its id (for the getUpdates offset and for recognising a
    # repeat): its payload held what people wrote, which must not outlive the report itself.
    await tx.execute("UPDATE inbox SET handled_at = ?, payload = '{}' WHERE update_id = ?", (now, update_id))


async def count_unhandled(tx: Tx) -> int:
    return int(await tx.scalar("SELECT count(*) FROM inbox WHERE handled_at IS NULL"))


async def touch_user(tx: Tx, user_id: int, now: str) -> None:
    """Someone used the bot: the inactivity clock starts again."""
    await tx.execute("UPDATE users SET last_active_at = ? WHERE id = ?", (now, user_id))


async def forget_user(tx: Tx, user_id: int, terms: Sequence[str]) -> int:
    """Remove a person's Telegram name, username and phone number from the updates not yet
    handled (the one being handled, which carries them in its `from` and `chat`, and any
    after it). Handled updates keep no payload at all (see mark_handled). The updates stay
    readable: a User keeps an empty first_name, which the Bot API requires. Returns how many
    rows were rewritten."""
    rows = await tx.fetchall("SELECT update_id, payload FROM inbox WHERE handled_at IS NULL")
    changed = 0
    for row in rows:
        payload = json.loads(row["payload"])
        scrubbed = _scrub(payload, user_id, [term for term in terms if term])
        text = json.dumps(scrubbed, ensure_ascii=False)
        if text != row["payload"]:
            await tx.execute("UPDATE inbox SET payload = ? WHERE update_id = ?", (text, row["update_id"]))
            changed += 1
    return changed


def _scrub(value: Any, user_id: int, terms: Sequence[str]) -> Any:
    """A copy of an update's JSON without the person's name, username and phone: in User and
    private Chat objects with their id, in a contact they shared, and in the bot's own messages
    (a button pressed under a notice carries that message's text, which may name them). What
    other people wrote is left as it is, even if it happens to contain the same letters."""
    if isinstance(value, list):
        return [_scrub(item, user_id, terms) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    sender = value.get("from")
    by_bot = isinstance(sender, dict) and sender.get("is_bot") is True
    for key, item in value.items():
        if by_bot and key in ("text", "caption") and isinstance(item, str):
            for term in terms:
                item = item.replace(term, "")
            out[key] = item
        else:
            out[key] = _scrub(item, user_id, terms)
    if out.get("id") == user_id and ("first_name" in out or "username" in out):
        out["first_name"] = ""  # a User or a private Chat: the Bot API requires a first name
        out.pop("last_name", None)
        out.pop("username", None)
    if out.get("user_id") == user_id and "phone_number" in out:  # a contact they shared
        out["phone_number"] = ""
        out["first_name"] = ""
        out.pop("last_name", None)
    return out
