"""A person's alley meetings: /meetings (upcoming and past, with their answers), one meeting,
and a meeting's calendar file (the meeting-news choice is core/people.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import from_db
from core.deps import Deps
from core.errors import Refused
from features.meetings.actions import (
    load,
)
from storage import centres, meetings, users
from storage.meetings import Meeting


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


async def for_calendar(deps: Deps, meeting_id: int) -> Meeting:
    """A meeting whose calendar file may be had: an approved one (not a proposal, nor cancelled)."""
    meeting = await get(deps, meeting_id)
    if meeting.status != "approved":
        raise Refused("mt.not_open")
    return meeting


async def get(deps: Deps, meeting_id: int) -> Meeting:
    async with deps.db.transaction() as tx:
        return await load(tx, meeting_id)
