"""An alley meeting after it was approved: cancelled or moved (everyone going told), and its
outcome recorded."""

from __future__ import annotations

from datetime import datetime

from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused, denied
from core.quiet import quiet_release
from core.render import when_text
from features.meetings.actions import (
    OUTCOME_LIMIT,
    as_organiser_or_staff,
    guarded,
    load,
    schedule_reminders,
    staff_targets,
    tell,
)
from features.meetings.notices import outcome_text
from features.meetings.when import check_when
from messages import t
from messages.length import split
from storage import meetings, outbox
from storage.db import Tx
from storage.meetings import Meeting
from storage.recipients import chat_language


async def _everyone_going(tx: Tx, meeting: Meeting, but: int) -> list[int]:
    """Everyone going or waiting, and the organiser; not the person who made the change."""
    people = {row["user_id"] for row in await meetings.attendees(tx, meeting.id, waitlisted=None)}
    people.add(meeting.organiser_id)
    people.discard(but)
    return sorted(people)


async def _changeable(tx: Tx, deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    """The meeting its organiser or the centre's staff may still cancel or move."""
    meeting = await load(tx, meeting_id)
    await as_organiser_or_staff(tx, deps, actor_id, meeting)
    if meeting.status in ("cancelled", "declined"):
        raise Refused("mt.already_decided")
    return meeting


async def cancel(deps: Deps, actor_id: int, meeting_id: int) -> Meeting:
    now = deps.now()
    async with guarded(deps) as tx:
        meeting = await _changeable(tx, deps, actor_id, meeting_id)
        await meetings.update(tx, meeting.id, status="cancelled", updated_at=now)
        for user_id in await _everyone_going(tx, meeting, but=actor_id):
            lang = await chat_language(tx, user_id, deps.settings.default_language)
            await tell(
                tx,
                deps,
                user_id,
                "mt.cancelled",
                now,
                urgent=True,
                title=meeting.title,
                when=when_text(lang, meeting.starts_at, deps.settings.zone),
            )
        for chat_id in await staff_targets(tx, deps, meeting.area_code):
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
        cancelled = await load(tx, meeting.id)
    deps.wake_sender()
    return cancelled


async def move(deps: Deps, actor_id: int, meeting_id: int, starts: datetime) -> Meeting:
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    check_when(starts, now_dt)
    async with guarded(deps) as tx:
        meeting = await _changeable(tx, deps, actor_id, meeting_id)
        await meetings.update(tx, meeting.id, starts_at=to_db(starts), updated_at=now)
        moved = await load(tx, meeting.id)
        for user_id in await _everyone_going(tx, moved, but=actor_id):
            lang = await chat_language(tx, user_id, deps.settings.default_language)
            await tell(
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
            await schedule_reminders(tx, deps, moved, now)
    deps.wake_sender()
    return moved


async def record_outcome(
    deps: Deps, actor_id: int, meeting_id: int, summary: str, decisions: str | None, requests: str | None
) -> Meeting:
    for part in (summary, decisions or "", requests or ""):
        if len(part) > OUTCOME_LIMIT:
            raise Refused("mt.comment_limit", limit=OUTCOME_LIMIT)
    now = deps.now()
    async with guarded(deps) as tx:
        meeting = await load(tx, meeting_id)
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
        done = await load(tx, meeting.id)
        recipients = [row["user_id"] for row in await meetings.attendees(tx, meeting.id)]
        recipients += [chat for chat in await staff_targets(tx, deps, meeting.area_code)]
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
