"""Reports: submit, route, take, change status, note, duplicate, transfer, list."""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import audit, routing
from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused, denied
from core.quiet import quiet_release
from messages import Raw, plain, t
from messages.text import visible
from services import render, report_jobs, volunteers
from storage import access_log, centres, outbox, reports, users
from storage.db import Tx
from storage.recipients import chat_language
from storage.reports import Report
from storage.users import User

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 1000
PLACE_LIMIT = 200
NOTE_LIMIT = 1000


@dataclass(frozen=True)
class Draft:
    """What a volunteer entered, as the report conversation collected it."""

    draft_id: str
    category: str
    area_code: str
    place_text: str | None
    latitude: float | None
    longitude: float | None
    description: str
    photo_file_id: str | None
    contact_ok: bool


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool


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


# --- helpers -------------------------------------------------------------------------------


def _alert_prefix(report: Report) -> str:
    return f"alert:{report.id}:{report.area_code}:"


async def _authorise(tx: Tx, deps: Deps, user_id: int, report: Report | None, now: str) -> Report:
    if report is not None and (
        deps.is_admin(user_id) or await centres.is_staff(tx, user_id, report.area_code)
    ):
        return report
    raise denied(
        user_id, report_id=report.id if report else None, area_code=report.area_code if report else None
    )


def _staff_transaction(deps: Deps) -> AbstractAsyncContextManager[Tx]:
    """A transaction for a staff action; a refusal is written to the access log after rollback."""
    return audit.audited(deps.db, deps.now)


async def _assignee_name(tx: Tx, report: Report) -> str | None:
    if report.assignee_id is None:
        return None
    return (await users.names(tx, {report.assignee_id})).get(report.assignee_id)


async def enqueue_alert(tx: Tx, deps: Deps, report: Report, now: str) -> None:
    """Send the staff alert to the centre's chat, or to the admins when there is none or when
    the report's 동 is no longer in the table (split or merged: until an admin reassigns it
    with /areas, no centre is sure to be the right one)."""
    retired = deps.areas.retired(report.area_code) is not None
    centre = await routing.staff_centre(tx, deps, report.area_code)
    assignee = await _assignee_name(tx, report)
    zone = deps.settings.zone
    if centre is not None and centre.chat_id is not None:
        await outbox.enqueue(
            tx,
            centre.chat_id,
            now,
            text=render.alert_text(centre.lang, report, deps.areas, zone, assignee),
            keyboard=render.alert_keyboard(centre.lang, report.id),
            store_ref=f"{_alert_prefix(report)}{centre.chat_id}",
            fallback="admins",
            dedup_key=f"{_alert_prefix(report)}{centre.chat_id}",
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
            text=note + render.alert_text(lang, report, deps.areas, zone, assignee),
            keyboard=render.alert_keyboard(lang, report.id),
            store_ref=f"{_alert_prefix(report)}{admin_id}",
            dedup_key=f"{_alert_prefix(report)}{admin_id}",
            priority=outbox.ALERT,
        )


async def _enqueue_alert_edits(
    tx: Tx, deps: Deps, report: Report, now: str, *, moved_to: str | None = None
) -> None:
    """Bring every copy of the alert up to date (the group's, or the admins')."""
    assignee = await _assignee_name(tx, report)
    for chat_id, ref in await outbox.refs_with_prefix(tx, _alert_prefix(report)):
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        text = render.alert_text(lang, report, deps.areas, deps.settings.zone, assignee, moved_to=moved_to)
        await outbox.enqueue(
            tx,
            chat_id,
            now,
            method="edit",
            text=text,
            keyboard=None if moved_to else render.alert_keyboard(lang, report.id),
            edit_ref=ref,
        )


async def _tell_reporter(tx: Tx, deps: Deps, report: Report, key: str, now: str, **values: str) -> None:
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


async def _load(tx: Tx, report_id: int) -> Report | None:
    return await reports.get(tx, report_id)


# --- volunteers ----------------------------------------------------------------------------


