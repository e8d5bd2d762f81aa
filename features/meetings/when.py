"""골목회의 times: what a proposer may type for the date and time (core/render.py shows one)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.errors import Refused

MIN_LEAD = timedelta(hours=1)
MAX_LEAD = timedelta(days=90)


# --- time ----------------------------------------------------------------------------------

_FULL = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\s+(\d{1,2}):(\d{2})\s*$")
_SHORT = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})\s+(\d{1,2}):(\d{2})\s*$")


def parse_when(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """'2026-11-28 19:30' or '11/28 19:30' (the next such date), Korea time; None if unreadable."""
    local_now = now.astimezone(zone)
    try:
        if match := _FULL.match(text):
            year, month, day, hour, minute = (int(part) for part in match.groups())
            return datetime(year, month, day, hour, minute, tzinfo=zone)
        if match := _SHORT.match(text):
            month, day, hour, minute = (int(part) for part in match.groups())
            candidate = datetime(local_now.year, month, day, hour, minute, tzinfo=zone)
            if candidate < local_now - timedelta(days=1):
                candidate = candidate.replace(year=local_now.year + 1)
            return candidate
    except ValueError:  # 2월 30일 and the like
        return None
    return None


def check_when(starts: datetime, now: datetime) -> None:
    if starts <= now:
        raise Refused("mt.time_past")
    if starts - now < MIN_LEAD:
        raise Refused("mt.time_soon")
    if starts - now > MAX_LEAD:
        raise Refused("mt.time_far")
