"""Users: volunteers, staff and admins all have one row, keyed by Telegram user id."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database, Row, Tx


@dataclass(frozen=True, slots=True)
class User:
    id: int
    lang: str
    lang_chosen: bool
    display_name: str | None
    phone: str | None
    username: str | None
    home_area: str | None
    consent_version: str | None
    registered: bool
    approved: bool
    report_blocked: bool = False

    @classmethod
    def from_row(cls, row: Row) -> User:
        return cls(
            id=row["id"],
            lang=row["lang"],
            lang_chosen=bool(row["lang_chosen"]),
            display_name=row["display_name"],
            phone=row["phone"],
            username=row["username"],
            home_area=row["home_area"],
            consent_version=row["consent_version"],
            registered=row["registered_at"] is not None,
            approved=row["approved_at"] is not None,
            report_blocked=row["report_blocked_at"] is not None,
        )


async def get(tx: Tx, user_id: int) -> User | None:
    found = await row(tx, user_id)
    return None if found is None else User.from_row(found)


async def row(tx: Tx, user_id: int) -> Row | None:
    """The user's row as stored, every column (for the /mydata export)."""
    return await tx.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))


async def ensure(tx: Tx, user_id: int, lang: str, display_name: str, username: str | None, now: str) -> User:
    """The user's row, created on first contact; the Telegram name is a first display name."""
    await tx.execute(
        "INSERT INTO users (id, lang, display_name, username, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET username = excluded.username, unreachable_at = NULL",
        (user_id, lang, display_name, username, now),
    )
    user = await get(tx, user_id)
    assert user is not None
    return user


async def set_language(tx: Tx, user_id: int, lang: str) -> None:
    await tx.execute("UPDATE users SET lang = ?, lang_chosen = 1 WHERE id = ?", (lang, user_id))


async def register(
    tx: Tx,
    user_id: int,
    *,
    display_name: str,
    phone: str | None,
    home_area: str,
    consent_version: str,
    consent_at: str,
    now: str,
    meeting_news: bool = False,
) -> None:
    await tx.execute(
        "UPDATE users SET display_name = ?, phone = ?, home_area = ?, consent_version = ?, "
        "consent_at = ?, registered_at = ?, meeting_news = ? WHERE id = ?",
        (display_name, phone, home_area, consent_version, consent_at, now, int(meeting_news), user_id),
    )


async def renew_consent(tx: Tx, user_id: int, version: str, now: str) -> None:
    await tx.execute(
        "UPDATE users SET consent_version = ?, consent_at = ? WHERE id = ?", (version, now, user_id)
    )


async def approve(tx: Tx, user_id: int, by: int, now: str) -> bool:
    changed = await tx.changes(
        "UPDATE users SET approved_at = ?, approved_by = ? WHERE id = ? AND approved_at IS NULL "
        "AND registered_at IS NOT NULL",
        (now, by, user_id),
    )
    return changed > 0


async def block_reports(tx: Tx, user_id: int, by: int, now: str) -> bool:
    """Stop the user from sending reports; False if they already were."""
    changed = await tx.changes(
        "UPDATE users SET report_blocked_at = ?, report_blocked_by = ? WHERE id = ? "
        "AND report_blocked_at IS NULL",
        (now, by, user_id),
    )
    return changed > 0


async def unblock_reports(tx: Tx, user_id: int) -> bool:
    """Let the user send reports again; False if they were not blocked."""
    changed = await tx.changes(
        "UPDATE users SET report_blocked_at = NULL, report_blocked_by = NULL WHERE id = ? "
        "AND report_blocked_at IS NOT NULL",
        (user_id,),
    )
    return changed > 0


async def mark_unreachable(tx: Tx, user_id: int, now: str) -> None:
    """Since when the bot cannot write to the user (kept from the first 403 of an absence)."""
    await tx.execute(
        "UPDATE users SET unreachable_at = ? WHERE id = ? AND unreachable_at IS NULL", (now, user_id)
    )


async def mark_reachable(tx: Tx, user_id: int) -> None:
    """The user wrote to the bot in private: the bot may write to them again."""
    await tx.execute(
        "UPDATE users SET unreachable_at = NULL WHERE id = ? AND unreachable_at IS NOT NULL", (user_id,)
    )


