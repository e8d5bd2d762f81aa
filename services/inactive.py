"""Inactive volunteers: warned 30 and 7 days before their account is removed, removed after
(a daily sweep), and the removal itself, which /forget uses too."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import scheduler
from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import quiet_release
from messages import t
from storage import outbox
from storage.db import Tx
from storage.scheduled import Scheduled

SWEEP_TIME = "10:00"


def register_jobs() -> None:
    scheduler.register("volunteers.sweep", _sweep)
    scheduler.at_start(_arm)


async def _arm(tx: Tx, deps: Deps, now: datetime) -> None:
    await scheduler.arm_daily(tx, deps, "volunteers.sweep", SWEEP_TIME, now)


async def _sweep(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    """Warn volunteers 30 and 7 days before an inactive account is removed; remove it after."""
    await scheduler.schedule_daily(tx, deps, "volunteers.sweep", SWEEP_TIME, now)  # tomorrow's
    days = deps.settings.volunteer_inactive_days
    stamp = to_db(now)
    for warn_days, column in ((30, "warned_30_at"), (7, "warned_7_at")):
        since = to_db(now - timedelta(days=days - warn_days))
        rows = await tx.fetchall(
            f"SELECT id, lang, last_active_at FROM users WHERE registered_at IS NOT NULL "
            f"AND last_active_at < ? AND ({column} IS NULL OR {column} < last_active_at)",
            (since,),
        )
        for row in rows:
            removal = from_db(row["last_active_at"]) + timedelta(days=days)
            await outbox.enqueue(
                tx, row["id"], stamp, not_before=quiet_release(deps, now),
                text=t(row["lang"], "inactive.warning", days=warn_days,
                       date=removal.astimezone(deps.settings.zone).strftime("%Y-%m-%d")),
            )  # fmt: skip
            await tx.execute(f"UPDATE users SET {column} = ? WHERE id = ?", (stamp, row["id"]))
    expired = await tx.fetchall(
        "SELECT id FROM users WHERE registered_at IS NOT NULL AND last_active_at < ?",
        (to_db(now - timedelta(days=days)),),
    )
    for row in expired:
        await remove_account(tx, row["id"], stamp)
    return True


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