async def submit(deps: Deps, user_id: int, draft: Draft, preview_message_id: int | None = None) -> Submitted:
    """Store the report, the volunteer's receipt and the staff alert in one transaction.

    The draft id makes this idempotent: a confirm processed twice (a replayed update, a double
    press) finds the report it already made. `preview_message_id`: the preview whose send button
    was pressed; its buttons come off through the outbox too, after the alert (the alert, which
    a person in crisis waits on, goes first in a burst of confirms).
    """
    if not visible(draft.description) or (draft.place_text is not None and not visible(draft.place_text)):
        raise Refused("text.invisible")  # a draft from before the steps checked: say why
    if len(draft.description) > DESCRIPTION_LIMIT:
        raise Refused("rep.description_too_long", limit=DESCRIPTION_LIMIT, count=len(draft.description))
    # A 동 that only got a new code since the draft was started goes under its new code; one
    # that was split or merged keeps its old code and its alert goes to the admins (see
    # enqueue_alert): a report is never refused because the table changed under it.
    area_code = deps.areas.current(draft.area_code)
    if area_code is None and deps.areas.retired(draft.area_code) is not None:
        area_code = draft.area_code
    if area_code is None:
        raise Refused("area.hint")
    now_dt = deps.clock.now()
    now = deps.now()
    async with deps.db.transaction() as tx:
        existing = await reports.by_draft(tx, draft.draft_id)
        if existing is not None:
            return Submitted(existing, created=False)
        # Checked again here, in the transaction that stores the report, and not only when the
        # draft was started: a block, a new privacy notice or the daily limit may have come since.
        user = await _may_report(tx, deps, user_id, now_dt)
        year = now_dt.astimezone(deps.settings.zone).year
        prefix = f"{render.area_ref(deps.areas, area_code)}-{year}-"
        seq = await reports.next_sequence(tx, area_code, year)
        # A 동 whose label an older one had (a split 소사본동 and the new one), or two codes
        # merged into one, may have handed out this number already: never reuse a ref.
        while await reports.by_ref(tx, f"{prefix}{seq:04d}") is not None:
            seq = await reports.next_sequence(tx, area_code, year)
        ref = f"{prefix}{seq:04d}"
        report_id = await reports.insert(
            tx,
            ref=ref,
            draft_id=draft.draft_id,
            area_code=area_code,
            origin_area_code=area_code,
            reporter_id=user_id,
            reporter_verified=int(user.approved),
            contact_ok=int(draft.contact_ok),
            category=draft.category,
            place_text=draft.place_text,
            latitude=draft.latitude,
            longitude=draft.longitude,
            description=draft.description,
            photo_file_id=draft.photo_file_id,
            created_at=now,
            updated_at=now,
        )
        report = await reports.get(tx, report_id)
        assert report is not None
        await reports.add_event(tx, report_id, user_id, "created", None, now)
        await outbox.enqueue(
            tx,
            user_id,
            now,
            text=t(user.lang, "rep.receipt", ref=ref, area=render.area_name(deps.areas, report.area_code)),
            dedup_key=f"receipt:{report_id}",
        )
        await enqueue_alert(tx, deps, report, now)
        if preview_message_id is not None:
            await outbox.enqueue(
                tx, user_id, now, method="markup", payload={"message_id": preview_message_id},
                dedup_key=f"preview:{report_id}",
            )  # fmt: skip
        await report_jobs.schedule_report_followups(tx, deps, report, now)
    deps.wake_sender()
    return Submitted(report, created=True)


async def _may_report(tx: Tx, deps: Deps, user_id: int, now: datetime) -> User:
    """Every rule that lets a person report: registered, the current privacy notice agreed,
    not blocked, under the daily limit."""
    user = await users.get(tx, user_id)
    if user is None or not user.registered:
        raise Refused("reg.needed")
    if not volunteers.consent_current(user.consent_version):
        raise Refused("privacy.changed")
    if user.report_blocked:
        raise Refused("rep.blocked")
    limit = deps.settings.reports_per_day
    if await reports.count_since(tx, user_id, to_db(now - timedelta(days=1))) >= limit:
        raise Refused("rep.limit_reached", limit=limit)
    return user


async def start(deps: Deps, user_id: int) -> str | None:
    """May this person start a report now? Their home 동 (the first choice offered), or Refused."""
    async with deps.db.transaction() as tx:
        user = await _may_report(tx, deps, user_id, deps.clock.now())
    return user.home_area


