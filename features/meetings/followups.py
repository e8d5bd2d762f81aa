"""Follow-ups of an alley meeting in a private chat: its outcome (summary, decisions, requests),
a new time when it moves, and a staff member's comment when changes are asked."""

from __future__ import annotations

from typing import Any

from telegram import Chat, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core import callbacks
from core.errors import Refused
from features.meetings import actions as meeting_service
from features.meetings import changes as meeting_changes
from features.meetings import when as meeting_time
from features.meetings.common import FOLLOW, invisible, text_of
from messages import plain, t
from messages.text import visible
from ui.common import (
    Context,
    answer,
    callback_int,
    private_button,
    refuse,
    reply,
)
from ui.flow import ack

(SUMMARY, DECISIONS, REQUESTS, MOVE_TIME, COMMENT) = range(20, 25)


# --- follow-ups in a private chat: outcome, new time, staff comment ----------------------------


async def follow_begin(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    assert query is not None and user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
    data = query.data or ""
    kind = data.split(":")[0]
    meeting_id = callback_int(data, 2 if kind == "mw" else 1)
    if meeting_id is None or chat.type != Chat.PRIVATE:
        await answer(query, lang, "button.expired")
        return ConversationHandler.END
    try:
        if kind == "mo":
            meeting = await meeting_service.check_organiser(deps, user.id, meeting_id)
        elif kind == "mv":
            meeting = await meeting_service.check_manage(deps, user.id, meeting_id)
        else:
            meeting = await meeting_service.check_staff(deps, user.id, meeting_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return ConversationHandler.END
    await answer(query)
    context.user_data[FOLLOW] = {  # type: ignore[index]
        "meeting_id": meeting_id,
        "kind": data.split(":")[1] if kind == "mw" else kind,
    }  # type: ignore[index]
    if kind == "mo":
        await reply(update, t(lang, "mt.ask_summary", title=meeting.title))
        return SUMMARY
    if kind == "mv":
        await reply(update, t(lang, "mt.ask_new_time", title=meeting.title))
        return MOVE_TIME
    await reply(update, t(lang, "mt.ask_comment", title=meeting.title, limit=meeting_service.OUTCOME_LIMIT))
    return COMMENT


def _follow(context: Context) -> dict[str, Any]:
    return context.user_data.get(FOLLOW) or {}  # type: ignore[union-attr, return-value]


async def outcome_summary(update: Update, context: Context) -> int:
    lang = await context.lang()
    text = text_of(update)
    if not visible(text):
        return await invisible(update, context, SUMMARY)
    if len(text) > meeting_service.OUTCOME_LIMIT:
        await reply(update, t(lang, "mt.comment_limit", limit=meeting_service.OUTCOME_LIMIT))
        return SUMMARY
    _follow(context)["summary"] = text
    await reply(
        update,
        t(lang, "mt.ask_decisions"),
        [[(plain(lang, "mt.btn_none"), callbacks.MEETING_NOTHING.pack())]],
    )
    return DECISIONS


async def outcome_decisions(update: Update, context: Context) -> int:
    lang = await context.lang()
    if update.callback_query is not None:
        await ack(update)
        _follow(context)["decisions"] = None
    elif not visible(text_of(update)):
        return await invisible(update, context, DECISIONS)
    else:
        _follow(context)["decisions"] = text_of(update)
    await reply(
        update, t(lang, "mt.ask_requests"), [[(plain(lang, "mt.btn_none"), callbacks.MEETING_NOTHING.pack())]]
    )
    return REQUESTS


async def outcome_requests(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    lang = await context.lang()
    follow = _follow(context)
    if update.callback_query is not None:
        await ack(update)
        requests = None
    elif not visible(text_of(update)):
        return await invisible(update, context, REQUESTS)
    else:
        requests = text_of(update)
    try:
        await meeting_changes.record_outcome(
            context.deps, user.id, int(follow["meeting_id"]), follow["summary"], follow.get("decisions"),
            requests,
        )  # fmt: skip
    except (Refused, KeyError) as problem:
        await reply(update, t(lang, problem.key if isinstance(problem, Refused) else "button.expired"))
        return _finish(context)
    await reply(update, t(lang, "mt.outcome_saved"))
    return _finish(context)


async def move_time(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    starts = meeting_time.parse_when(text_of(update), deps.clock.now(), deps.settings.zone)
    if starts is None:
        await reply(update, t(lang, "mt.time_unreadable"))
        return MOVE_TIME
    try:
        await meeting_changes.move(deps, user.id, int(_follow(context)["meeting_id"]), starts)
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return MOVE_TIME if refusal.key.startswith("mt.time") else _finish(context)
    await reply(update, t(lang, "mt.move_done"))
    return _finish(context)


async def comment(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    lang = await context.lang()
    follow = _follow(context)
    decision = "changes" if follow.get("kind") == "ch" else "declined"
    if not visible(text_of(update)):
        return await invisible(update, context, COMMENT)
    try:
        await meeting_service.respond(
            context.deps, user.id, int(follow["meeting_id"]), decision, text_of(update)
        )
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return COMMENT if refusal.key == "mt.comment_limit" else _finish(context)
    await reply(update, t(lang, "mt.responded"))
    return _finish(context)


def _finish(context: Context) -> int:
    if context.user_data is not None:
        context.user_data.pop(FOLLOW, None)
    return ConversationHandler.END


async def follow_cancel(update: Update, context: Context) -> int:
    await reply(update, t(await context.lang(), "cancel.done"))
    return _finish(context)


async def follow_hint(update: Update, context: Context) -> None:
    await reply(update, t(await context.lang(), "form.text_hint"))


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="meeting_followup",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CallbackQueryHandler(
                private_button(follow_begin),
                pattern=callbacks.any_of(
                    callbacks.MEETING_OUTCOME, callbacks.MEETING_MOVE, callbacks.MEETING_WRAP_UP
                ),
            )
        ],
        states={
            SUMMARY: [MessageHandler(text, outcome_summary)],
            DECISIONS: [
                MessageHandler(text, outcome_decisions),
                CallbackQueryHandler(
                    private_button(outcome_decisions), pattern=callbacks.MEETING_NOTHING.pattern
                ),
            ],
            REQUESTS: [
                MessageHandler(text, outcome_requests),
                CallbackQueryHandler(
                    private_button(outcome_requests), pattern=callbacks.MEETING_NOTHING.pattern
                ),
            ],
            MOVE_TIME: [MessageHandler(text, move_time)],
            COMMENT: [MessageHandler(text, comment)],
        },
        fallbacks=[
            CommandHandler("cancel", follow_cancel),
            MessageHandler(private & ~filters.COMMAND, follow_hint),
        ],
    )
