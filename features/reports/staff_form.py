"""Notes, duplicates and transfers of a report: one question each in the staff member's private
chat, started from the details view's buttons."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core import callbacks, render
from core.errors import Refused
from features.reports import staff_cases as report_staff
from features.reports.staff import ACTION
from messages import t
from messages.text import visible
from ui import area_picker as area_step
from ui.common import (
    Context,
    answer,
    callback_int,
    clear_buttons,
    private_button,
    refuse,
    refuse_press,
    reply,
    stray_press,
)

NOTE, DUPLICATE, TRANSFER = range(3)


# --- notes, duplicates and transfers (private chat, one question each) ---------------------


async def action_begin(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    assert query is not None and user is not None and chat is not None
    lang = await context.lang()
    report_id = callback_int(query.data, 2)
    kind = (query.data or "").split(":")[1]
    if report_id is None or chat.type != Chat.PRIVATE:
        await answer(query, lang, "button.expired")
        return ConversationHandler.END
    try:
        report = await report_staff.check_access(context.deps, user.id, report_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return ConversationHandler.END
    await answer(query)
    context.user_data[ACTION] = {"report_id": report_id, "kind": kind}  # type: ignore[index]
    if kind == "nt":
        await reply(update, t(lang, "note.ask", ref=report.ref, limit=report_staff.NOTE_LIMIT))
        return NOTE
    if kind == "dp":
        await reply(update, t(lang, "dup.ask", ref=report.ref))
        return DUPLICATE
    await reply(update, t(lang, "transfer.ask", ref=report.ref))
    return TRANSFER


def _pending(context: Context) -> int | None:
    action = context.user_data.get(ACTION) if context.user_data else None
    return int(action["report_id"]) if action else None


async def note_text(update: Update, context: Context) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and message.text is not None and user is not None
    lang = await context.lang()
    report_id = _pending(context)
    if report_id is None:
        return ConversationHandler.END
    if not visible(message.text):
        await reply(update, t(lang, "text.invisible"))
        return NOTE
    try:
        report = await report_staff.add_note(context.deps, user.id, report_id, message.text.strip())
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return NOTE if refusal.key == "note.too_long" else _finish(context)
    await reply(update, t(lang, "note.saved", ref=report.ref))
    return _finish(context)


async def duplicate_text(update: Update, context: Context) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and message.text is not None and user is not None
    lang = await context.lang()
    report_id = _pending(context)
    if report_id is None:
        return ConversationHandler.END
    try:
        report, original = await report_staff.mark_duplicate(context.deps, user.id, report_id, message.text)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        if refusal.key in ("dup.not_found", "dup.self"):
            return DUPLICATE
        return _finish(context)
    await reply(update, t(lang, "dup.saved", ref=report.ref, original=original.ref))
    return _finish(context)


async def transfer_text(update: Update, context: Context) -> int:
    report_id = _pending(context)
    if report_id is None:
        return _finish(context)
    # Every button names the report it moves: a list offered for an earlier transfer can then
    # be told from the one under way (tr:<report id>:<dong code>, well under 64 bytes).
    await area_step.offer(update, context, callbacks.TRANSFER_TO, report=report_id)
    return TRANSFER


async def transfer_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    area = area_step.picked(context, query.data)
    report_id = _pending(context)
    if await stray_press(update, context):
        return TRANSFER
    if report_id is not None and callback_int(query.data, 1) != report_id:
        # A list from an earlier transfer (another report): nothing moves, this one goes on.
        await refuse_press(update, context, "button.old", "a transfer list of another report")
        return TRANSFER
    if area is None or report_id is None:
        await answer(query, lang, "button.expired")
        return TRANSFER
    try:
        report = await report_staff.transfer(context.deps, user.id, report_id, area.code)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return TRANSFER if refusal.key == "transfer.same" else _finish(context)
    await answer(query)
    await clear_buttons(update)
    await reply(
        update,
        t(lang, "transfer.saved", ref=report.ref, area=render.area_name(context.deps.areas, area.code)),
    )
    return _finish(context)


async def stale_list(update: Update, context: Context) -> None:
    """A transfer list pressed while a note or duplicate is asked: nothing moves."""
    await refuse_press(update, context, "button.old", "a transfer list at another step")


def _finish(context: Context) -> int:
    if context.user_data is not None:
        context.user_data.pop(ACTION, None)
    return ConversationHandler.END


async def action_hint(update: Update, context: Context) -> None:
    await reply(update, t(await context.lang(), "form.text_hint"))


async def action_cancel(update: Update, context: Context) -> int:
    await reply(update, t(await context.lang(), "cancel.done"))
    return _finish(context)


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="staff_action",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CallbackQueryHandler(
                private_button(action_begin),
                pattern=callbacks.any_of(
                    callbacks.REPORT_NOTE, callbacks.REPORT_DUPLICATE, callbacks.REPORT_TRANSFER
                ),
            )
        ],
        states={
            NOTE: [MessageHandler(text, note_text)],
            DUPLICATE: [MessageHandler(text, duplicate_text)],
            TRANSFER: [
                MessageHandler(text, transfer_text),
                CallbackQueryHandler(transfer_chosen, pattern=callbacks.TRANSFER_TO.pattern),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", action_cancel),
            CallbackQueryHandler(stale_list, pattern=callbacks.stale_of(callbacks.TRANSFER_TO)),
            MessageHandler(private & ~filters.COMMAND, action_hint),
        ],
    )