async def never_reached(tx: Tx, user_ids: tuple[int, ...]) -> list[int]:
    """Which of these users the bot cannot write to: no row (they never wrote to the bot) or
    marked unreachable (they blocked it, or a message to them answered 403)."""
    if not user_ids:
        return []
    marks = ",".join("?" * len(user_ids))
    rows = await tx.fetchall(
        f"SELECT id FROM users WHERE id IN ({marks}) AND unreachable_at IS NULL", tuple(user_ids)
    )
    reachable = {row["id"] for row in rows}
    return [user_id for user_id in user_ids if user_id not in reachable]


async def names(tx: Tx, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    marks = ",".join("?" * len(user_ids))
    rows = await tx.fetchall(f"SELECT id, display_name FROM users WHERE id IN ({marks})", tuple(user_ids))
    return {row["id"]: row["display_name"] or str(row["id"]) for row in rows}


async def chosen_language(db: Database, user_id: int) -> str | None:
    """The language a person chose with /language, or None (Telegram's, or the default, then)."""
    row = await db.fetchone("SELECT lang, lang_chosen FROM users WHERE id = ?", (user_id,))
    return str(row["lang"]) if row is not None and row["lang_chosen"] else None


# --- inactivity (features/privacy/inactive.py) -----------------------------------------------------

# The column that records each warning before an inactive account is removed, by days ahead.
_WARNED = {30: "warned_30_at", 7: "warned_7_at"}


async def to_warn_of_removal(tx: Tx, warn_days: int, inactive_before: str) -> list[Row]:
    """Registered volunteers inactive since before `inactive_before` and not given the
    `warn_days` warning since they were last active: (id, lang, last_active_at)."""
    column = _WARNED[warn_days]
    return await tx.fetchall(
        f"SELECT id, lang, last_active_at FROM users WHERE registered_at IS NOT NULL "
        f"AND last_active_at < ? AND ({column} IS NULL OR {column} < last_active_at)",
        (inactive_before,),
    )


async def mark_warned(tx: Tx, user_id: int, warn_days: int, now: str) -> None:
    await tx.execute(f"UPDATE users SET {_WARNED[warn_days]} = ? WHERE id = ?", (now, user_id))


async def inactive_volunteers(tx: Tx, inactive_before: str) -> list[int]:
    """Registered volunteers not active since before `inactive_before`."""
    rows = await tx.fetchall(
        "SELECT id FROM users WHERE registered_at IS NOT NULL AND last_active_at < ?", (inactive_before,)
    )
    return [int(row["id"]) for row in rows]


async def approved_volunteers(tx: Tx, area_code: str) -> list[tuple[int, str]]:
    """Approved volunteers of the 동 whom Telegram still lets the bot reach, with their language
    (read here in one query rather than once per recipient)."""
    rows = await tx.fetchall(
        "SELECT id, lang FROM users WHERE home_area = ? AND registered_at IS NOT NULL "
        "AND approved_at IS NOT NULL AND unreachable_at IS NULL ORDER BY id",
        (area_code,),
    )
    return [(row["id"], row["lang"]) for row in rows]


# --- settings: meeting news and alley-walk nudges ------------------------------------------


async def set_meeting_news(tx: Tx, user_id: int, wanted: bool) -> None:
    await tx.execute("UPDATE users SET meeting_news = ? WHERE id = ?", (int(wanted), user_id))


async def meeting_news(db: Database, user_id: int) -> bool:
    value = await db.scalar("SELECT meeting_news FROM users WHERE id = ?", (user_id,))
    return bool(value)


async def nudge(db: Database, user_id: int) -> str | None:
    """The user's nudge choice as stored (None without a row)."""
    value = await db.scalar("SELECT nudge FROM users WHERE id = ?", (user_id,))
    return None if value is None else str(value)


async def set_nudge(tx: Tx, user_id: int, choice: str, now: str) -> bool:
    """Set a registered user's nudge (the interval counts from `now`); False if not registered."""
    changed = await tx.changes(
        "UPDATE users SET nudge = ?, nudged_at = ? WHERE id = ? AND registered_at IS NOT NULL",
        (choice, now, user_id),
    )
    return changed > 0


async def due_for_nudge(tx: Tx, choice: str, nudged_before: str) -> list[Row]:
    """(id, lang, home_area) of registered, reachable users with this nudge choice last nudged
    at or before `nudged_before`."""
    return await tx.fetchall(
        "SELECT id, lang, home_area FROM users WHERE nudge = ? AND nudged_at <= ? "
        "AND registered_at IS NOT NULL AND unreachable_at IS NULL ORDER BY id",
        (choice, nudged_before),
    )


async def mark_nudged(tx: Tx, user_id: int, now: str) -> None:
    await tx.execute("UPDATE users SET nudged_at = ? WHERE id = ?", (now, user_id))
