"""골목회의 use cases: propose, staff support, announce, RSVP with a waitlist, cancel, move, outcome,
listing and the meeting-news setting (times: meeting_time.py; texts and buttons: meeting_notices.py;
reminders: meeting_jobs.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import audit, routing
from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused, denied
from core.quiet import quiet_release
from messages import plain, t
from messages.length import split
from services import volunteers
from services.meeting_notices import SUPPORTS, describe, outcome_text, rsvp_keyboard, staff_keyboard
from services.meeting_time import check_when, when_text
from storage import access_log, centres, meetings, outbox, scheduled, users
from storage.db import Tx
from storage.meetings import Meeting
from storage.recipients import chat_language

TITLE_LIMIT = 80
AGENDA_LIMIT = 1000
PLACE_LIMIT = 200
OUTCOME_LIMIT = 1000
FORMATS = ("alley", "space", "online")
OUTCOME_ASK_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class MeetingDraft:
    draft_id: str
    title: str
    agenda: str
    area_code: str
    place_text: str | None
    latitude: float | None
    longitude: float | None
    starts_at: datetime
    format: str
    capacity: int | None


@dataclass(frozen=True)
class RsvpResult:
    answer: str
    waitlisted: bool
    position: int


async def _staff_targets(tx: Tx, deps: Deps, area_code: str) -> list[int]:
    return [d.chat_id for d in await routing.staff_destinations(tx, deps, area_code)]


@asynccontextmanager
async def _guarded(deps: Deps) -> AsyncIterator[Tx]:
    """A transaction whose refusals of staff-only actions are written to the access log."""
    try:
        async with deps.db.transaction() as tx:
            yield tx
    except Refused as refusal:
        await audit.record_refusal(deps.db, refusal, deps.now())
        raise


async def _load(tx: Tx, meeting_id: int) -> Meeting:
    meeting = await meetings.get(tx, meeting_id)
    if meeting is None:
        raise Refused("button.expired")
    return meeting


async def _as_staff(tx: Tx, deps: Deps, actor_id: int, meeting: Meeting) -> None:
    if not (deps.is_admin(actor_id) or await centres.is_staff(tx, actor_id, meeting.area_code)):
        raise denied(actor_id, area_code=meeting.area_code)


async def _as_organiser_or_staff(tx: Tx, deps: Deps, actor_id: int, meeting: Meeting) -> None:
    if actor_id != meeting.organiser_id:
        await _as_staff(tx, deps, actor_id, meeting)


async def _tell(
    tx: Tx, deps: Deps, user_id: int, key: str, now: str, *, urgent: bool = False, **values: object
) -> None:
    lang = await chat_language(tx, user_id, deps.settings.default_language)
    not_before = None if urgent else quiet_release(deps, from_db(now))
    await outbox.enqueue(tx, user_id, now, text=t(lang, key, **values), not_before=not_before)


# --- proposals -----------------------------------------------------------------------------


async def _may_propose(tx: Tx, user_id: int) -> users.User:
    """Who may propose a meeting: a registered volunteer who agreed to the current privacy notice
    (the weekly limit is checked when the proposal is stored)."""
    user = await users.get(tx, user_id)
    if user is None or not user.registered:
        raise Refused("reg.needed")
    if not volunteers.consent_current(user.consent_version):
        raise Refused("privacy.changed")
    return user


async def start_proposal(deps: Deps, user_id: int) -> str | None:
    """May this person start a proposal now? Their home 동 (the first choice offered), or Refused."""
    async with deps.db.transaction() as tx:
        user = await _may_propose(tx, user_id)
    return user.home_area


async def propose(deps: Deps, user_id: int, draft: MeetingDraft) -> tuple[Meeting, bool]:
    """Store the proposal and send it to the centre; returns the meeting and whether it was new."""
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    check_when(draft.starts_at, now_dt)
    async with deps.db.transaction() as tx:
        existing = await meetings.by_draft(tx, draft.draft_id)
        if existing is not None:
            return existing, False
        await _may_propose(tx, user_id)  # again: the privacy notice may have changed meanwhile
        weekly = deps.settings.meeting_proposals_per_week
        if await meetings.proposed_since(tx, user_id, to_db(now_dt - timedelta(days=7))) >= weekly:
            raise Refused("mt.limit_reached", limit=weekly)
        meeting_id = await meetings.insert(
            tx,
            draft_id=draft.draft_id,
            area_code=draft.area_code,
            organiser_id=user_id,
            title=draft.title,
            agenda=draft.agenda,
            place_text=draft.place_text,
            latitude=draft.latitude,
            longitude=draft.longitude,
            starts_at=to_db(draft.starts_at),
            format=draft.format,
            capacity=draft.capacity,
            created_at=now,
            updated_at=now,
        )
        meeting = await _load(tx, meeting_id)
        centre = await centres.get(tx, meeting.area_code)
        if centre is not None and centre.chat_id is not None and centre.auto_approve_meetings:
            await _approve(tx, deps, meeting, None, None, now)
        else:
            for chat_id in await _staff_targets(tx, deps, meeting.area_code):
                lang = await chat_language(tx, chat_id, deps.settings.default_language)
                await outbox.enqueue(
                    tx,
                    chat_id,
                    now,
                    text=t(lang, "mt.proposal_header") + describe(lang, meeting, deps),
                    keyboard=staff_keyboard(lang, meeting.id),
                    store_ref=f"proposal:{meeting.id}:{chat_id}",
                    dedup_key=f"proposal:{meeting.id}:{chat_id}",
                )
        meeting = await _load(tx, meeting_id)
    deps.wake_sender()
    return meeting, True


async def _edit_proposals(tx: Tx, deps: Deps, meeting: Meeting, key: str, now: str, **values: object) -> None:
    for chat_id, ref in await outbox.refs_with_prefix(tx, f"proposal:{meeting.id}:"):
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        text = t(lang, "mt.proposal_header") + describe(lang, meeting, deps) + t(lang, key, **values)
        await outbox.enqueue(tx, chat_id, now, method="edit", edit_ref=ref, text=text)


async def _approve(
    tx: Tx, deps: Deps, meeting: Meeting, actor_id: int | None, support: str | None, now: str
) -> Meeting:
    await meetings.update(tx, meeting.id, status="approved", support=support, updated_at=now)
    approved = await _load(tx, meeting.id)
    # The announcement: the 동's residents who want meeting news, and the organiser.
    recipients = {row["id"] for row in await meetings.news_subscribers(tx, approved.area_code)}
    recipients.add(approved.organiser_id)
    release = quiet_release(deps, from_db(now))
    for user_id in sorted(recipients):
        lang = await chat_language(tx, user_id, deps.settings.default_language)
        await outbox.enqueue(
            tx,
            user_id,
            now,
            text=t(lang, "mt.announce") + describe(lang, approved, deps),
            keyboard=rsvp_keyboard(lang, approved.id),
            dedup_key=f"announce:{approved.id}:{user_id}",
            not_before=release,
            priority=outbox.BULK,
        )
    await _schedule_reminders(tx, deps, approved, now)
    if actor_id is not None:
        name = (await users.names(tx, {actor_id})).get(actor_id, str(actor_id))
        await _edit_proposals(tx, deps, approved, "mt.proposal_approved", now, by=name)
        await access_log.record(
            tx, actor_id, "meeting_approve", now, area_code=approved.area_code, detail=str(approved.id)
        )
    return approved


async def _schedule_reminders(tx: Tx, deps: Deps, meeting: Meeting, now: str) -> None:
    starts = from_db(meeting.starts_at)
    payload = {"meeting_id": meeting.id, "starts_at": meeting.starts_at}
    for kind, due in (
        ("meeting.remind24", starts - timedelta(hours=24)),
        ("meeting.remind1", starts - timedelta(hours=1)),
        ("meeting.outcome", starts + OUTCOME_ASK_AFTER),
    ):
        await scheduled.add(tx, kind, f"{kind}:{meeting.id}:{meeting.starts_at}", to_db(due), payload, now)


async def approve(deps: Deps, actor_id: int, meeting_id: int, support: str | None = None) -> Meeting:
    if support is not None and support not in SUPPORTS:
        raise Refused("button.expired")
    now = deps.now()
    async with _guarded(deps) as tx:
        meeting = await _load(tx, meeting_id)
        await _as_staff(tx, deps, actor_id, meeting)
        if meeting.status not in ("proposed", "changes"):
            raise Refused("mt.already_decided")
        approved = await _approve(tx, deps, meeting, actor_id, support, now)
        key = "mt.told_approved_support" if support else "mt.told_approved"
        lang = await chat_language(tx, approved.organiser_id, deps.settings.default_language)
        await _tell(
            tx,
            deps,
            approved.organiser_id,
            key,
            now,
            urgent=True,
            title=approved.title,
            support=plain(lang, f"mt.support_{support}") if support else "",
        )
    deps.wake_sender()
    return approved


async def respond(deps: Deps, actor_id: int, meeting_id: int, decision: str, comment: str) -> Meeting:
    """Staff ask for a change (decision 'changes') or decline ('declined'), with a comment."""
    comment = comment.strip()
    if not comment or len(comment) > OUTCOME_LIMIT:
        raise Refused("mt.comment_limit", limit=OUTCOME_LIMIT)
    now = deps.now()
    async with _guarded(deps) as tx:
        meeting = await _load(tx, meeting_id)
        await _as_staff(tx, deps, actor_id, meeting)
        if meeting.status not in ("proposed", "changes"):
            raise Refused("mt.already_decided")
        await meetings.update(tx, meeting.id, status=decision, staff_comment=comment, updated_at=now)
        updated = await _load(tx, meeting.id)
        name = (await users.names(tx, {actor_id})).get(actor_id, str(actor_id))
        key = "mt.proposal_changes" if decision == "changes" else "mt.proposal_declined"
        await _edit_proposals(tx, deps, updated, key, now, by=name)
        told = "mt.told_changes" if decision == "changes" else "mt.told_declined"
        await _tell(
            tx, deps, updated.organiser_id, told, now, urgent=True, title=updated.title, comment=comment
        )
        await access_log.record(
            tx, actor_id, f"meeting_{decision}", now, area_code=updated.area_code, detail=str(updated.id)
        )
    deps.wake_sender()
    return updated


async def check_staff(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    async with _guarded(deps) as tx:
        meeting = await _load(tx, meeting_id)
        await _as_staff(tx, deps, actor_id, meeting)
        return meeting


async def check_manage(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    async with _guarded(deps) as tx:
        meeting = await _load(tx, meeting_id)
        await _as_organiser_or_staff(tx, deps, actor_id, meeting)
        return meeting


# --- RSVP ----------------------------------------------------------------------------------


async def rsvp(deps: Deps, user_id: int, meeting_id: int, answer: str) -> RsvpResult:
    if answer not in ("going", "interested", "no"):
        raise Refused("button.expired")
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    async with deps.db.transaction() as tx:
        meeting = await _load(tx, meeting_id)
        if meeting.status != "approved":
            raise Refused("mt.not_open")
        if from_db(meeting.starts_at) <= now_dt:
            raise Refused("mt.already_started")
        person = await users.get(tx, user_id)
        if person is None or not person.registered:
            raise Refused("reg.needed")
        before = await meetings.rsvp(tx, meeting.id, user_id)
        was_seat = before is not None and before["answer"] == "going" and not before["waitlisted"]
        if answer == "going" and before is not None and before["answer"] == "going":
            waitlisted = bool(before["waitlisted"])  # pressing 참석 again keeps your place
            if not waitlisted:
                return RsvpResult(answer, False, 0)
            return RsvpResult(answer, True, await meetings.waitlist_position(tx, meeting.id, user_id))
        waitlisted = (
            answer == "going"
            and meeting.capacity is not None
            and await meetings.going_count(tx, meeting.id) >= meeting.capacity
        )
        await meetings.set_rsvp(tx, meeting.id, user_id, answer, waitlisted, now)
        if was_seat and answer != "going":
            await _promote(tx, deps, meeting, now)
        position = await meetings.waitlist_position(tx, meeting.id, user_id) if waitlisted else 0
    deps.wake_sender()
    return RsvpResult(answer, waitlisted, position)


async def _promote(tx: Tx, deps: Deps, meeting: Meeting, now: str) -> None:
    """A seat came free: the first on the waitlist gets it and is told."""
    if meeting.capacity is not None and await meetings.going_count(tx, meeting.id) >= meeting.capacity:
        return
    first = await meetings.first_waiting(tx, meeting.id)
    if first is None:
        return
    await tx.execute(
        "UPDATE rsvps SET waitlisted = 0 WHERE meeting_id = ? AND user_id = ?", (meeting.id, first)
    )
    await _tell(
        tx,
        deps,
        first,
        "mt.promoted",
        now,
        urgent=True,
        title=meeting.title,
        when=when_text(
            await chat_language(tx, first, deps.settings.default_language),
            meeting.starts_at,
            deps.settings.zone,
        ),
    )


# --- cancel, move, outcome -----------------------------------------------------------------


async def _everyone_going(tx: Tx, meeting: Meeting, but: int) -> list[int]:
    """Everyone going or waiting, and the organiser; not the person who made the change."""
    people = {row["user_id"] for row in await meetings.attendees(tx, meeting.id, waitlisted=None)}
    people.add(meeting.organiser_id)
    people.discard(but)
    return sorted(people)


async def _changeable(tx: Tx, deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    """The meeting its organiser or the centre's staff may still cancel or move."""
    meeting = await _load(tx, meeting_id)
    await _as_organiser_or_staff(tx, deps, actor_id, meeting)
    if meeting.status in ("cancelled", "declined"):
        raise Refused("mt.already_decided")
    return meeting


