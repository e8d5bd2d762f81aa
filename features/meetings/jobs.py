"""The scheduled work of a 골목회의: reminders a day and an hour before, and the question about
its outcome after it."""

from __future__ import annotations

from datetime import datetime, timedelta

from core import callbacks, scheduler
from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import quiet_release
from core.render import when_text
from messages import plain, t
from storage import meetings, outbox
from storage.db import Tx
from storage.meetings import Meeting
from storage.recipients import chat_language
from storage.scheduled import Scheduled

# --- scheduled: reminders and the outcome question -----------------------------------------


async def _still_on(tx: Tx, item: Scheduled, now: datetime) -> Meeting | None:
    """The meeting if it still happens at the time this item was armed for, and has not begun."""
    meeting = await meetings.get(tx, int(item.payload["meeting_id"]))
    if meeting is None or meeting.status != "approved" or meeting.starts_at != item.payload["starts_at"]:
        return None
    return meeting


async def remind(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    meeting = await _still_on(tx, item, now)
    starts = from_db(meeting.starts_at) if meeting else now
    if meeting is None or starts <= now:
        return False  # cancelled, moved, or already begun: a reminder would only confuse
    stamp = to_db(now)
    # Held in quiet hours only when that still leaves time before the meeting.
    release = quiet_release(deps, now)
    not_before = release if from_db(release) < starts - timedelta(minutes=30) else stamp
    key = "mt.remind_day" if item.kind == "meeting.remind24" else "mt.remind_hour"
    for row in await meetings.attendees(tx, meeting.id):
        lang = row["lang"]
        await outbox.enqueue(
            tx,
            row["user_id"],
            stamp,
            not_before=not_before,
            dedup_key=f"{item.key}:{row['user_id']}",
            text=t(
                lang,
                key,
                title=meeting.title,
                when=when_text(lang, meeting.starts_at, deps.settings.zone),
                place=meeting.place_text or plain(lang, "form.location_shared"),
            ),
        )
    if item.kind == "meeting.remind24":
        counts = await meetings.counts(tx, meeting.id)
        lang = await chat_language(tx, meeting.organiser_id, deps.settings.default_language)
        await outbox.enqueue(
            tx,
            meeting.organiser_id,
            stamp,
            not_before=not_before,
            dedup_key=f"{item.key}:organiser",
            text=t(
                lang,
                "mt.organiser_count",
                title=meeting.title,
                going=counts["going"],
                waitlist=counts["waitlist"],
                interested=counts["interested"],
            ),
        )
    return True


async def ask_outcome(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    meeting = await _still_on(tx, item, now)
    if meeting is None or meeting.outcome_summary is not None:
        return False
    lang = await chat_language(tx, meeting.organiser_id, deps.settings.default_language)
    await outbox.enqueue(
        tx,
        meeting.organiser_id,
        to_db(now),
        not_before=quiet_release(deps, now),
        text=t(lang, "mt.ask_outcome", title=meeting.title),
        keyboard=[[(plain(lang, "mt.btn_outcome"), callbacks.MEETING_OUTCOME.pack(meeting=meeting.id))]],
        dedup_key=f"{item.key}:ask",
    )
    return True


def register_jobs() -> None:
    scheduler.register("meeting.remind24", remind)
    scheduler.register("meeting.remind1", remind)
    scheduler.register("meeting.outcome", ask_outcome)
