"""Codes of 동 that left the table (split, merged or gone in a 행정동 reorganisation) but are still
stored: what an admin sees in /areas, and moving a centre and its people to the 동 that now
covers them.

A code whose 동 only got a new code or name is moved by a migration at start (see
scripts/generate_areas.py); the ones listed here need a person's choice. Until then their
reports' alerts go to the admins (services/report_alerts.enqueue_alert).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import audit
from core.areas import Retired
from core.deps import Deps
from core.errors import Refused, admin_only
from services import digest
from storage import access_log, scheduled
from storage.db import Tx

# What is counted for each stored code, and what a reassignment moves. Closed reports and past
# campaigns keep the 동 they were made in; the access log keeps what happened then.
COUNTED = {
    "centres": "SELECT area_code AS code, count(*) AS n FROM centres GROUP BY area_code",
    "staff": "SELECT area_code AS code, count(*) AS n FROM staff WHERE revoked_at IS NULL GROUP BY area_code",
    "volunteers": (
        "SELECT home_area AS code, count(*) AS n FROM users WHERE home_area IS NOT NULL GROUP BY home_area"
    ),
    "open_reports": (
        "SELECT area_code AS code, count(*) AS n FROM reports WHERE status <> 'closed' GROUP BY area_code"
    ),
}


@dataclass
class InUse:
    retired: Retired
    counts: dict[str, int] = field(default_factory=dict)


async def in_use(deps: Deps, admin_id: int) -> list[InUse]:
    """Every stored code that left the table (split or merged, or moved but with something left
    behind under it), with how much hangs on it."""
    if not deps.is_admin(admin_id):
        raise admin_only(admin_id)
    found: dict[str, InUse] = {}
    async with deps.db.transaction() as tx:
        for what, sql in COUNTED.items():
            for row in await tx.fetchall(sql):
                code = str(row["code"])
                # Split or merged codes, and a moved code that still holds something (its centre or
                # grant was left behind because the new code had one already).
                retired = deps.areas.retired(code)
                if retired is None:
                    continue
                found.setdefault(code, InUse(retired)).counts[what] = int(row["n"])
    return sorted(found.values(), key=lambda item: item.retired.area.code)


async def reassign(deps: Deps, admin_id: int, old_code: str, new_code: str) -> dict[str, int]:
    """Move the centre, its staff, the volunteers, open reports, invites and coming meetings of
    `old_code` to `new_code` (a current 동); returns how many of each moved."""
    if not deps.is_admin(admin_id):
        raise admin_only(admin_id)
    if deps.areas.retired(old_code) is None or deps.areas.get(new_code) is None:
        raise Refused("areas.bad_choice")
    now = deps.now()
    async with audit.audited(deps.db, deps.now) as tx:
        if not await _still_stored(tx, old_code):
            raise Refused("areas.bad_choice")  # moved already (a second, stale press)
        if await _both_have_centres(tx, old_code, new_code):
            raise Refused("areas.centre_exists")
        moved = {
            "centres": await tx.changes(
                "UPDATE centres SET area_code = ? WHERE area_code = ?", (new_code, old_code)
            ),
            # A staff member of both keeps one grant.
            "staff": await tx.changes(
                "UPDATE OR IGNORE staff SET area_code = ? WHERE area_code = ? AND revoked_at IS NULL",
                (new_code, old_code),
            ),
            "volunteers": await tx.changes(
                "UPDATE users SET home_area = ? WHERE home_area = ?", (new_code, old_code)
            ),
            "open_reports": await tx.changes(
                "UPDATE reports SET area_code = ? WHERE area_code = ? AND status <> 'closed'",
                (new_code, old_code),
            ),
        }
        await tx.execute("DELETE FROM staff WHERE area_code = ? AND revoked_at IS NULL", (old_code,))
        await tx.execute(
            "UPDATE invites SET area_code = ? WHERE area_code = ? AND used_at IS NULL", (new_code, old_code)
        )
        await tx.execute(
            "UPDATE meetings SET area_code = ? WHERE area_code = ? AND starts_at > ?",
            (new_code, old_code, now),
        )
        linked = await tx.fetchone(
            "SELECT 1 FROM centres WHERE area_code = ? AND chat_id IS NOT NULL", (new_code,)
        )
        digest_due = await scheduled.has_pending(tx, "digest", f"digest:{new_code}:")
        if moved["centres"] and linked and not digest_due:
            await digest.schedule_digest(tx, deps, new_code, deps.clock.now(), now)  # its digest moves too
        await access_log.record(
            tx, admin_id, "area_reassign", now, area_code=new_code, detail=f"{old_code}>{new_code}"
        )
    return moved


async def _both_have_centres(tx: Tx, old_code: str, new_code: str) -> bool:
    rows = await tx.fetchall("SELECT area_code FROM centres WHERE area_code IN (?, ?)", (old_code, new_code))
    return len(rows) == 2


async def _still_stored(tx: Tx, code: str) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM centres WHERE area_code = ?1 UNION ALL "
        "SELECT 1 FROM staff WHERE area_code = ?1 AND revoked_at IS NULL UNION ALL "
        "SELECT 1 FROM users WHERE home_area = ?1 UNION ALL "
        "SELECT 1 FROM reports WHERE area_code = ?1 AND status <> 'closed' LIMIT 1",
        (code,),
    )
    return row is not None