async def cancel(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    now = deps.now()
    async with _guarded(deps) as tx:
        meeting = await _changeable(tx, deps, actor_id, meeting_id)
        await meetings.update(tx, meeting.id, status="cancelled", updated_at=now)
        for user_id in await _everyone_going(tx, meeting, but=actor_id):
            lang = await chat_language(tx, user_id, deps.settings.default_language)
            await _tell(
                tx,
                deps,
                user_id,
                "mt.cancelled",
                now,
                urgent=True,
                title=meeting.title,
                when=when_text(lang, meeting.starts_at, deps.settings.zone),
            )
        for chat_id in await _staff_targets(tx, deps, meeting.area_code):
            if chat_id < 0:
                lang = await chat_language(tx, chat_id, deps.settings.default_language)
                await outbox.enqueue(
                    tx,
                    chat_id,
                    now,
                    text=t(
                        lang,
                        "mt.cancelled_staff",
                        title=meeting.title,
                        when=when_text(lang, meeting.starts_at, deps.settings.zone),
                    ),
                )
        cancelled = await _load(tx, meeting.id)
    deps.wake_sender()
    return cancelled


async def move(deps: Deps, actor_id: int, meeting_id: int, starts: datetime) -> Meeting:
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    check_when(starts, now_dt)
    async with _guarded(deps) as tx:
        meeting = await _changeable(tx, deps, actor_id, meeting_id)
        await meetings.update(tx, meeting.id, starts_at=to_db(starts), updated_at=now)
        moved = await _load(tx, meeting.id)
        for user_id in await _everyone_going(tx, moved, but=actor_id):
            lang = await chat_language(tx, user_id, deps.settings.default_language)
            await _tell(
                tx,
                deps,
                user_id,
                "mt.moved",
                now,
                urgent=True,
                title=moved.title,
                before=when_text(lang, meeting.starts_at, deps.settings.zone),
                when=when_text(lang, moved.starts_at, deps.settings.zone),
            )
        if moved.status == "approved":
            # New keys for the new time; the old reminders find the time changed and drop out.
            await _schedule_reminders(tx, deps, moved, now)
    deps.wake_sender()
    return moved


async def record_outcome(
    deps: Deps, actor_id: int, meeting_id: int, summary: str, decisions: str | None, requests: str | None
) -> Meeting:
    for part in (summary, decisions or "", requests or ""):
        if len(part) > OUTCOME_LIMIT:
            raise Refused("mt.comment_limit", limit=OUTCOME_LIMIT)
    now = deps.now()
    async with _guarded(deps) as tx:
        meeting = await _load(tx, meeting_id)
        if actor_id != meeting.organiser_id:
            raise denied(actor_id, area_code=meeting.area_code)
        await meetings.update(
            tx,
            meeting.id,
            outcome_summary=summary,
            outcome_decisions=decisions,
            outcome_requests=requests,
            outcome_at=now,
            updated_at=now,
        )
        done = await _load(tx, meeting.id)
        recipients = [row["user_id"] for row in await meetings.attendees(tx, meeting.id)]
        recipients += [chat for chat in await _staff_targets(tx, deps, meeting.area_code)]
        for chat_id in dict.fromkeys(recipients):
            lang = await chat_language(tx, chat_id, deps.settings.default_language)
            # Three parts of up to 1,000 characters can outgrow one message as Telegram counts
            # (emoji count double): sent in parts, or Telegram would refuse the whole outcome.
            for part in split([outcome_text(lang, done)]):
                await outbox.enqueue(
                    tx,
                    chat_id,
                    now,
                    text=part,
                    not_before=None if chat_id < 0 else quiet_release(deps, from_db(now)),
                )
    deps.wake_sender()
    return done


# --- listing and calendar ------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    meeting: Meeting
    answer: tuple[str, bool] | None
    counts: dict[str, int] | None  # for the organiser and staff
    names: list[str] | None


async def listing(deps: Deps, user_id: int) -> tuple[list[Listing], list[Listing]]:
    """Upcoming and past meetings of the user's 동 (and the ones they organise)."""
    now_dt = deps.clock.now()
    async with deps.db.transaction() as tx:
        person = await users.get(tx, user_id)
        found: dict[int, Meeting] = {}
        if person is not None and person.home_area:
            for meeting in await meetings.for_area(tx, person.home_area, ("approved",)):
                found[meeting.id] = meeting
        for meeting in await meetings.by_organiser(tx, user_id):
            found[meeting.id] = meeting
        staff_of = set(await centres.staff_areas(tx, user_id))
        for area in staff_of:
            for meeting in await meetings.for_area(tx, area, ("approved", "proposed", "changes")):
                found[meeting.id] = meeting
        answers = await meetings.answers_of(tx, user_id, list(found))
        upcoming: list[Listing] = []
        past: list[Listing] = []
        for meeting in sorted(found.values(), key=lambda m: m.starts_at):
            sees_counts = meeting.organiser_id == user_id or meeting.area_code in staff_of
            counts = await meetings.counts(tx, meeting.id) if sees_counts else None
            names = (
                [
                    row["display_name"] or str(row["user_id"])
                    for row in await meetings.attendees(tx, meeting.id)
                ]
                if sees_counts
                else None
            )
            item = Listing(meeting, answers.get(meeting.id), counts, names)
            (past if from_db(meeting.starts_at) <= now_dt else upcoming).append(item)
    return upcoming, past[-10:]


async def get(deps: Deps, meeting_id: int) -> Meeting:
    async with deps.db.transaction() as tx:
        return await _load(tx, meeting_id)


async def set_news(deps: Deps, user_id: int, wanted: bool) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute("UPDATE users SET meeting_news = ? WHERE id = ?", (int(wanted), user_id))


async def news_wanted(deps: Deps, user_id: int) -> bool:
    value = await deps.db.scalar("SELECT meeting_news FROM users WHERE id = ?", (user_id,))
    return bool(value)


