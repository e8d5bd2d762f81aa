"""The front door: /help, /myid, language (a person's, or a staff group's), and the answers for
anything no feature took (stale buttons, /cancel with nothing to cancel, other messages)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core import callbacks, people
from core.errors import Refused
from features.centres import actions as centre_service
from messages import plain, t
from ui.common import (
    Context,
    answer,
    clear_buttons,
    private_button,
    refuse,
    reply,
)

log = logging.getLogger(__name__)


async def help_command(update: Update, context: Context) -> None:
    lang = await context.lang()
    await reply(update, t(lang, "help") + "\n\n" + t(lang, "emergency.note"))


async def my_id(update: Update, context: Context) -> None:
    """The sender's Telegram user id: what an operator puts in ADMIN_USER_IDS."""
    user = update.effective_user
    assert user is not None
    await reply(update, t(await context.lang(), "myid", user_id=str(user.id)))


async def language(update: Update, context: Context) -> None:
    if update.callback_query:
        await answer(update.callback_query)
    lang = await context.lang()
    await reply(
        update,
        t(lang, "lang.choose"),
        [
            [
                (plain(lang, "lang.btn_ko"), callbacks.LANGUAGE.pack(lang="ko")),
                (plain(lang, "lang.btn_en"), callbacks.LANGUAGE.pack(lang="en")),
            ]
        ],
    )


async def language_chosen(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    chosen = (query.data or "").partition(":")[2]
    deps = context.deps
    await people.touch(deps, user.id, chosen, user.full_name, user.username)
    await people.set_language(deps, user.id, chosen)
    context.language_chosen(chosen)
    await answer(query)
    await reply(update, t(chosen, "lang.set"))


async def group_language(update: Update, context: Context) -> None:
    """/language in a staff group: that centre's staff (or an admin) choose its alerts' language."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
    try:
        centre = await centre_service.group_centre(deps, user.id, chat.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    current = plain(lang, f"lang.btn_{centre.lang}")
    await reply(
        update,
        t(lang, "lang.group_choose", current=current),
        [
            [
                (plain(lang, "lang.btn_ko"), callbacks.GROUP_LANGUAGE.pack(lang="ko")),
                (plain(lang, "lang.btn_en"), callbacks.GROUP_LANGUAGE.pack(lang="en")),
            ]
        ],
    )


async def group_language_chosen(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    assert query is not None and user is not None and chat is not None
    lang = await context.lang()
    chosen = (query.data or "").partition(":")[2]
    try:
        # Authorised again here: anyone in the group can press the buttons.
        await centre_service.set_group_language(context.deps, user.id, chat.id, chosen)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await clear_buttons(update)
    await reply(update, t(chosen, "lang.group_set"))


async def cancel_nothing(update: Update, context: Context) -> None:
    await reply(update, t(await context.lang(), "cancel.nothing"))


async def expired_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await answer(query, await context.lang(), "button.expired")


async def on_error(update: object, context: Context) -> None:
    # The exception only: updates carry report texts and phone numbers, which are never logged.
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await reply(update, t(await context.lang(), "error.generic"))
        except Exception:  # the error reply is a courtesy; never raise from the error handler
            log.warning("could not send the error reply")


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("help", help_command),
        CommandHandler("myid", my_id),
        CommandHandler("language", language, filters=private),
        CommandHandler("language", group_language, filters=filters.ChatType.GROUPS),
    ]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(private_button(language), pattern=callbacks.MENU_LANGUAGE.pattern),
        CallbackQueryHandler(private_button(language_chosen), pattern=callbacks.LANGUAGE.pattern),
        CallbackQueryHandler(group_language_chosen, pattern=callbacks.GROUP_LANGUAGE.pattern),
    ]


async def anything_else(update: Update, context: Context) -> None:
    """A message outside any conversation: say what the bot can do."""
    await help_command(update, context)


def last_resort() -> list[object]:
    """/cancel outside any conversation, other private messages, and buttons nobody else took."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("cancel", cancel_nothing, filters=private),
        MessageHandler(private & ~filters.COMMAND, anything_else),
        CallbackQueryHandler(expired_button),
    ]
