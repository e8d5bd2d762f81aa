"""Community centres (one per 행정동), their staff and the single-use invite codes."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Row, Tx


@dataclass(frozen=True, slots=True)
class Centre:
    area_code: str
    chat_id: int | None
    lang: str
    unreachable: bool
    auto_approve_meetings: bool = False

    @classmethod
    def from_row(cls, row: Row) -> Centre:
        return cls(
            row["area_code"],
            row["chat_id"],
            row["lang"],
            row["unreachable_at"] is not None,
            bool(row["auto_approve_meetings"]),
        )


async def get(tx: Tx, area_code: str) -> Centre | None:
    row = await tx.fetchone("SELECT * FROM centres WHERE area_code = ?", (area_code,))
    return None if row is None else Centre.from_row(row)


async def by_chat(tx: Tx, chat_id: int) -> Centre | None:
    row = await tx.fetchone("SELECT * FROM centres WHERE chat_id = ?", (chat_id,))
    return None if row is None else Centre.from_row(row)


async def link_chat(
    tx: Tx, area_code: str, chat_id: int, title: str | None, by: int, now: str, lang: str = "ko"
) -> None:
    """Make the group the centre's alert chat; a new centre starts in `lang` (DEFAULT_LANGUAGE),
    a centre linked again keeps the language its staff chose."""
    # A group serves one centre: unlink it from any other first.
    await tx.execute("UPDATE centres SET chat_id = NULL WHERE chat_id = ?", (chat_id,))
    await tx.execute(
        "INSERT INTO centres (area_code, chat_id, chat_title, lang, linked_by, linked_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(area_code) DO UPDATE SET chat_id = excluded.chat_id, "
        "chat_title = excluded.chat_title, linked_by = excluded.linked_by, "
        "linked_at = excluded.linked_at, unreachable_at = NULL",
        (area_code, chat_id, title, lang, by, now),
    )


async def set_language(tx: Tx, area_code: str, lang: str) -> None:
    """The language of everything the bot sends to the centre's staff group."""
    await tx.execute("UPDATE centres SET lang = ? WHERE area_code = ?", (lang, area_code))


async def mark_unreachable(tx: Tx, chat_id: int, now: str) -> str | None:
    """The centre whose alert chat this is (one at most: chat_id is UNIQUE), marked unreachable."""
    row = await tx.fetchone("SELECT area_code FROM centres WHERE chat_id = ?", (chat_id,))
    await tx.execute("UPDATE centres SET unreachable_at = ? WHERE chat_id = ?", (now, chat_id))
    return None if row is None else str(row["area_code"])


async def set_auto_approve_meetings(tx: Tx, area_code: str, on: bool) -> None:
    """Whether the centre's meetings are approved at once, without a staff member's press."""
    await tx.execute("UPDATE centres SET auto_approve_meetings = ? WHERE area_code = ?", (int(on), area_code))


async def chat_title(tx: Tx, area_code: str) -> str | None:
    title = await tx.scalar("SELECT chat_title FROM centres WHERE area_code = ?", (area_code,))
    return None if title is None else str(title)


async def areas_without_chat(tx: Tx) -> list[str]:
    """동 with open reports and no linked, reachable centre chat: their alerts go to the admins."""
    rows = await tx.fetchall(
        "SELECT DISTINCT r.area_code FROM reports r LEFT JOIN centres c ON c.area_code = r.area_code "
        "WHERE r.status <> 'closed' AND (c.area_code IS NULL OR c.chat_id IS NULL "
        "OR c.unreachable_at IS NOT NULL) ORDER BY r.area_code"
    )
    return [row["area_code"] for row in rows]


async def migrate_chat(tx: Tx, old_chat_id: int, new_chat_id: int) -> None:
    await tx.execute("UPDATE centres SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))


async def has_chat(tx: Tx, area_code: str) -> bool:
    """Whether the centre has a linked alert chat (reachable or not)."""
    row = await tx.fetchone("SELECT 1 FROM centres WHERE area_code = ? AND chat_id IS NOT NULL", (area_code,))
    return row is not None


async def linked_areas(tx: Tx) -> list[str]:
    """Every centre with a linked alert chat (reachable or not)."""
    rows = await tx.fetchall("SELECT area_code FROM centres WHERE chat_id IS NOT NULL")
    return [row["area_code"] for row in rows]


# --- staff ---------------------------------------------------------------------------------


async def staff_areas(tx: Tx, user_id: int) -> list[str]:
    rows = await tx.fetchall(
        "SELECT area_code FROM staff WHERE user_id = ? AND revoked_at IS NULL ORDER BY area_code",
        (user_id,),
    )
    return [row["area_code"] for row in rows]


async def is_staff(tx: Tx, user_id: int, area_code: str) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM staff WHERE user_id = ? AND area_code = ? AND revoked_at IS NULL",
        (user_id, area_code),
    )
    return row is not None


