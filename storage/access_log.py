"""The access log's table: who saw or changed what. Append-only through the bot (the rules of
what is refused and logged are in core/audit.py)."""

from __future__ import annotations

from storage.db import Row, Tx


async def record(
    tx: Tx,
    actor_id: int,
    action: str,
    now: str,
    *,
    report_id: int | None = None,
    target_user_id: int | None = None,
    area_code: str | None = None,
    detail: str | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO access_log (actor_id, action, report_id, target_user_id, area_code, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (actor_id, action, report_id, target_user_id, area_code, detail, now),
    )


async def lines(tx: Tx, *, area_code: str | None, person: int | None) -> list[Row]:
    """The 40 newest entries, of one 동 and/or about one person (as actor or target), each as
    (created_at, actor_id, actor's display_name, action, report ref, target_user_id, area_code)."""
    where: list[str] = []
    params: list[object] = []
    if area_code is not None:
        where.append("l.area_code = ?")
        params.append(area_code)
    if person is not None:
        where.append("(l.actor_id = ? OR l.target_user_id = ?)")
        params += [person, person]
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    return await tx.fetchall(
        "SELECT l.created_at, l.actor_id, u.display_name, l.action, r.ref, l.target_user_id, "
        "l.area_code FROM access_log l LEFT JOIN users u ON u.id = l.actor_id "
        f"LEFT JOIN reports r ON r.id = l.report_id {clause} ORDER BY l.id DESC LIMIT 40",
        tuple(params),
    )
