"""Texts and keyboards that go to other people (through the outbox), rendered from messages/."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core import callbacks
from core.areas import AreaDirectory
from core.clock import from_db
from messages import plain, t
from storage.outbox import Keyboard
from storage.reports import Report

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


def reporter_label(lang: str, report: Report) -> str:
    if not report.contact_ok or report.reporter_id is None:
        return plain(lang, "alert.reporter_anonymous")
    key = "alert.reporter_verified" if report.reporter_verified else "alert.reporter_unverified"
    return plain(lang, key)


def alert_text(
    lang: str,
    report: Report,
    areas: AreaDirectory,
    zone: ZoneInfo,
    assignee: str | None,
    *,
    moved_to: str | None = None,
) -> str:
    text = t(
        lang,
        "alert.new",
        ref=report.ref,
        category=category(lang, report.category),
        area=area_full(areas, report.area_code if moved_to is None else report.origin_area_code),
        time=local_time(lang, report.created_at, zone),
        reporter=reporter_label(lang, report),
        status=status(lang, report.status),
        assignee=assignee or plain(lang, "alert.nobody"),
    )
    if moved_to is not None:
        return text + t(lang, "alert.moved_away", area=area_name(areas, moved_to))
    if report.origin_area_code != report.area_code:
        text += t(lang, "alert.transferred_note", area=area_name(areas, report.origin_area_code))
    return text


def alert_keyboard(lang: str, report_id: int) -> Keyboard:
    return [
        [
            (plain(lang, "alert.btn_take"), callbacks.REPORT_TAKE.pack(report=report_id)),
            (plain(lang, "alert.btn_status"), callbacks.REPORT_STATUS_MENU.pack(report=report_id)),
        ],
        [(plain(lang, "alert.btn_details"), callbacks.REPORT_DETAILS.pack(report=report_id))],
    ]


def status_keyboard(lang: str, report_id: int) -> Keyboard:
    return [
        [
            (status(lang, "checking"), callbacks.REPORT_STATUS.pack(report=report_id, status="checking")),
            (
                status(lang, "in_progress"),
                callbacks.REPORT_STATUS.pack(report=report_id, status="in_progress"),
            ),
            (status(lang, "closed"), callbacks.REPORT_STATUS.pack(report=report_id, status="closed")),
        ],
        [(plain(lang, "form.btn_back"), callbacks.REPORT_BACK.pack(report=report_id))],
    ]


def takeover_keyboard(lang: str, report_id: int) -> Keyboard:
    """Asked of a colleague pressing 맡기 on a report someone else holds."""
    return [
        [(plain(lang, "staff.btn_takeover"), callbacks.REPORT_TAKEOVER.pack(report=report_id))],
        [(plain(lang, "form.btn_back"), callbacks.REPORT_BACK.pack(report=report_id))],
    ]


def block_confirm_keyboard(lang: str, report_id: int) -> Keyboard:
    return [
        [(plain(lang, "staff.btn_block_yes"), callbacks.REPORT_BLOCK_YES.pack(report=report_id))],
        [(plain(lang, "form.btn_back"), callbacks.REPORT_DETAILS_BACK.pack(report=report_id))],
    ]


# What the details view may offer about the reporter: nothing for an anonymous report (staff must
# not act on an identity hidden from them, nor learn that it is blocked), else block or unblock.
REPORTER_HIDDEN, REPORTER_OPEN, REPORTER_BLOCKED = "hidden", "open", "blocked"


def details_keyboard(lang: str, report_id: int, reporter: str = REPORTER_OPEN) -> Keyboard:
    second: list[tuple[str, str]] = [
        (plain(lang, "alert.btn_transfer"), callbacks.REPORT_TRANSFER.pack(report=report_id))
    ]
    if reporter == REPORTER_OPEN:
        second.append((plain(lang, "alert.btn_block"), callbacks.REPORT_BLOCK.pack(report=report_id)))
    elif reporter == REPORTER_BLOCKED:
        second.append((plain(lang, "staff.btn_unblock"), callbacks.REPORT_UNBLOCK.pack(report=report_id)))
    return [
        [
            (plain(lang, "alert.btn_note"), callbacks.REPORT_NOTE.pack(report=report_id)),
            (plain(lang, "alert.btn_duplicate"), callbacks.REPORT_DUPLICATE.pack(report=report_id)),
        ],
        second,
        [
            (status(lang, "checking"), callbacks.REPORT_STATUS.pack(report=report_id, status="checking")),
            (
                status(lang, "in_progress"),
                callbacks.REPORT_STATUS.pack(report=report_id, status="in_progress"),
            ),
            (status(lang, "closed"), callbacks.REPORT_STATUS.pack(report=report_id, status="closed")),
        ],
    ]
