"""A person's data across tables: what their /mydata export reads, what removing their account
(/forget, or the inactivity sweep) changes, and the purge of a closed report after the retention
period (features/privacy/actions.py, features/privacy/inactive.py, features/reports/jobs.py)."""

from __future__ import annotations

from storage import outbox
from storage.db import Row, Tx

# --- the export (/mydata) ------------------------------------------------------------------


async def reports_sent(tx: Tx, user_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT ref, area_code, category, place_text, latitude, longitude, description, photo_file_id, "
        "contact_ok, status, created_at, closed_at FROM reports WHERE reporter_id = ? ORDER BY id",
        (user_id,),
    )


async def meetings_organised(tx: Tx, user_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT title, agenda, area_code, place_text, starts_at, format, capacity, status, "
        "outcome_summary FROM meetings WHERE organiser_id = ? ORDER BY id",
        (user_id,),
    )


async def meeting_answers(tx: Tx, user_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT m.title, m.starts_at, r.answer, r.waitlisted, r.answered_at FROM rsvps r "
        "JOIN meetings m ON m.id = r.meeting_id WHERE r.user_id = ? ORDER BY r.answered_at",
        (user_id,),
    )


async def staff_roles(tx: Tx, user_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT area_code, granted_at, revoked_at FROM staff WHERE user_id = ?", (user_id,)
    )


async def campaigns_written(tx: Tx, user_id: int) -> list[Row]:
    return await tx.fetchall(
        "SELECT area_code, text, recipients, created_at FROM campaigns WHERE author_id = ? ORDER BY id",
        (user_id,),
    )


# --- removing an account ---------------------------------------------------------------------


async def is_registered(tx: Tx, user_id: int) -> bool:
    count = await tx.scalar(
        "SELECT count(*) FROM users WHERE id = ? AND registered_at IS NOT NULL", (user_id,)
    )
    return bool(count)


async def has_staff_role(tx: Tx, user_id: int) -> bool:
    count = await tx.scalar("SELECT count(*) FROM staff WHERE user_id = ? AND revoked_at IS NULL", (user_id,))
    return bool(count)


async def identity(tx: Tx, user_id: int) -> Row | None:
    """What names the person in their row (display_name, username, phone) and their home_area."""
    return await tx.fetchone(
        "SELECT display_name, username, phone, home_area FROM users WHERE id = ?", (user_id,)
    )


async def remove_account(tx: Tx, user_id: int, now: str) -> None:
    """The account's personal data goes; its reports stay with the centre, unlinked."""
    await tx.execute(
        "UPDATE reports SET reporter_id = NULL, contact_ok = 0 WHERE reporter_id = ?", (user_id,)
    )
    await tx.execute("DELETE FROM rsvps WHERE user_id = ?", (user_id,))
    await tx.execute(
        "UPDATE staff SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND revoked_at IS NULL",
        (now, user_id, user_id),
    )
    await tx.execute(
        "UPDATE users SET display_name = NULL, phone = NULL, username = NULL, home_area = NULL, "
        "consent_version = NULL, consent_at = NULL, registered_at = NULL, approved_at = NULL, "
        "approved_by = NULL, meeting_news = 0, nudge = 'off', nudged_at = NULL WHERE id = ?",
        (user_id,),
    )
    # Campaign messages, announcements and nudges not yet sent are not for them any more.
    await tx.execute(
        "UPDATE outbox SET state = 'skipped', last_error = 'account removed' "
        "WHERE chat_id = ? AND state = 'pending' AND priority = ?",
        (user_id, outbox.BULK),
    )
    await tx.execute("DELETE FROM ptb_user_data WHERE user_id = ?", (user_id,))
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, target_user_id, created_at) "
        "VALUES (0, 'remove_account', ?, ?)",
        (user_id, now),
    )


# --- a closed report after the retention period ----------------------------------------------


async def purge_report(tx: Tx, report_id: int, area_code: str, now: str) -> None:
    """Delete what identifies people; keep what statistics need (category, 동, dates, status)."""
    await tx.execute(
        "UPDATE reports SET place_text = NULL, latitude = NULL, longitude = NULL, description = '', "
        "photo_file_id = NULL, reporter_id = NULL, contact_ok = 0, purged_at = ? WHERE id = ?",
        (now, report_id),
    )
    await tx.execute("DELETE FROM report_notes WHERE report_id = ?", (report_id,))
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, report_id, area_code, created_at) VALUES (0, ?, ?, ?, ?)",
        ("purge", report_id, area_code, now),
    )
