"""The shared vocabulary every feature renders with: 동 names and refs, Korea times, ages, and the
report categories and statuses (messages/ holds the words)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.areas import AreaDirectory
from core.clock import from_db
from messages import plain, t

CATEGORIES = (
    "isolation",
    "elderly_alone",
    "mail_piling",
    "utilities",
    "child_meals",
    "abuse",
    "housing",
    "other",
)


def area_name(areas: AreaDirectory, code: str) -> str:
    """The short name of a 동, unique in the whole directory (홍제1동, 중앙동(부산 중구))."""
    return areas.label(code)


def area_ref(areas: AreaDirectory, code: str) -> str:
    """The 동 part of a report's ref: the short name without spaces, so a ref typed back (spaces
    are dropped from what is typed) finds it, and two 동 never share a ref."""
    return "".join(areas.label(code).split())


def area_full(areas: AreaDirectory, code: str) -> str:
    """시도, 구 and 동 (서울특별시 서대문구 홍제1동): unique in the directory."""
    area = areas.get(code)
    old = areas.retired(code)
    return area.full_name if area else old.area.full_name if old else code


def local_time(lang: str, stored: str, zone: ZoneInfo) -> str:
    return from_db(stored).astimezone(zone).strftime(t(lang, "time.format"))


def when_text(lang: str, meeting_starts: str, zone: ZoneInfo) -> str:
    """A meeting's start in Korea time with its weekday: 2026-11-28 토 19:30."""
    local = from_db(meeting_starts).astimezone(zone)
    return local.strftime("%Y-%m-%d ") + plain(lang, f"weekday.{local.weekday()}") + local.strftime(" %H:%M")


def age(lang: str, stored: str, now: datetime) -> str:
    minutes = max(0, int((now - from_db(stored)).total_seconds() // 60))
    if minutes < 60:
        return t(lang, "age.minutes", n=minutes)
    if minutes < 48 * 60:
        return t(lang, "age.hours", n=minutes // 60)
    return t(lang, "age.days", n=minutes // (24 * 60))


def category(lang: str, key: str) -> str:
    return plain(lang, f"cat.{key}")


def status(lang: str, key: str) -> str:
    return plain(lang, f"status.{key}")
