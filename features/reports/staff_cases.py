"""The staff's use cases on a report: take, status, details (logged), notes, duplicates,
transfers, /open, cards and blocking a prank reporter."""

from __future__ import annotations

from dataclasses import dataclass

from core import render
from core.deps import Deps
from core.errors import Refused
from features.reports import jobs as report_jobs
from features.reports import notices
from features.reports.alerts import (
    alert_prefix,
    assignee_name,
    authorise,
    enqueue_alert,
    enqueue_alert_edits,
    load,
    staff_transaction,
    tell_reporter,
)
from messages import Raw, plain, t
from storage import access_log, centres, outbox, reports, users
from storage.db import Tx
from storage.recipients import chat_language
from storage.reports import Report

NOTE_LIMIT = 1000


@dataclass(frozen=True)
class Details:
    text: str
    notes: list[str]
    keyboard: outbox.Keyboard
    photo_file_id: str | None
    location: tuple[float, float] | None


@dataclass(frozen=True)
class Taken:
    """What a press on 맡기 did: took it, found it already the presser's, or found a colleague's."""

    report: Report
    outcome: str  # TAKEN | MINE | HELD
    holder: str | None = None  # the colleague holding it (HELD), or the one it was taken from


TAKEN, MINE, HELD = "taken", "mine", "held"


@dataclass(frozen=True)
class OpenReport:
    report: Report
    assignee: str | None


async def take(deps: Deps, actor_id: int, report_id: int, *, take_over: bool = False) -> Taken:
    """Take a report. A colleague's report is only taken over when confirmed (take_over), and
    then the colleague is told; one's own report is left as it is (nothing to change or send)."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        if report.assignee_id == actor_id:
            return Taken(report, MINE)
        previous = report.assignee_id
        holder = await assignee_name(tx, report)
        if previous is not None and not take_over:
            return Taken(report, HELD, holder)
        starts = reports.may_move("take", report.status, reports.CHECKING)
        new_status = reports.CHECKING if starts else report.status
        await reports.update(
            tx, report.id, assignee_id=actor_id, taken_at=now, status=new_status, updated_at=now
        )
        await reports.add_event(tx, report.id, actor_id, "taken", None, now)
        await access_log.record(
            tx, actor_id, "take" if previous is None else "take_over", now, report_id=report.id,
            target_user_id=previous, area_code=report.area_code,
        )  # fmt: skip
        updated = await reports.get(tx, report.id)
        assert updated is not None
        if new_status != report.status:
            await tell_reporter(tx, deps, updated, "rep.told_status", now, status=new_status)
        if previous is not None:
            # Urgent and private: the colleague may be on their way to the neighbour.
            lang = await chat_language(tx, previous, deps.settings.default_language)
            name = await assignee_name(tx, updated) or str(actor_id)
            await outbox.enqueue(
                tx, previous, now, text=t(lang, "staff.taken_from_you", ref=updated.ref, name=name)
            )
        await enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return Taken(updated, TAKEN, holder)


async def set_status(deps: Deps, actor_id: int, report_id: int, new_status: str) -> Report:
    if new_status not in reports.STATUSES:
        raise Refused("button.expired")
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        if report.status == new_status:
            raise Refused("staff.unchanged")
        if not reports.may_move("set_status", report.status, new_status):
            raise Refused("button.expired")  # no button offers it: forged, or from an old version
        await reports.update(
            tx,
            report.id,
            status=new_status,
            updated_at=now,
            closed_at=now if new_status == reports.CLOSED else None,
            assignee_id=report.assignee_id or actor_id,
        )
        await reports.add_event(tx, report.id, actor_id, "status", f"{report.status}->{new_status}", now)
        await access_log.record(
            tx, actor_id, "status_change", now, report_id=report.id, area_code=report.area_code,
            detail=f"{report.status}->{new_status}",
        )  # fmt: skip
        updated = await reports.get(tx, report.id)
        assert updated is not None
        if new_status == reports.CLOSED:
            await report_jobs.schedule_purge(tx, deps, updated, now)
        await tell_reporter(tx, deps, updated, "rep.told_status", now, status=new_status)
        await enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return updated


async def details(deps: Deps, actor_id: int, report_id: int, lang: str) -> Details:
    """The sensitive part of a report, for authorised staff only; every view is logged."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        # The view is logged by record_view once Telegram has taken the message.
        reporter_state = await _reporter_state(tx, report)
        assignee = await assignee_name(tx, report)
        note_rows = await reports.notes(tx, report.id)
        reporter = notices.reporter_label(lang, report)
        if report.contact_ok and report.reporter_id is not None:
            person = await users.get(tx, report.reporter_id)
            if person is not None:
                link = Raw(f'<a href="tg://user?id={person.id}">{t(lang, "details.reporter_link")}</a>')
                reporter = Raw(
                    t(
                        lang,
                        "details.reporter_contact",
                        name=person.display_name or str(person.id),
                        verified=reporter,
                        phone=person.phone or plain(lang, "details.no_phone"),
                        link=link,
                    )
                )
        original = await reports.get(tx, report.duplicate_of) if report.duplicate_of else None
    zone = deps.settings.zone
    place = report.place_text or (plain(lang, "form.location_shared") if report.latitude is not None else "-")
    text = t(
        lang,
        "details",
        ref=report.ref,
        category=render.category(lang, report.category),
        area=render.area_full(deps.areas, report.area_code),
        time=render.local_time(lang, report.created_at, zone),
        status=render.status(lang, report.status),
        assignee=assignee or plain(lang, "alert.nobody"),
        place=place,
        description=report.description,
        reporter=reporter,
    )
    if reporter_state == notices.REPORTER_BLOCKED:
        text += t(lang, "details.reporter_blocked")
    if original is not None:
        text += t(lang, "details.duplicate_of", ref=original.ref)
    lines = [
        t(
            lang,
            "details.note_line",
            time=render.local_time(lang, row["created_at"], zone),
            author=row["display_name"] or str(row["author_id"]),
            text=row["text"],
        )
        for row in note_rows
    ]
    location = (
        (report.latitude, report.longitude)
        if report.latitude is not None and report.longitude is not None
        else None
    )
    keyboard = notices.details_keyboard(lang, report.id, reporter_state)
    return Details(text, lines, keyboard, report.photo_file_id, location)


