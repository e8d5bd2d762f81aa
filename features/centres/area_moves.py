"""Codes of 동 that left the table (split, merged or gone in a 행정동 reorganisation) but are still
stored: what an admin sees in /areas, and moving a centre and its people to the 동 that now
covers them.

A code whose 동 only got a new code or name is moved by a migration at start (see
scripts/generate_areas.py); the ones listed here need a person's choice. Until then their
reports' alerts go to the admins (features/reports/alerts.enqueue_alert).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import audit
from core.areas import Retired
from core.deps import Deps
from core.errors import Refused, admin_only
from features.centres import digest
from storage import access_log, area_codes, centres, scheduled

# The kinds of things counted for each stored code (what a reassignment moves), in the order
# /areas shows them.
COUNTED = area_codes.COUNTED


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
        for what, code, count in await area_codes.counts(tx):
            # Split or merged codes, and a moved code that still holds something (its centre or
            # grant was left behind because the new code had one already).
            retired = deps.areas.retired(code)
            if retired is None:
                continue
            found.setdefault(code, InUse(retired)).counts[what] = count
    return sorted(found.values(), key=lambda item: item.retired.area.code)


def choices(deps: Deps, admin_id: int, old_code: str, typed: str, limit: int) -> list[str]:
    """`/areas <code> <name>`: the current 동 matching `typed` that an admin may move the split
    or merged `old_code` to. Refused for anyone else, and for a code that is not a retired one
    (a name, a digit missing): said so, not an error."""
    if not deps.is_admin(admin_id):
        raise admin_only(admin_id)
    if deps.areas.retired(old_code) is None:
        raise Refused("areas.unknown_code", code=old_code)
    return [area.code for area in deps.areas.search(" ".join(typed.split())[:40], limit=limit)]


async def reassign(deps: Deps, admin_id: int, old_code: str, new_code: str) -> dict[str, int]:
    """Move the centre, its staff, the volunteers, open reports, invites and coming meetings of
    `old_code` to `new_code` (a current 동); returns how many of each moved."""
    if not deps.is_admin(admin_id):
        raise admin_only(admin_id)
    if deps.areas.retired(old_code) is None or deps.areas.get(new_code) is None:
        raise Refused("areas.bad_choice")
    now = deps.now()
    async with audit.audited(deps.db, deps.now) as tx:
        if not await area_codes.still_stored(tx, old_code):
            raise Refused("areas.bad_choice")  # moved already (a second, stale press)
        if await area_codes.both_have_centres(tx, old_code, new_code):
            raise Refused("areas.centre_exists")
        moved = await area_codes.move(tx, old_code, new_code, now)
        linked = await centres.has_chat(tx, new_code)
        digest_due = await scheduled.has_pending(tx, "digest", f"digest:{new_code}:")
        if moved["centres"] and linked and not digest_due:
            await digest.schedule_digest(tx, deps, new_code, deps.clock.now(), now)  # its digest moves too
        await access_log.record(
            tx, admin_id, "area_reassign", now, area_code=new_code, detail=f"{old_code}>{new_code}"
        )
    return moved
