"""Quiet hours: non-urgent messages wait until morning (Korea time)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.clock import to_db
from core.deps import Deps


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def release_time(moment: datetime, zone: ZoneInfo, start: time, end: time) -> datetime:
    """`moment` itself outside quiet hours; inside them, the moment they end."""
    local = moment.astimezone(zone)
    now = local.time()
    inside = (now >= start or now < end) if start > end else (start <= now < end)
    if not inside:
        return moment
    release = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if release <= local:
        release += timedelta(days=1)
    return release


def quiet_release(deps: Deps, moment: datetime) -> str:
    """When a non-urgent message recorded at `moment` may go out (stored form)."""
    s = deps.settings
    return to_db(release_time(moment, s.zone, parse_hhmm(s.quiet_hours_start), parse_hhmm(s.quiet_hours_end)))