async def grant(tx: Tx, user_id: int, area_code: str, by: int | None, now: str) -> None:
    await tx.execute(
        "INSERT INTO staff (user_id, area_code, granted_by, granted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(user_id, area_code) DO UPDATE SET granted_by = excluded.granted_by, "
        "granted_at = excluded.granted_at, revoked_at = NULL, revoked_by = NULL",
        (user_id, area_code, by, now),
    )


async def revoke(tx: Tx, user_id: int, area_code: str, by: int, now: str) -> bool:
    changed = await tx.changes(
        "UPDATE staff SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND area_code = ? "
        "AND revoked_at IS NULL",
        (now, by, user_id, area_code),
    )
    return changed > 0


async def list_staff(tx: Tx) -> list[Row]:
    return await tx.fetchall(
        "SELECT s.user_id, s.area_code, u.display_name FROM staff s JOIN users u ON u.id = s.user_id "
        "WHERE s.revoked_at IS NULL ORDER BY s.area_code, u.display_name"
    )


# --- invites -------------------------------------------------------------------------------


async def create_invite(tx: Tx, code: str, area_code: str, by: int, now: str, expires: str) -> None:
    await tx.execute(
        "INSERT INTO invites (code, area_code, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        (code, area_code, by, now, expires),
    )


async def get_invite(tx: Tx, code: str) -> Row | None:
    return await tx.fetchone("SELECT * FROM invites WHERE code = ?", (code,))


async def use_invite(tx: Tx, code: str, user_id: int, now: str) -> bool:
    """Marks the code used; False if it was used or expired meanwhile (single use)."""
    changed = await tx.changes(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_at IS NULL AND expires_at > ?",
        (user_id, now, code, now),
    )
    return changed > 0


async def wrong_codes_since(tx: Tx, user_id: int, since: str) -> int:
    """How many wrong invite codes the user sent since `since` (for the /join throttle)."""
    return int(
        await tx.scalar("SELECT count(*) FROM invite_attempts WHERE user_id = ? AND at > ?", (user_id, since))
    )


async def record_wrong_code(tx: Tx, user_id: int, now: str) -> None:
    await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (?, ?)", (user_id, now))


# --- link requests (/link asks before it moves a centre's alerts) --------------------------


@dataclass(frozen=True, slots=True)
class LinkRequest:
    id: int
    chat_id: int
    chat_title: str | None
    area_code: str
    requested_by: int
    message_id: int | None
    created_at: str
    decided_at: str | None


async def add_link_request(tx: Tx, chat_id: int, title: str | None, area_code: str, by: int, now: str) -> int:
    return await tx.execute(
        "INSERT INTO link_requests (chat_id, chat_title, area_code, requested_by, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (chat_id, title, area_code, by, now),
    )


async def bind_link_requests(tx: Tx, request_ids: list[int], message_id: int) -> None:
    for request_id in request_ids:
        await tx.execute(
            "UPDATE link_requests SET message_id = ? WHERE id = ? AND message_id IS NULL",
            (message_id, request_id),
        )


async def get_link_request(tx: Tx, request_id: int) -> LinkRequest | None:
    row = await tx.fetchone("SELECT * FROM link_requests WHERE id = ?", (request_id,))
    if row is None:
        return None
    return LinkRequest(
        row["id"], row["chat_id"], row["chat_title"], row["area_code"], row["requested_by"],
        row["message_id"], row["created_at"], row["decided_at"],
    )  # fmt: skip


async def decide_link_requests(tx: Tx, chat_id: int, message_id: int, now: str) -> None:
    """Every choice offered in one asking message is settled by the first one confirmed."""
    await tx.execute(
        "UPDATE link_requests SET decided_at = ? WHERE chat_id = ? AND message_id = ? AND decided_at IS NULL",
        (now, chat_id, message_id),
    )
