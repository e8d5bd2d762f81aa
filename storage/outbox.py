"""The outbox: every message another person must receive, recorded in the same transaction
as the change that causes it, then sent by delivery/sender.py."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.db import Row, Tx
from storage.dialect import contains, in_json_list

# A keyboard as plain data: rows of (label, callback_data) buttons.
Keyboard = list[list[tuple[str, str]]]

# Priorities (lower goes first): a new report's staff alert (a person may be in crisis), then
# anything else somebody is waiting on (receipts, status updates, reminders), then messages to
# many people. In a burst of confirms every alert goes before the receipts.
ALERT = -1
URGENT = 0
BULK = 1
# Methods that change a message already sent instead of sending one: Telegram's per-person limit
# counts messages, not these.
CHANGES = ("edit", "markup")


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    chat_id: int
    method: str
    text: str | None
    keyboard: Keyboard | None
    payload: dict[str, Any]
    edit_ref: str | None
    store_ref: str | None
    fallback: str | None
    attempts: int
    not_before: str
    campaign_id: int | None = None
    priority: int = 0

    @classmethod
    def from_row(cls, row: Row) -> OutboxRow:
        markup = json.loads(row["reply_markup"]) if row["reply_markup"] else None
        return cls(
            id=row["id"],
            chat_id=row["chat_id"],
            method=row["method"],
            text=row["text"],
            keyboard=[[(label, data) for label, data in line] for line in markup] if markup else None,
            payload=json.loads(row["payload"]) if row["payload"] else {},
            edit_ref=row["edit_ref"],
            store_ref=row["store_ref"],
            fallback=row["fallback"],
            attempts=row["attempts"],
            not_before=row["not_before"],
            campaign_id=row["campaign_id"],
            priority=row["priority"],
        )


async def enqueue(
    tx: Tx,
    chat_id: int,
    now: str,
    *,
    text: str | None = None,
    keyboard: Keyboard | None = None,
    method: str = "send",
    payload: dict[str, Any] | None = None,
    edit_ref: str | None = None,
    store_ref: str | None = None,
    fallback: str | None = None,
    dedup_key: str | None = None,
    not_before: str | None = None,
    priority: int = URGENT,
    campaign_id: int | None = None,
) -> int:
    """Record a message to send. A repeated dedup_key records nothing (returns 0)."""
    return await tx.execute(
        "INSERT INTO outbox (dedup_key, chat_id, method, text, reply_markup, payload, edit_ref, "
        "store_ref, fallback, not_before, created_at, priority, campaign_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING",
        (
            dedup_key,
            chat_id,
            method,
            text,
            json.dumps(keyboard, ensure_ascii=False) if keyboard else None,
            json.dumps(payload, ensure_ascii=False) if payload else None,
            edit_ref,
            store_ref,
            fallback,
            not_before or now,
            now,
            priority,
            campaign_id,
        ),
    )


async def pending(tx: Tx, now: str, limit: int, skip_chats: Sequence[int] = ()) -> list[OutboxRow]:
    """The next rows to try: everything somebody is waiting on before any bulk message.

    Only rows that may go now, and rows waiting to be retried (they were due and could not go,
    so they still hold the later rows of their chat). Rows held for later (quiet hours, the
    digest) are left out: however many there are, they never crowd out what is due now. Nor
    do the rows of `skip_chats` (chats with a call in flight, or waiting for their window): a
    chat's backlog never keeps other chats out.
    """
    rows = await tx.fetchall(
        "SELECT * FROM outbox WHERE state = 'pending' AND (not_before <= ? OR attempts > 0) "
        f"AND NOT {in_json_list(tx.dialect, 'chat_id')} ORDER BY priority, id LIMIT ?",
        (now, json.dumps(list(skip_chats)), limit),
    )
    return [OutboxRow.from_row(row) for row in rows]


def waiting_to_retry(row: OutboxRow, now: str) -> bool:
    """A row that was due, was tried and could not go (429, 5xx, network): it waits for its
    retry and keeps its place before the later rows of its chat. A row whose not_before is
    merely in the future (held until quiet hours end, the digest) holds nothing back.
    (retry_later is the only way a pending row gets attempts > 0 and a later not_before.)"""
    return row.attempts > 0 and row.not_before > now


async def next_held(tx: Tx, now: str) -> str | None:
    """When the first row held for later falls due (None: nothing is held)."""
    value = await tx.scalar(
        "SELECT min(not_before) FROM outbox WHERE state = 'pending' AND not_before > ?", (now,)
    )
    return None if value is None else str(value)


async def next_due(tx: Tx) -> str | None:
    value = await tx.scalar("SELECT min(not_before) FROM outbox WHERE state = 'pending'")
    return None if value is None else str(value)


async def mark_sent(tx: Tx, row_id: int, message_id: int | None, now: str, wall: float) -> None:
    """Sent at `now` (the bot's clock, shown to people) and `wall` (unix seconds, for the rate
    limiter after a restart)."""
    await tx.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, sent_wall = ?, message_id = ?, "
        "attempts = attempts + 1 WHERE id = ?",
        (now, wall, message_id, row_id),
    )


async def sent_since(tx: Tx, wall: float) -> list[tuple[int, float, bool]]:
    """(chat id, unix time, was a send) of every row that went out since `wall`."""
    rows = await tx.fetchall("SELECT chat_id, sent_wall, method FROM outbox WHERE sent_wall >= ?", (wall,))
    return [(int(r["chat_id"]), float(r["sent_wall"]), r["method"] not in CHANGES) for r in rows]


async def mark_final(tx: Tx, row_id: int, state: str, error: str) -> None:
    await tx.execute(
        "UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
        (state, error, row_id),
    )


async def retry_later(tx: Tx, row_id: int, not_before: str, error: str) -> None:
    await tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?",
        (not_before, error, row_id),
    )


async def defer(tx: Tx, row_id: int, not_before: str) -> None:
    await tx.execute("UPDATE outbox SET not_before = ? WHERE id = ?", (not_before, row_id))


async def move_chat(tx: Tx, old_chat_id: int, new_chat_id: int) -> None:
    await tx.execute(
        "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND state = 'pending'",
        (new_chat_id, old_chat_id),
    )


async def pending_for_chat(tx: Tx, chat_id: int) -> list[OutboxRow]:
    rows = await tx.fetchall(
        "SELECT * FROM outbox WHERE chat_id = ? AND state = 'pending' ORDER BY id", (chat_id,)
    )
    return [OutboxRow.from_row(row) for row in rows]


async def park(tx: Tx, row_id: int, reason: str) -> None:
    """Keep a row that cannot reach its person yet (403: never started the bot, or blocked it)
    until they write to the bot again; the reason stays in last_error for the operator."""
    await tx.execute("UPDATE outbox SET state = 'parked', last_error = ? WHERE id = ?", (reason, row_id))


async def has_parked(tx: Tx, chat_id: int) -> bool:
    found = await tx.fetchone(
        "SELECT 1 FROM outbox WHERE chat_id = ? AND state = 'parked' LIMIT 1", (chat_id,)
    )
    return found is not None


async def release_parked(tx: Tx, chat_id: int) -> int:
    """The person wrote to the bot: what waited for them may go (each row keeps its not_before,
    so a status update parked during quiet hours still waits for the morning)."""
    return await tx.changes(
        "UPDATE outbox SET state = 'pending' WHERE chat_id = ? AND state = 'parked'", (chat_id,)
    )


async def original_parked(tx: Tx, ref: str) -> str | None:
    """The reason the unsent original of an edit is parked, if it is."""
    value = await tx.scalar(
        "SELECT last_error FROM outbox WHERE store_ref = ? AND state = 'parked' LIMIT 1", (ref,)
    )
    return None if value is None else str(value)


async def latest_text(tx: Tx, ref: str) -> str | None:
    """The text the outbox last meant a stored message to show: its newest send or edit that was
    not refused for good (None when there is none)."""
    value = await tx.scalar(
        "SELECT text FROM outbox WHERE (store_ref = ? OR (edit_ref = ? AND method = 'edit')) "
        "AND state NOT IN ('failed', 'skipped') ORDER BY id DESC LIMIT 1",
        (ref, ref),
    )
    return None if value is None else str(value)


async def has_newer_edit(tx: Tx, row: OutboxRow) -> bool:
    found = await tx.fetchone(
        "SELECT 1 FROM outbox WHERE edit_ref = ? AND state IN ('pending', 'parked') AND id > ?",
        (row.edit_ref, row.id),
    )
    return found is not None


async def original_pending(tx: Tx, ref: str) -> bool:
    found = await tx.fetchone("SELECT 1 FROM outbox WHERE store_ref = ? AND state = 'pending'", (ref,))
    return found is not None


async def original_held_until(tx: Tx, ref: str, now: str) -> str | None:
    """When the unsent original of an edit is held for later (quiet hours), the time it may go;
    None when it may go now or is waiting for a retry."""
    value = await tx.scalar(
        "SELECT min(not_before) FROM outbox WHERE store_ref = ? AND state = 'pending' "
        "AND attempts = 0 AND not_before > ?",
        (ref, now),
    )
    return None if value is None else str(value)


async def refs_with_prefix(tx: Tx, prefix: str) -> list[tuple[int, str]]:
    """Chats and refs of every message (sent, pending or parked) stored under a ref prefix."""
    rows = await tx.fetchall(
        "SELECT DISTINCT chat_id, store_ref FROM outbox WHERE store_ref >= ? AND store_ref < ? "
        "AND state IN ('pending', 'parked', 'sent')",
        (prefix, prefix + "\uffff"),
    )
    return [(row["chat_id"], row["store_ref"]) for row in rows]


async def save_ref(tx: Tx, ref: str, chat_id: int, message_id: int) -> None:
    await tx.execute(
        "INSERT INTO message_refs (ref, chat_id, message_id) VALUES (?, ?, ?) "
        "ON CONFLICT(ref) DO UPDATE SET chat_id = excluded.chat_id, "
        "message_id = excluded.message_id",
        (ref, chat_id, message_id),
    )


async def get_ref(tx: Tx, ref: str) -> tuple[int, int] | None:
    row = await tx.fetchone("SELECT chat_id, message_id FROM message_refs WHERE ref = ?", (ref,))
    return None if row is None else (row["chat_id"], row["message_id"])


# --- privacy: what /forget removes from the outbox (features/privacy/actions.py) -------------------


async def forget_refs(tx: Tx, prefix: str) -> None:
    """Messages stored or edited under a ref prefix that is about one person (for example
    "volunteer:<id>:"): those not sent yet are not sent any more, and none keeps its text."""
    bounds = (prefix, prefix + "\uffff")
    where = "((store_ref >= ? AND store_ref < ?) OR (edit_ref >= ? AND edit_ref < ?))"
    await tx.execute(
        "UPDATE outbox SET state = 'skipped', last_error = 'account removed' "
        f"WHERE state = 'pending' AND {where}",
        bounds + bounds,
    )
    await tx.execute(
        f"UPDATE outbox SET text = NULL, reply_markup = NULL, payload = NULL WHERE {where}", bounds + bounds
    )


async def erase_mentions(tx: Tx, names: Sequence[str], placeholder: str) -> None:
    """No row keeps any of `names` (a person's name, username, phone number, as written).
    Rows already sent, failed or skipped are history nobody reads again: they lose their text.
    Rows still to send keep their message with the name replaced, in the text only, never in
    the markup around it (a name such as "<b>" must not break an alert's HTML); names shorter
    than two characters are left in those, where they would more likely be somebody else's."""
    names = [name for name in dict.fromkeys(names) if name]
    forms = list(dict.fromkeys([*names, *(html.escape(name, quote=False) for name in names)]))
    for form in forms:
        await tx.execute(
            "UPDATE outbox SET text = NULL, reply_markup = NULL, payload = NULL WHERE state <> 'pending' "
            f"AND ({contains(tx.dialect, 'text')} OR {contains(tx.dialect, 'reply_markup')} "
            f"OR {contains(tx.dialect, 'payload')})",
            (form, form, form),
        )
    replaceable = sorted((name for name in names if len(name) >= 2), key=len, reverse=True)
    for form in dict.fromkeys(html.escape(name, quote=False) for name in replaceable):
        rows = await tx.fetchall(
            f"SELECT id, text FROM outbox WHERE state = 'pending' AND {contains(tx.dialect, 'text')}", (form,)
        )
        for row in rows:
            text = _replace_in_text(row["text"], replaceable, placeholder)
            if text != row["text"]:
                await tx.execute("UPDATE outbox SET text = ? WHERE id = ?", (text, row["id"]))


_TAG = re.compile(r"(<[^>]*>)")


def _replace_in_text(message: str, names: Sequence[str], placeholder: str) -> str:
    """Replace names in the text between the tags of an HTML message (where messages put them,
    escaped), leaving the tags themselves alone."""
    parts = _TAG.split(message)
    for index in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        text = html.unescape(parts[index])
        for name in names:
            text = text.replace(name, placeholder)
        parts[index] = html.escape(text, quote=False)
    return "".join(parts)


async def message_refs_with_prefix(tx: Tx, prefix: str) -> list[tuple[str, int]]:
    """(ref, chat id) of every message actually sent under a ref prefix."""
    rows = await tx.fetchall(
        "SELECT ref, chat_id FROM message_refs WHERE ref >= ? AND ref < ? ORDER BY ref",
        (prefix, prefix + "\uffff"),
    )
    return [(row["ref"], row["chat_id"]) for row in rows]
