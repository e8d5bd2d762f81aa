"""동 codes as stored across tables (centres, staff, volunteers, reports, invites, meetings): how
much hangs on each code, and moving it to the code that now covers it (features/centres/area_moves.py,
what an admin's /areas lists and moves)."""

from __future__ import annotations

from storage.db import Tx

# What is counted for each stored code, and what a reassignment moves. Closed reports and past
# campaigns keep the 동 they were made in; the access log keeps what happened then.
_COUNTED = {
    "centres": "SELECT area_code AS code, count(*) AS n FROM centres GROUP BY area_code",
    "staff": "SELECT area_code AS code, count(*) AS n FROM staff WHERE revoked_at IS NULL GROUP BY area_code",
    "volunteers": (
        "SELECT home_area AS code, count(*) AS n FROM users WHERE home_area IS NOT NULL GROUP BY home_area"
    ),
    "open_reports": (
        "SELECT area_code AS code, count(*) AS n FROM reports WHERE status <> 'closed' GROUP BY area_code"
    ),
}
COUNTED = tuple(_COUNTED)


async def counts(tx: Tx) -> list[tuple[str, str, int]]:
    """(what, code, how many) for every code something of each kind in COUNTED is stored under."""
    found: list[tuple[str, str, int]] = []
    for what, sql in _COUNTED.items():
        for row in await tx.fetchall(sql):
            found.append((what, str(row["code"]), int(row["n"])))
    return found


async def move(tx: Tx, old_code: str, new_code: str, now: str) -> dict[str, int]:
    """Move the centre, its staff, the volunteers, open reports, unused invites and coming
    meetings of `old_code` to `new_code`; returns how many of each kind in COUNTED moved."""
    moved = {
        "centres": await tx.changes(
            "UPDATE centres SET area_code = ? WHERE area_code = ?", (new_code, old_code)
        ),
        # A staff member of both keeps one grant.
        "staff": await tx.changes(
            "UPDATE staff SET area_code = ? WHERE area_code = ? AND revoked_at IS NULL "
            "AND user_id NOT IN (SELECT user_id FROM staff WHERE area_code = ?)",
            (new_code, old_code, new_code),
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
    return moved


async def both_have_centres(tx: Tx, old_code: str, new_code: str) -> bool:
    rows = await tx.fetchall("SELECT area_code FROM centres WHERE area_code IN (?, ?)", (old_code, new_code))
    return len(rows) == 2


async def still_stored(tx: Tx, code: str) -> bool:
    """Whether anything a reassignment moves is still stored under the code."""
    row = await tx.fetchone(
        "SELECT 1 FROM centres WHERE area_code = ?1 UNION ALL "
        "SELECT 1 FROM staff WHERE area_code = ?1 AND revoked_at IS NULL UNION ALL "
        "SELECT 1 FROM users WHERE home_area = ?1 UNION ALL "
        "SELECT 1 FROM reports WHERE area_code = ?1 AND status <> 'closed' LIMIT 1",
        (code,),
    )
    return row is not None
