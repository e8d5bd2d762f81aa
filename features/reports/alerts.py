"""What every report use case shares: loading a report, who may act on it (in an audited
transaction), and what its staff chats and its reporter are told: the alert, its edits, the
reporter's notices and a centre's backlog."""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager

from core import audit, render, routing
from core.clock import from_db
from core.deps import Deps
from core.errors import denied
from core.quiet import quiet_release
from features.reports import notices
from messages import t
from storage import centres, outbox, reports, users
from storage.db import Tx
from storage.recipients import chat_language
from storage.reports import Report

log = logging.getLogger(__name__)


def alert_prefix(report: Report) -> str:
    return f"alert:{report.id}:{report.area_code}:"


async def authorise(tx: Tx, deps: Deps, user_id: int, report: Report | None, now: str) -> Report:
    if report is not None and (
        deps.is_admin(user_id) or await centres.is_staff(tx, user_id, report.area_code)
    ):
        return report
    raise denied(
        user_id, report_id=report.id if report else None, area_code=report.area_code if report else None
    )


def staff_transaction(deps: Deps) -> AbstractAsyncContextManager[Tx]:
    """A transaction for a staff action; a refusal is written to the access log after rollback."""
    return audit.audited(deps.db, deps.now)


async def assignee_name(tx: Tx, report: Report) -> str | None:
    if report.assignee_id is None:
        return None
    return (await users.names(tx, {report.assignee_id})).get(report.assignee_id)


async def enqueue_alert(tx: Tx, deps: Deps, report: Report, now: str) -> None:
    """Send the staff alert to the centre's chat, or to the admins when there is none or when
    the report's 동 is no longer in the table (split or merged: until an admin reassigns it
    with /areas, no centre is sure to be the right one)."""
    retired = deps.areas.retired(report.area_code) is not None
    centre = await routing.staff_centre(tx, deps, report.area_code)
    assignee = await assignee_name(tx, report)
    zone = deps.settings.zone
    if centre is not None and centre.chat_id is not None:
        await outbox.enqueue(
            tx,
            centre.chat_id,
            now,
            text=notices.alert_text(centre.lang, report, deps.areas, zone, assignee),
            keyboard=notices.alert_keyboard(centre.lang, report.id),
            store_ref=f"{alert_prefix(report)}{centre.chat_id}",
            fallback="admins",
            dedup_key=f"{alert_prefix(report)}{centre.chat_id}",
            priority=outbox.ALERT,
        )
        return
    admins = await routing.admin_destinations(tx, deps.settings)
    if not admins:
        # Still stored and listed in /open; nobody can be told until an admin is configured.
        log.error("report %s has no centre chat and no admin to alert", report.ref)
        return
    for admin in admins:
        admin_id, lang = admin.chat_id, admin.lang
        key = "alert.retired_area" if retired else "alert.no_centre"
        note = t(lang, key, area=render.area_name(deps.areas, report.area_code))
        await outbox.enqueue(
            tx,
            admin_id,
            now,
            text=note + notices.alert_text(lang, report, deps.areas, zone, assignee),
            keyboard=notices.alert_keyboard(lang, report.id),
            store_ref=f"{alert_prefix(report)}{admin_id}",
            dedup_key=f"{alert_prefix(report)}{admin_id}",
            priority=outbox.ALERT,
        )


async def enqueue_alert_edits(
    tx: Tx, deps: Deps, report: Report, now: str, *, moved_to: str | None = None
) -> None:
    """Bring every copy of the alert up to date (the group's, or the admins')."""
    assignee = await assignee_name(tx, report)
    for chat_id, ref in await outbox.refs_with_prefix(tx, alert_prefix(report)):
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        text = notices.alert_text(lang, report, deps.areas, deps.settings.zone, assignee, moved_to=moved_to)
        await outbox.enqueue(
            tx,
            chat_id,
            now,
            method="edit",
            text=text,
            keyboard=None if moved_to else notices.alert_keyboard(lang, report.id),
            edit_ref=ref,
        )


async def tell_reporter(tx: Tx, deps: Deps, report: Report, key: str, now: str, **values: str) -> None:
    if report.reporter_id is None:
        return
    lang = await chat_language(tx, report.reporter_id, deps.settings.default_language)
    if "status" in values:
        values["status"] = render.status(lang, values["status"])
    # Not urgent for the volunteer: held during quiet hours.
    await outbox.enqueue(
        tx, report.reporter_id, now, text=t(lang, key, ref=report.ref, **values),
        not_before=quiet_release(deps, from_db(now)),
    )  # fmt: skip


async def load(tx: Tx, report_id: int) -> Report | None:
    return await reports.get(tx, report_id)


async def alert_backlog(tx: Tx, deps: Deps, area_code: str, chat_id: int, lang: str, now: str) -> int:
    """Alert a newly linked centre chat of its open reports that never reached a staff group
    (made while the 동 had no centre, or while its group was unreachable); returns how many."""
    sent = 0
    assignees: dict[int, str] = {}
    for report in await reports.open_for_area(tx, area_code):
        if any(chat < 0 for chat, _ in await outbox.refs_with_prefix(tx, alert_prefix(report))):
            continue
        if report.assignee_id is not None and report.assignee_id not in assignees:
            assignees.update(await users.names(tx, {report.assignee_id}))
        ref = f"{alert_prefix(report)}{chat_id}"
        await outbox.enqueue(
            tx, chat_id, now,
            text=notices.alert_text(
                lang, report, deps.areas, deps.settings.zone,
                assignees.get(report.assignee_id) if report.assignee_id else None,
            ),
            # No dedup key: the first alert to this chat may have failed (403) under the same
            # ref, and its key must not swallow this one. A replay finds this copy and skips.
            keyboard=notices.alert_keyboard(lang, report.id), store_ref=ref, fallback="admins",
        )  # fmt: skip
        sent += 1
    return sent
