"""Quiet hours as a rule of time (core/quiet.py), for any moment and any window: a message held
goes out at the window's end, never earlier, never more than a day later, and a moment outside
the window is not held at all. The same time for start and end means no quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.quiet import release_time

SEOUL = ZoneInfo("Asia/Seoul")
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))
minutes = st.times().map(lambda t: time(t.hour, t.minute))


def _inside(local: time, start: time, end: time) -> bool:
    return (local >= start or local < end) if start > end else (start <= local < end)


@given(moment=moments, start=minutes, end=minutes)
def test_a_held_message_goes_out_when_quiet_hours_end_and_no_later(
    moment: datetime, start: time, end: time
) -> None:
    released = release_time(moment, SEOUL, start, end)
    local = moment.astimezone(SEOUL)
    if not _inside(local.time(), start, end):
        assert released == moment
        return
    assert moment < released <= moment + timedelta(days=1)
    assert released.astimezone(SEOUL).time() == end
    assert not _inside(released.astimezone(SEOUL).time(), start, end)


@given(moment=moments, at=minutes)
def test_the_same_start_and_end_means_no_quiet_hours(moment: datetime, at: time) -> None:
    assert release_time(moment, SEOUL, at, at) == moment
