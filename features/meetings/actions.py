"""Alley-meeting use cases: who may propose, the proposal, the staff's approval (with support),
changes or decline, the announcement, RSVP with a waitlist. After approval: changes.py;
lists: listing.py; times: when.py; texts and buttons: notices.py; reminders: jobs.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import audit, people, routing
from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused, denied
from core.quiet import quiet_release
from core.render import when_text
from features.meetings.notices import SUPPORTS, describe, rsvp_keyboard, staff_keyboard
from features.meetings.when import check_when
from messages import plain, t
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


async def staff_targets(tx: Tx, deps: Deps, area_code: str) -> list[int]:
    return [d.chat_id for d in await routing.staff_destinations(tx, deps, area_code)]


@asynccontextmanager
async def guarded(deps: Deps) -> AsyncIterator[Tx]:
    """A transaction whose refusals of staff-only actions are written to the access log."""
    try:
        async with deps.db.transaction() as tx:
            yield tx
    except Refused as refusal:
        await audit.record_refusal(deps.db, refusal, deps.now())
        raise


async def load(tx: Tx, meeting_id: int) -> Meeting:
    meeting = await meetings.get(tx, meeting_id)
    if meeting is None:
        raise Refused("button.expired")
    return meeting


async def as_staff(tx: Tx, deps: Deps, actor_id: int, meeting: Meeting) -> None:
    if not (deps.is_admin(actor_id) or await centres.is_staff(tx, actor_id, meeting.area_code)):
        raise denied(actor_id, area_code=meeting.area_code)


async def as_organiser_or_staff(tx: Tx, deps: Deps, actor_id: int, meeting: Meeting) -> None:
    if actor_id != meeting.organiser_id:
        await as_staff(tx, deps, actor_id, meeting)


async def tell(
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
        raise Refused("person.not_registered")
    if not people.consent_current(user.consent_version):
        raise Refused("person.notice_changed")
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
        meeting = await load(tx, meeting_id)
        centre = await centres.get(tx, meeting.area_code)
        if centre is not None and centre.chat_id is not None and centre.auto_approve_meetings:
            await _approve(tx, deps, meeting, None, None, now)
        else:
            for chat_id in await staff_targets(tx, deps, meeting.area_code):
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
        meeting = await load(tx, meeting_id)
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
    approved = await load(tx, meeting.id)
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
    await schedule_reminders(tx, deps, approved, now)
    if actor_id is not None:
        name = (await users.names(tx, {actor_id})).get(actor_id, str(actor_id))
        await _edit_proposals(tx, deps, approved, "mt.proposal_approved", now, by=name)
        await access_log.record(
            tx, actor_id, "meeting_approve", now, area_code=approved.area_code, detail=str(approved.id)
        )
    return approved


async def schedule_reminders(tx: Tx, deps: Deps, meeting: Meeting, now: str) -> None:
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
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
        await as_staff(tx, deps, actor_id, meeting)
        if meeting.status not in ("proposed", "changes"):
            raise Refused("mt.already_decided")
        approved = await _approve(tx, deps, meeting, actor_id, support, now)
        key = "mt.told_approved_support" if support else "mt.told_approved"
        lang = await chat_language(tx, approved.organiser_id, deps.settings.default_language)
        await tell(
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
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
        await as_staff(tx, deps, actor_id, meeting)
        if meeting.status not in ("proposed", "changes"):
            raise Refused("mt.already_decided")
        await meetings.update(tx, meeting.id, status=decision, staff_comment=comment, updated_at=now)
        updated = await load(tx, meeting.id)
        name = (await users.names(tx, {actor_id})).get(actor_id, str(actor_id))
        key = "mt.proposal_changes" if decision == "changes" else "mt.proposal_declined"
        await _edit_proposals(tx, deps, updated, key, now, by=name)
        told = "mt.told_changes" if decision == "changes" else "mt.told_declined"
        await tell(
            tx, deps, updated.organiser_id, told, now, urgent=True, title=updated.title, comment=comment
        )
        await access_log.record(
            tx, actor_id, f"meeting_{decision}", now, area_code=updated.area_code, detail=str(updated.id)
        )
    deps.wake_sender()
    return updated


async def check_staff(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
        await as_staff(tx, deps, actor_id, meeting)
        return meeting


async def check_organiser(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    """Only the organiser records what a meeting decided; anyone else is refused (and logged)."""
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
        if meeting.organiser_id != actor_id:
            raise denied(actor_id, area_code=meeting.area_code)
        return meeting


async def check_manage(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
        await as_organiser_or_staff(tx, deps, actor_id, meeting)
        return meeting


# --- RSVP ----------------------------------------------------------------------------------


async def rsvp(deps: Deps, user_id: int, meeting_id: int, answer: str) -> RsvpResult:
    if answer not in ("going", "interested", "no"):
        raise Refused("button.expired")
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    async with deps.db.transaction() as tx:
        meeting = await load(tx, meeting_id)
        if meeting.status != "approved":
            raise Refused("mt.not_open")
        if from_db(meeting.starts_at) <= now_dt:
            raise Refused("mt.already_started")
        person = await users.get(tx, user_id)
        if person is None or not person.registered:
            raise Refused("person.not_registered")
        if not people.consent_current(person.consent_version):
            raise Refused("person.notice_changed")
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
    await meetings.give_seat(tx, meeting.id, first)
    await tell(
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
