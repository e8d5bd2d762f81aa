"""A person's rights over their data (/mydata, /forget) and the admins' access log view."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.deps import Deps
from services import scheduler
from services.errors import Refused
from storage import access_log


async def export(deps: Deps, user_id: int) -> bytes:
    """Everything stored about the user, as JSON (UTF-8)."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        user = await tx.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        reports = await tx.fetchall(
            "SELECT ref, area_code, category, place_text, latitude, longitude, description, photo_file_id, "
            "contact_ok, status, created_at, closed_at FROM reports WHERE reporter_id = ? ORDER BY id",
            (user_id,),
        )
        organised = await tx.fetchall(
            "SELECT title, agenda, area_code, place_text, starts_at, format, capacity, status, "
            "outcome_summary FROM meetings WHERE organiser_id = ? ORDER BY id",
            (user_id,),
        )
        rsvps = await tx.fetchall(
            "SELECT m.title, m.starts_at, r.answer, r.waitlisted, r.answered_at FROM rsvps r "
            "JOIN meetings m ON m.id = r.meeting_id WHERE r.user_id = ? ORDER BY r.answered_at",
            (user_id,),
        )
        staff = await tx.fetchall(
            "SELECT area_code, granted_at, revoked_at FROM staff WHERE user_id = ?", (user_id,)
        )
        campaigns = await tx.fetchall(
            "SELECT area_code, text, recipients, created_at FROM campaigns WHERE author_id = ? ORDER BY id",
            (user_id,),
        )
        await access_log.record(tx, user_id, "export_own_data", now, target_user_id=user_id)
    data: dict[str, Any] = {
        "exported_at": now,
        "account": dict(user) if user else None,
        "reports": [dict(row) for row in reports],
        "meetings_organised": [dict(row) for row in organised],
        "meeting_answers": [dict(row) for row in rsvps],
        "staff_roles": [dict(row) for row in staff],
        "campaigns_written": [dict(row) for row in campaigns],
        "note": "Reports you sent stay with the community centre; /forget unlinks them from you.",
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


async def forget(deps: Deps, user_id: int) -> None:
    """Delete the account. Reports stay with the centre, no longer linked to anyone; the user id
    remains only as a bare row (and in the access log, which the law asks us to keep)."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        exists = await tx.scalar(
            "SELECT count(*) FROM users WHERE id = ? AND registered_at IS NOT NULL", (user_id,)
        )
        staff = await tx.scalar(
            "SELECT count(*) FROM staff WHERE user_id = ? AND revoked_at IS NULL", (user_id,)
        )
        if not exists and not staff:
            raise Refused("forget.nothing")
        await scheduler.remove_account(tx, user_id, now)
        await tx.execute("DELETE FROM ptb_conversations WHERE key LIKE ?", (f"%{user_id}]",))
        await access_log.record(tx, user_id, "forget", now, target_user_id=user_id)
    await deps.db.checkpoint()


@dataclass(frozen=True)
class LogLine:
    created_at: str
    actor_id: int
    actor_name: str | None
    action: str
    ref: str | None
    target_user_id: int | None
    area_code: str | None


async def read_log(deps: Deps, admin_id: int, *, area_code: str | None, person: int | None) -> list[LogLine]:
    await access_log.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    where: list[str] = []
    params: list[object] = []
    if area_code is not None:
        where.append("l.area_code = ?")
        params.append(area_code)
    if person is not None:
        where.append("(l.actor_id = ? OR l.target_user_id = ?)")
        params += [person, person]
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    async with deps.db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT l.created_at, l.actor_id, u.display_name, l.action, r.ref, l.target_user_id, "
            "l.area_code FROM access_log l LEFT JOIN users u ON u.id = l.actor_id "
            f"LEFT JOIN reports r ON r.id = l.report_id {clause} ORDER BY l.id DESC LIMIT 40",
            tuple(params),
        )
        await access_log.record(tx, admin_id, "read_access_log", deps.now(), area_code=area_code,
                                target_user_id=person)  # fmt: skip
    return [LogLine(*tuple(row)) for row in rows]
