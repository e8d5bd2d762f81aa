"""Alley-meeting buttons and lists: the staff's approve, support, changes and decline; RSVP and
the calendar file; /meetings with cancel and move. The proposal dialogue is propose.py,
the follow-ups followups.py."""

from __future__ import annotations

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    filters,
)

from core import callbacks, render
from core.errors import Refused
from features.meetings import actions as meeting_service
from features.meetings import changes as meeting_changes
from features.meetings import listing as meeting_listing
from features.meetings import notices as meeting_notices
from messages import Raw, plain, render_name, t
from messages.length import split
from ui.common import (
    Context,
    answer,
    callback_int,
    clear_buttons,
    inline,
    private_button,
    refuse,
    reply,
)

# --- staff: approve, support, changes, decline -----------------------------------------------


async def staff_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 2)
    if meeting_id is None:
        await answer(query, lang, "button.expired")
        return
    action = parts[1]
    try:
        if action == "ap":
            await meeting_service.approve(deps, user.id, meeting_id)
            await answer(query, lang, "mt.approved_done")
        elif action == "su" and len(parts) == 4:
            await meeting_service.approve(deps, user.id, meeting_id, parts[3])
            await answer(query, lang, "mt.approved_done")
        elif action in ("sp", "bk"):
            await meeting_service.check_staff(deps, user.id, meeting_id)
            await answer(query)
            keyboard = (
                meeting_notices.support_keyboard(lang, meeting_id)
                if action == "sp"
                else meeting_notices.staff_keyboard(lang, meeting_id)
            )
            message = query.message
            if message is not None:
                await context.bot.edit_message_reply_markup(
                    message.chat.id, message.message_id, reply_markup=inline(keyboard)
                )
        elif action in ("ch", "dc"):
            meeting = await meeting_service.check_staff(deps, user.id, meeting_id)
            label = "mt.write_changes" if action == "ch" else "mt.write_decline"
            card = Raw(meeting_notices.describe(lang, meeting, deps))
            await context.bot.send_message(
                user.id,
                t(lang, "mt.dm_respond", card=card),
                reply_markup=inline(
                    [
                        [
                            (
                                plain(lang, label),
                                callbacks.MEETING_WRAP_UP.pack(action=action, meeting=meeting_id),
                            )
                        ]
                    ]
                ),
            )
            await answer(query, lang, "private.sent")
        else:
            await answer(query, lang, "button.expired")
    except Refused as refusal:
        await refuse(update, lang, refusal)
    except Forbidden:  # the staff member never opened a private chat with the bot
        await answer(query, lang, "private.start_first", alert=True)


# --- volunteers: RSVP and calendar -----------------------------------------------------------


async def rsvp_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 1)
    if meeting_id is None or len(parts) != 3:
        await answer(query, lang, "button.expired")
        return
    try:
        result = await meeting_service.rsvp(context.deps, user.id, meeting_id, parts[2])
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if result.waitlisted:
        await answer(query, lang, "mt.rsvp_waitlist", alert=True, position=result.position)
    else:
        await answer(query, lang, f"mt.rsvp_{result.answer}")


async def calendar_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    meeting_id = callback_int(query.data, 1)
    try:
        if meeting_id is None:
            raise Refused("button.expired")
        meeting = await meeting_listing.for_calendar(deps, meeting_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await context.bot.send_document(
        user.id,
        meeting_notices.ics(meeting, deps),
        filename=f"golmok-meeting-{meeting.id}.ics",
        caption=t(lang, "mt.ics_caption", title=meeting.title),
    )


# --- /meetings, cancel, move -----------------------------------------------------------------


async def list_meetings(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    if update.callback_query is not None:
        await answer(update.callback_query)
    deps = context.deps
    lang = await context.lang()
    upcoming, past = await meeting_listing.listing(deps, user.id)
    if not upcoming and not past:
        await reply(update, t(lang, "mt.list_empty"))
        return
    zone = deps.settings.zone
    lines: list[str] = []
    keyboard = []
    for heading, items in (("mt.list_upcoming", upcoming), ("mt.list_past", past)):
        if not items:
            continue
        lines.append(t(lang, heading))
        for item in items:
            m = item.meeting
            line = t(
                lang, "mt.list_line", title=m.title, when=render.when_text(lang, m.starts_at, zone),
                status=plain(lang, f"mt.status_{m.status}"),
            )  # fmt: skip
            if item.answer is not None:
                kind = "waitlist" if item.answer[1] else item.answer[0]
                line += t(lang, "mt.list_answer", answer=plain(lang, f"mt.answer_{kind}"))
            if item.counts is not None:
                line += t(lang, "mt.list_counts", **item.counts)
            if item.names:
                names = ", ".join(render_name(name) for name in item.names[:30])
                line += t(lang, "mt.list_names", names=Raw(names))
            if m.outcome_summary:
                line += t(lang, "mt.list_outcome", summary=m.outcome_summary)
            lines.append(line)
            if (
                items is upcoming
                and item.counts is not None
                and m.status in ("approved", "proposed", "changes")
            ):
                short = m.title[:20]
                keyboard.append(
                    [
                        (
                            plain(lang, "mt.btn_move_meeting", title=short),
                            callbacks.MEETING_MOVE.pack(meeting=m.id),
                        ),
                        (
                            plain(lang, "mt.btn_cancel_meeting", title=short),
                            callbacks.MEETING_CANCEL.pack(meeting=m.id),
                        ),
                    ]
                )
            if items is upcoming and m.status == "approved":
                keyboard.append(meeting_notices.rsvp_keyboard(lang, m.id)[0])
    # Split between lines as Telegram counts length (a cut at a character count could fall inside
    # a tag); the buttons go with the last part.
    chunks = split(lines)
    for chunk in chunks[:-1]:
        await reply(update, chunk)
    await reply(update, chunks[-1], keyboard[:20] or None)


async def cancel_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 1)
    if meeting_id is None:
        await answer(query, lang, "button.expired")
        return
    try:
        if len(parts) == 3 and parts[2] == "y":
            await meeting_changes.cancel(deps, user.id, meeting_id)
            await answer(query)
            await clear_buttons(update)
            await reply(update, t(lang, "mt.cancel_done"))
            return
        meeting = await meeting_service.check_manage(deps, user.id, meeting_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await reply(
        update,
        t(lang, "mt.confirm_cancel", title=meeting.title),
        [[(plain(lang, "mt.btn_confirm_cancel"), callbacks.MEETING_CANCEL_YES.pack(meeting=meeting_id))]],
    )


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("meetings", list_meetings, filters=private),
    ]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(
            staff_button, pattern=callbacks.any_of(callbacks.MEETING_STAFF, callbacks.MEETING_SUPPORT)
        ),
        CallbackQueryHandler(rsvp_button, pattern=callbacks.RSVP.pattern),
        CallbackQueryHandler(calendar_button, pattern=callbacks.CALENDAR.pattern),
        CallbackQueryHandler(
            private_button(cancel_button),
            pattern=callbacks.any_of(callbacks.MEETING_CANCEL, callbacks.MEETING_CANCEL_YES),
        ),
        CallbackQueryHandler(private_button(list_meetings), pattern=callbacks.MENU_MEETINGS.pattern),
    ]