async def my_reports(deps: Deps, user_id: int) -> list[Report]:
    async with deps.db.transaction() as tx:
        return await reports.for_reporter(tx, user_id)


# --- staff ---------------------------------------------------------------------------------


async def take(deps: Deps, actor_id: int, report_id: int, *, take_over: bool = False) -> Taken:
    """Take a report. A colleague's report is only taken over when confirmed (take_over), and
    then the colleague is told; one's own report is left as it is (nothing to change or send)."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
        if report.assignee_id == actor_id:
            return Taken(report, MINE)
        previous = report.assignee_id
        holder = await _assignee_name(tx, report)
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
            await _tell_reporter(tx, deps, updated, "vol.status_changed", now, status=new_status)
        if previous is not None:
            # Urgent and private: the colleague may be on their way to the neighbour.
            lang = await chat_language(tx, previous, deps.settings.default_language)
            name = await _assignee_name(tx, updated) or str(actor_id)
            await outbox.enqueue(
                tx, previous, now, text=t(lang, "staff.taken_from_you", ref=updated.ref, name=name)
            )
        await _enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return Taken(updated, TAKEN, holder)


async def set_status(deps: Deps, actor_id: int, report_id: int, new_status: str) -> Report:
    if new_status not in reports.STATUSES:
        raise Refused("button.expired")
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
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
        await _tell_reporter(tx, deps, updated, "vol.status_changed", now, status=new_status)
        await _enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return updated


async def details(deps: Deps, actor_id: int, report_id: int, lang: str) -> Details:
    """The sensitive part of a report, for authorised staff only; every view is logged."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
        # The view is logged by record_view once Telegram has taken the message.
        reporter_state = await _reporter_state(tx, report)
        assignee = await _assignee_name(tx, report)
        note_rows = await reports.notes(tx, report.id)
        reporter = render.reporter_label(lang, report)
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
    place = report.place_text or (plain(lang, "rep.location_shared") if report.latitude is not None else "-")
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
    if reporter_state == render.REPORTER_BLOCKED:
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
    keyboard = render.details_keyboard(lang, report.id, reporter_state)
    return Details(text, lines, keyboard, report.photo_file_id, location)


async def record_view(deps: Deps, actor_id: int, report_id: int, *, delivered: bool) -> None:
    """Log a details view after sending it: 'view_details' if Telegram took the message,
    'view_details_failed' if it refused (the staff member never started a chat with the bot).
    A crash between the send and this leaves the update unhandled, so it is replayed and logged."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        report = await _load(tx, report_id)
        await access_log.record(
            tx, actor_id, "view_details" if delivered else "view_details_failed", now,
            report_id=report_id, area_code=report.area_code if report else None,
        )  # fmt: skip


async def check_access(deps: Deps, actor_id: int, report_id: int) -> Report:
    """Authorise without changing anything (the first step of a multi-step staff action)."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        return await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)


async def add_note(deps: Deps, actor_id: int, report_id: int, text: str) -> Report:
    if len(text) > NOTE_LIMIT:
        raise Refused("note.too_long", limit=NOTE_LIMIT, count=len(text))
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
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
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
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
        await _tell_reporter(tx, deps, updated, "vol.duplicate", now)
        await _enqueue_alert_edits(tx, deps, updated, now)
    deps.wake_sender()
    return updated, original