async def record_view(deps: Deps, actor_id: int, report_id: int, *, delivered: bool) -> None:
    """Log a details view after sending it: 'view_details' if Telegram took the message,
    'view_details_failed' if it refused (the staff member never started a chat with the bot).
    A crash between the send and this leaves the update unhandled, so it is replayed and logged."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        report = await load(tx, report_id)
        await access_log.record(
            tx, actor_id, "view_details" if delivered else "view_details_failed", now,
            report_id=report_id, area_code=report.area_code if report else None,
        )  # fmt: skip


async def check_access(deps: Deps, actor_id: int, report_id: int) -> Report:
    """Authorise without changing anything (the first step of a multi-step staff action)."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        return await authorise(tx, deps, actor_id, await load(tx, report_id), now)


async def add_note(deps: Deps, actor_id: int, report_id: int, text: str) -> Report:
    if len(text) > NOTE_LIMIT:
        raise Refused("note.too_long", limit=NOTE_LIMIT, count=len(text))
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        await reports.add_note(tx, report.id, actor_id, text, now)
        await reports.add_event(tx, report.id, actor_id, "note", None, now)
        await access_log.record(
            tx, actor_id, "add_note", now, report_id=report.id, area_code=report.area_code
        )
    return report


async def mark_duplicate(
    deps: Deps, actor_id: int, report_id: int, original_ref: str
) -> tuple[Report, Report]:
    now = deps.now()
    query = "".join(original_ref.split())
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        original = await reports.by_ref(tx, query)
        if original is None or original.area_code != report.area_code:
            raise Refused("dup.not_found", query=original_ref.strip()[:60])
        if original.id == report.id:
            raise Refused("dup.self")
        assert reports.may_move("duplicate", report.status, reports.CLOSED)
        await reports.update(
            tx, report.id, duplicate_of=original.id, status=reports.CLOSED, closed_at=now, updated_at=now
        )
        await reports.add_event(tx, report.id, actor_id, "duplicate", original.ref, now)
        await access_log.record(
            tx, actor_id, "status_change", now, report_id=report.id, area_code=report.area_code,
            detail=f"duplicate of {original.id}",
        )  # fmt: skip
        updated = await reports.get(tx, report.id)
        assert updated is not None
        await report_jobs.schedule_purge(tx, deps, updated, now)
        await tell_reporter(tx, deps, updated, "rep.told_duplicate", now)
        await enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return updated, original


async def transfer(deps: Deps, actor_id: int, report_id: int, new_area: str) -> Report:
    if deps.areas.get(new_area) is None:
        raise Refused("area.hint")
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        if report.area_code == new_area:
            raise Refused("transfer.same")
        await enqueue_alert_edits(tx, deps, report, now, moved_to=new_area)
        assert reports.may_move("transfer", report.status, reports.RECEIVED)
        await reports.update(
            tx, report.id, area_code=new_area, status=reports.RECEIVED, assignee_id=None,
            taken_at=None, updated_at=now,
        )  # fmt: skip
        await reports.add_event(tx, report.id, actor_id, "transfer", f"{report.area_code}->{new_area}", now)
        await access_log.record(
            tx, actor_id, "transfer", now, report_id=report.id, area_code=report.area_code,
            detail=new_area,
        )  # fmt: skip
        moved = await reports.get(tx, report.id)
        assert moved is not None
        await tell_reporter(
            tx, deps, moved, "rep.told_transferred", now, area=render.area_name(deps.areas, new_area)
        )
        await enqueue_alert(tx, deps, moved, now)
        await report_jobs.schedule_report_followups(tx, deps, moved, now)
    deps.wake_sender()
    return moved


