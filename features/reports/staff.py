"""Staff: alert buttons (take, status, details), notes, duplicates, transfers, /open.

Every press is authorised again on the server from the report id alone: the callback data is
never trusted to say who may do what.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
)

from core import callbacks, render, staff
from core.errors import Refused
from features.reports import notices
from features.reports import staff_cases as report_staff
from messages import plain, t
from messages.length import split
from storage.outbox import Keyboard
from ui.common import (
    Context,
    answer,
    callback_int,
    inline,
    message_of,
    refuse,
    reply,
)

ACTION = "staff_action"
OPEN_PAGE = 20  # /open entries (and their buttons) per message
log = logging.getLogger(__name__)


async def alert_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    data = query.data or ""
    report_id = callback_int(data, 2)
    action = data.split(":")[1]
    if report_id is None:
        await answer(query, lang, "button.expired")
        return
    try:
        if action in ("tk", "tko"):
            await _take(update, context, report_id, lang, take_over=action == "tko")
        elif action == "sm":
            await report_staff.check_access(deps, user.id, report_id)
            await answer(query)
            keyboard = notices.status_keyboard(await _buttons_lang(update, context, lang), report_id)
            await message_of(update).edit_reply_markup(inline(keyboard))
        elif action == "bk":
            await report_staff.check_access(deps, user.id, report_id)
            await answer(query)
            keyboard = notices.alert_keyboard(await _buttons_lang(update, context, lang), report_id)
            await message_of(update).edit_reply_markup(inline(keyboard))
        elif action == "ss":
            status = data.split(":")[3] if data.count(":") == 3 else ""
            await report_staff.set_status(deps, user.id, report_id, status)
            await answer(query, lang, "staff.status_set", status=render.status(lang, status))
        elif action == "dt":
            await _send_details(update, context, report_id, lang)
        elif action == "bl":
            # One tap only asks: blocking someone is confirmed with a second button.
            await report_staff.check_block(deps, user.id, report_id)
            await answer(query, lang, "staff.block_confirm", alert=True)
            await _set_buttons(update, notices.block_confirm_keyboard(lang, report_id))
        elif action == "blc":
            await report_staff.block_reporter(deps, user.id, report_id)
            await answer(query, lang, "staff.blocked", alert=True)
            await _set_buttons(update, notices.details_keyboard(lang, report_id, notices.REPORTER_BLOCKED))
        elif action == "ub":
            await report_staff.unblock_reporter(deps, user.id, report_id)
            await answer(query, lang, "staff.unblocked", alert=True)
            await _set_buttons(update, notices.details_keyboard(lang, report_id, notices.REPORTER_OPEN))
        elif action == "db":
            state = await report_staff.reporter_state(deps, user.id, report_id)
            await answer(query)
            await _set_buttons(update, notices.details_keyboard(lang, report_id, state))
    except Refused as refusal:
        await refuse(update, lang, refusal)


async def _take(update: Update, context: Context, report_id: int, lang: str, *, take_over: bool) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    taken = await report_staff.take(context.deps, user.id, report_id, take_over=take_over)
    if taken.outcome == report_staff.MINE:
        # Nothing changed, so nothing is edited: Telegram refuses an edit that changes nothing.
        await answer(query, lang, "staff.already_yours")
    elif taken.outcome == report_staff.HELD:
        await answer(query, lang, "staff.take_held", alert=True, name=taken.holder or "-")
        buttons_lang = await _buttons_lang(update, context, lang)
        await _set_buttons(update, notices.takeover_keyboard(buttons_lang, report_id))
    elif taken.holder is not None:
        await answer(query, lang, "staff.taken_over", name=taken.holder)
    else:
        await answer(query, lang, "staff.taken")


async def _buttons_lang(update: Update, context: Context, lang: str) -> str:
    """Buttons swapped on a staff group's message speak the group's language, not the presser's."""
    chat = update.effective_chat
    if chat is None or chat.type == Chat.PRIVATE:
        return lang
    return await staff.chat_language(context.deps, chat.id, lang)


async def _set_buttons(update: Update, keyboard: Keyboard) -> None:
    """Swap the buttons of the pressed message (already showing them is fine)."""
    try:
        await message_of(update).edit_reply_markup(inline(keyboard))
    except BadRequest as exc:
        log.info("could not change buttons: %s", exc.message)