async def transfer(deps: Deps, actor_id: int, report_id: int, new_area: str) -> Report:
    if deps.areas.get(new_area) is None:
        raise Refused("area.hint")
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
        if report.area_code == new_area:
            raise Refused("transfer.same")
        await _enqueue_alert_edits(tx, deps, report, now, moved_to=new_area)
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
        await _tell_reporter(
            tx, deps, moved, "vol.transferred", now, area=render.area_name(deps.areas, new_area)
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
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
        if private:
            allowed = chat_id == actor_id
        else:
            centre = await centres.get(tx, report.area_code)
            allowed = centre is not None and centre.chat_id == chat_id
        if not allowed:
            refusal = Refused("open.not_alert_chat")
            refusal.audit = (actor_id, report.id, None, report.area_code)
            raise refusal
        # One ref per copy: a second card in the same chat must not take the first one's ref,
        # or the first would stop being edited.
        copies = [
            ref for chat, ref in await outbox.refs_with_prefix(tx, _alert_prefix(report)) if chat == chat_id
        ]
        ref = f"{_alert_prefix(report)}{chat_id}" + (f":{len(copies) + 1}" if copies else "")
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        assignee = await _assignee_name(tx, report)
        await outbox.enqueue(
            tx, chat_id, now,
            text=render.alert_text(lang, report, deps.areas, deps.settings.zone, assignee),
            keyboard=render.alert_keyboard(lang, report.id), store_ref=ref, dedup_key=f"card:{ref}",
        )  # fmt: skip
        await access_log.record(
            tx, actor_id, "show_card", now, report_id=report.id, area_code=report.area_code
        )
    deps.wake_sender()
    return report


async def alert_backlog(tx: Tx, deps: Deps, area_code: str, chat_id: int, lang: str, now: str) -> int:
    """Alert a newly linked centre chat of its open reports that never reached a staff group
    (made while the 동 had no centre, or while its group was unreachable); returns how many."""
    sent = 0
    assignees: dict[int, str] = {}
    for report in await reports.open_for_area(tx, area_code):
        if any(chat < 0 for chat, _ in await outbox.refs_with_prefix(tx, _alert_prefix(report))):
            continue
        if report.assignee_id is not None and report.assignee_id not in assignees:
            assignees.update(await users.names(tx, {report.assignee_id}))
        ref = f"{_alert_prefix(report)}{chat_id}"
        await outbox.enqueue(
            tx, chat_id, now,
            text=render.alert_text(
                lang, report, deps.areas, deps.settings.zone,
                assignees.get(report.assignee_id) if report.assignee_id else None,
            ),
            # No dedup key: the first alert to this chat may have failed (403) under the same
            # ref, and its key must not swallow this one. A replay finds this copy and skips.
            keyboard=render.alert_keyboard(lang, report.id), store_ref=ref, fallback="admins",
        )  # fmt: skip
        sent += 1
    return sent


async def _reporter_state(tx: Tx, report: Report) -> str:
    """What staff may see and do about the reporter (render.REPORTER_*)."""
    if not report.contact_ok or report.reporter_id is None:
        return render.REPORTER_HIDDEN
    person = await users.get(tx, report.reporter_id)
    if person is None:
        return render.REPORTER_HIDDEN
    return render.REPORTER_BLOCKED if person.report_blocked else render.REPORTER_OPEN


async def _reporter_for_block(
    tx: Tx, deps: Deps, actor_id: int, report_id: int, now: str
) -> tuple[Report, str]:
    report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
    state = await _reporter_state(tx, report)
    if state == render.REPORTER_HIDDEN:
        # Anonymous: the reporter is hidden from staff, so staff cannot act on who they are.
        raise Refused("staff.block_anonymous")
    return report, state


async def reporter_state(deps: Deps, actor_id: int, report_id: int) -> str:
    """Authorise, then say whether the reporter can be blocked (the first step of blocking)."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report = await _authorise(tx, deps, actor_id, await _load(tx, report_id), now)
        return await _reporter_state(tx, report)


async def check_block(deps: Deps, actor_id: int, report_id: int) -> Report:
    """The step before blocking: refused for anonymous reports and reporters already blocked."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
        report, state = await _reporter_for_block(tx, deps, actor_id, report_id, now)
        if state == render.REPORTER_BLOCKED:
            raise Refused("staff.block_already")
        return report


async def block_reporter(deps: Deps, actor_id: int, report_id: int) -> Report:
    """Stop the person who sent this report from sending more (abuse); their identity stays hidden."""
    now = deps.now()
    async with _staff_transaction(deps) as tx:
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
    async with _staff_transaction(deps) as tx:
        report, _ = await _reporter_for_block(tx, deps, actor_id, report_id, now)
        assert report.reporter_id is not None
        if not await users.unblock_reports(tx, report.reporter_id):
            raise Refused("staff.not_blocked")
        await access_log.record(
            tx, actor_id, "unblock_reporter", now, report_id=report.id,
            target_user_id=report.reporter_id, area_code=report.area_code,
        )  # fmt: skip
    return report