async def open_reports(deps: Deps, area_code: str) -> tuple[list[OpenReport], int]:
    async with deps.db.transaction() as tx:
        found = await reports.open_for_area(tx, area_code)
        total = await reports.count_open_for_area(tx, area_code)
        names = await users.names(tx, {r.assignee_id for r in found if r.assignee_id})
    return [OpenReport(r, names.get(r.assignee_id) if r.assignee_id else None) for r in found], total


async def post_card(deps: Deps, actor_id: int, report_id: int, chat_id: int, *, private: bool) -> Report:
    """Post a report's alert card (text and buttons) where staff asked for it from /open.

    Only in the asker's private chat or in the report's centre alert chat, so a card never lands
    in a group that stopped being (or never was) the centre's. The card is stored under the
    report's alert ref prefix, so every later change edits it like the original alert.
    """
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        if private:
            allowed = chat_id == actor_id
        else:
            centre = await centres.get(tx, report.area_code)
            allowed = centre is not None and centre.chat_id == chat_id
        if not allowed:
            refusal = Refused("role.not_alert_chat")
            refusal.audit = (actor_id, report.id, None, report.area_code)
            raise refusal
        # One ref per copy: a second card in the same chat must not take the first one's ref,
        # or the first would stop being edited.
        copies = [
            ref for chat, ref in await outbox.refs_with_prefix(tx, alert_prefix(report)) if chat == chat_id
        ]
        ref = f"{alert_prefix(report)}{chat_id}" + (f":{len(copies) + 1}" if copies else "")
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        assignee = await assignee_name(tx, report)
        await outbox.enqueue(
            tx, chat_id, now,
            text=notices.alert_text(lang, report, deps.areas, deps.settings.zone, assignee),
            keyboard=notices.alert_keyboard(lang, report.id), store_ref=ref, dedup_key=f"card:{ref}",
        )  # fmt: skip
        await access_log.record(
            tx, actor_id, "show_card", now, report_id=report.id, area_code=report.area_code
        )
    deps.wake_sender()
    return report


async def _reporter_state(tx: Tx, report: Report) -> str:
    """What staff may see and do about the reporter (notices.REPORTER_*)."""
    if not report.contact_ok or report.reporter_id is None:
        return notices.REPORTER_HIDDEN
    person = await users.get(tx, report.reporter_id)
    if person is None:
        return notices.REPORTER_HIDDEN
    return notices.REPORTER_BLOCKED if person.report_blocked else notices.REPORTER_OPEN


async def _reporter_for_block(
    tx: Tx, deps: Deps, actor_id: int, report_id: int, now: str
) -> tuple[Report, str]:
    report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
    state = await _reporter_state(tx, report)
    if state == notices.REPORTER_HIDDEN:
        # Anonymous: the reporter is hidden from staff, so staff cannot act on who they are.
        raise Refused("staff.block_anonymous")
    return report, state


async def reporter_state(deps: Deps, actor_id: int, report_id: int) -> str:
    """Authorise, then say whether the reporter can be blocked (the first step of blocking)."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report = await authorise(tx, deps, actor_id, await load(tx, report_id), now)
        return await _reporter_state(tx, report)


async def check_block(deps: Deps, actor_id: int, report_id: int) -> Report:
    """The step before blocking: refused for anonymous reports and reporters already blocked."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report, state = await _reporter_for_block(tx, deps, actor_id, report_id, now)
        if state == notices.REPORTER_BLOCKED:
            raise Refused("staff.block_already")
        return report


async def block_reporter(deps: Deps, actor_id: int, report_id: int) -> Report:
    """Stop the person who sent this report from sending more (abuse); their identity stays hidden."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report, _ = await _reporter_for_block(tx, deps, actor_id, report_id, now)
        assert report.reporter_id is not None
        if not await users.block_reports(tx, report.reporter_id, actor_id, now):
            raise Refused("staff.block_already")
        await access_log.record(
            tx, actor_id, "block_reporter", now, report_id=report.id, target_user_id=report.reporter_id,
            area_code=report.area_code,
        )  # fmt: skip
    return report


async def unblock_reporter(deps: Deps, actor_id: int, report_id: int) -> Report:
    """Undo a block, from the details view of one of the reporter's (non-anonymous) reports."""
    now = deps.now()
    async with staff_transaction(deps) as tx:
        report, _ = await _reporter_for_block(tx, deps, actor_id, report_id, now)
        assert report.reporter_id is not None
        if not await users.unblock_reports(tx, report.reporter_id):
            raise Refused("staff.not_blocked")
        await access_log.record(
            tx, actor_id, "unblock_reporter", now, report_id=report.id,
            target_user_id=report.reporter_id, area_code=report.area_code,
        )  # fmt: skip
    return report
