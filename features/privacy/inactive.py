"""Inactive volunteers: warned 30 and 7 days before their account is removed, removed after
(a daily sweep), and the removal itself, which /forget uses too."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import scheduler
from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import quiet_release
from messages import t
from storage import outbox, privacy, users
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
    for warn_days in (30, 7):
        since = to_db(now - timedelta(days=days - warn_days))
        for row in await users.to_warn_of_removal(tx, warn_days, since):
            removal = from_db(row["last_active_at"]) + timedelta(days=days)
            await outbox.enqueue(
                tx, row["id"], stamp, not_before=quiet_release(deps, now),
                text=t(row["lang"], "inactive.warning", days=warn_days,
                       date=removal.astimezone(deps.settings.zone).strftime("%Y-%m-%d")),
            )  # fmt: skip
            await users.mark_warned(tx, row["id"], warn_days, stamp)
    for user_id in await users.inactive_volunteers(tx, to_db(now - timedelta(days=days))):
        await remove_account(tx, user_id, stamp)
    return True


async def remove_account(tx: Tx, user_id: int, now: str) -> None:
    """The account's personal data goes; its reports stay with the centre, unlinked."""
    await privacy.remove_account(tx, user_id, now)
