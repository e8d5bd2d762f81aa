"""What a 골목회의 looks like to people: its description, its buttons (RSVP, staff, support),
its outcome and its calendar file."""

from __future__ import annotations

from datetime import timedelta

from core import callbacks, render
from core.clock import from_db
from core.deps import Deps
from core.render import when_text
from messages import plain, t
from storage.meetings import Meeting
from storage.outbox import Keyboard

# --- rendering -----------------------------------------------------------------------------

SUPPORTS = ("room", "food", "publicity")


def describe(lang: str, meeting: Meeting, deps: Deps) -> str:
    place = meeting.place_text or plain(lang, "form.location_shared")
    capacity = (
        plain(lang, "mt.capacity_n", n=meeting.capacity)
        if meeting.capacity
        else plain(lang, "mt.capacity_none")
    )
    text = t(
        lang,
        "mt.card",
        title=meeting.title,
        when=when_text(lang, meeting.starts_at, deps.settings.zone),
        area=render.area_name(deps.areas, meeting.area_code),
        place=place,
        format=plain(lang, f"mt.format_{meeting.format}"),
        agenda=meeting.agenda,
        capacity=capacity,
    )
    if meeting.support:
        text += t(lang, "mt.support_line", support=plain(lang, f"mt.support_{meeting.support}"))
    return text


def rsvp_keyboard(lang: str, meeting_id: int) -> Keyboard:
    return [
        [
            (plain(lang, "mt.btn_going"), callbacks.RSVP.pack(meeting=meeting_id, answer="going")),
            (plain(lang, "mt.btn_interested"), callbacks.RSVP.pack(meeting=meeting_id, answer="interested")),
            (plain(lang, "mt.btn_no"), callbacks.RSVP.pack(meeting=meeting_id, answer="no")),
        ],
        [(plain(lang, "mt.btn_calendar"), callbacks.CALENDAR.pack(meeting=meeting_id))],
    ]


def staff_keyboard(lang: str, meeting_id: int) -> Keyboard:
    return [
        [
            (plain(lang, "mt.btn_approve"), callbacks.MEETING_STAFF.pack(action="ap", meeting=meeting_id)),
            (plain(lang, "mt.btn_support"), callbacks.MEETING_STAFF.pack(action="sp", meeting=meeting_id)),
        ],
        [
            (plain(lang, "mt.btn_changes"), callbacks.MEETING_STAFF.pack(action="ch", meeting=meeting_id)),
            (plain(lang, "mt.btn_decline"), callbacks.MEETING_STAFF.pack(action="dc", meeting=meeting_id)),
        ],
    ]


def support_keyboard(lang: str, meeting_id: int) -> Keyboard:
    return [
        [
            (plain(lang, f"mt.support_{kind}"), callbacks.MEETING_SUPPORT.pack(meeting=meeting_id, kind=kind))
            for kind in SUPPORTS
        ],
        [(plain(lang, "form.btn_back"), callbacks.MEETING_STAFF.pack(action="bk", meeting=meeting_id))],
    ]


def outcome_text(lang: str, meeting: Meeting) -> str:
    none = plain(lang, "mt.none")
    return t(
        lang,
        "mt.outcome",
        title=meeting.title,
        summary=meeting.outcome_summary or none,
        decisions=meeting.outcome_decisions or none,
        requests=meeting.outcome_requests or none,
    )


def ics(meeting: Meeting, deps: Deps) -> bytes:
    """An iCalendar file; times in UTC (Z) so every calendar shows them in its own zone."""

    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    starts = from_db(meeting.starts_at)
    ends = starts + timedelta(hours=1)
    stamp = deps.clock.now()
    fmt = "%Y%m%dT%H%M%SZ"
    place = meeting.place_text or render.area_full(deps.areas, meeting.area_code)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//golmok//meetings//KO",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.id}@golmok",
        f"DTSTAMP:{stamp.strftime(fmt)}",
        f"DTSTART:{starts.strftime(fmt)}",
        f"DTEND:{ends.strftime(fmt)}",
        f"SUMMARY:{escape(meeting.title)}",
        f"DESCRIPTION:{escape(meeting.agenda)}",
        f"LOCATION:{escape(place)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