async def _send_details(update: Update, context: Context, report_id: int, lang: str) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    shown = await report_staff.details(deps, user.id, report_id, lang)
    try:
        # The details can outgrow one message (a long description and place, a long name): the
        # buttons go with the last part, so they stay under everything they act on.
        parts = split([shown.text])
        last = len(parts) - 1
        await context.bot.send_message(
            user.id, parts[0], reply_markup=inline(shown.keyboard) if last == 0 else None
        )
    except Forbidden:
        # Never delivered: logged as a failed view, not as a view.
        await report_staff.record_view(deps, user.id, report_id, delivered=False)
        await answer(query, lang, "private.start_first", alert=True)
        return
    await report_staff.record_view(deps, user.id, report_id, delivered=True)
    try:
        for index, part in enumerate(parts[1:], start=1):
            await context.bot.send_message(
                user.id, part, reply_markup=inline(shown.keyboard) if index == last else None
            )
        if shown.notes:
            for chunk in _chunks(t(lang, "details.notes_header"), shown.notes):
                await context.bot.send_message(user.id, chunk)
        if shown.location is not None:
            await context.bot.send_location(user.id, latitude=shown.location[0], longitude=shown.location[1])
        if shown.photo_file_id is not None:
            await context.bot.send_photo(user.id, shown.photo_file_id)
    except Forbidden:
        await answer(query, lang, "private.start_first", alert=True)
        return
    if query.message is not None and query.message.chat.type != Chat.PRIVATE:
        await answer(query, lang, "private.sent")
    else:
        await answer(query)


async def open_reports(update: Update, context: Context) -> None:
    """/open: the open reports of the centre whose alert chat this is (or, privately, the asker's
    centres and, for admins, every dong without a reachable centre chat). Every entry gets a button
    that posts its alert card here, so each listed report can be acted on from where it is seen."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
    try:
        areas = await staff.open_areas(deps, user.id, chat.id, chat.type == Chat.PRIVATE)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not areas:
        await reply(update, t(lang, "open.admin_empty"))
        return
    now = deps.clock.now()
    for area_code, no_centre in areas:
        found, total = await report_staff.open_reports(deps, area_code)
        name = render.area_name(deps.areas, area_code)
        if not found:
            await reply(update, t(lang, "open.empty", area=name))
            continue
        lines = [
            t(
                lang,
                "open.line",
                ref=item.report.ref,
                category=render.category(lang, item.report.category),
                status=render.status(lang, item.report.status),
                age=render.age(lang, item.report.created_at, now),
                assignee=item.assignee or plain(lang, "alert.nobody"),
            )
            for item in found
        ]
        header = t(lang, "open.header_no_centre" if no_centre else "open.header", area=name, count=total)
        # A page of entries per message, its buttons under its last part: well inside
        # Telegram's limit on buttons per message, and each button next to its lines.
        for start in range(0, len(found), OPEN_PAGE):
            page = lines[start : start + OPEN_PAGE]
            chunks = _chunks(header, page) if start == 0 else _chunks(page[0], page[1:])
            entries = [item.report for item in found[start : start + OPEN_PAGE]]
            keyboard = [
                [
                    (plain(lang, "open.btn_card", ref=r.ref), callbacks.REPORT_CARD.pack(report=r.id))
                    for r in entries[i : i + 2]
                ]
                for i in range(0, len(entries), 2)
            ]
            for chunk in chunks[:-1]:
                await reply(update, chunk)
            await reply(update, chunks[-1], keyboard)


async def show_card(update: Update, context: Context) -> None:
    """An /open entry's button: post that report's alert card here (authorised on the server)."""
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    assert query is not None and user is not None and chat is not None
    lang = await context.lang()
    report_id = callback_int(query.data, 2)
    if report_id is None:
        await answer(query, lang, "button.expired")
        return
    try:
        await report_staff.post_card(
            context.deps, user.id, report_id, chat.id, private=chat.type == Chat.PRIVATE
        )
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)


def _chunks(header: str, lines: list[str]) -> list[str]:
    """Split a long list into messages that each stay inside Telegram's length limit, as
    Telegram counts it (UTF-16 units of the visible text: a note of emoji counts double)."""
    return split(lines, header=header)


def commands() -> list[object]:
    return [CommandHandler("open", open_reports)]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(alert_button, pattern=callbacks.any_of(*callbacks.ALERT_BUTTONS)),
        CallbackQueryHandler(show_card, pattern=callbacks.REPORT_CARD.pattern),
    ]
