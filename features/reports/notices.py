"""What the reports feature shows staff: the alert card, its buttons, and the details view's
buttons (which offer block or unblock only where the reporter is not hidden from staff)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core import callbacks
from core.areas import AreaDirectory
from core.render import area_full, area_name, category, local_time, status
from messages import plain, t
from storage.outbox import Keyboard
from storage.reports import Report


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
