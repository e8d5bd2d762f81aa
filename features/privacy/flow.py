"""/mydata, /forget and /accesslog."""

from __future__ import annotations

import itertools

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, filters

from core import callbacks, render
from core.errors import Refused
from features.privacy import actions as privacy
from messages import plain, t
from messages.length import split
from ui.common import (
    Context,
    answer,
    clear_buttons,
    private_button,
    refuse,
    reply,
)


async def my_data(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    lang = await context.lang()
    data = await privacy.export(context.deps, user.id)
    await context.bot.send_document(
        user.id, data, filename="golmok-my-data.json", caption=t(lang, "privacy.mydata_caption")
    )


async def forget(update: Update, context: Context) -> None:
    lang = await context.lang()
    await reply(
        update,
        t(lang, "forget.confirm"),
        [
            [
                (plain(lang, "forget.btn_yes"), callbacks.FORGET.pack(answer="yes")),
                (plain(lang, "forget.btn_no"), callbacks.FORGET.pack(answer="no")),
            ]
        ],
    )


async def forget_answer(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    # A press can be answered once: the answer waits until we know which one it is.
    if query.data != callbacks.FORGET.pack(answer="yes"):
        await answer(query)
        await clear_buttons(update)
        await reply(update, t(lang, "forget.kept"))
        return
    had_account = await privacy.forget(
        context.deps, user.id, [user.first_name, user.last_name, user.full_name, user.username]
    )
    _drop_from_memory(context, user.id)
    await clear_buttons(update)
    if not had_account:
        await answer(query, lang, "forget.nothing", alert=True)
        return
    await answer(query)
    await reply(update, t(lang, "forget.done"))


def _drop_from_memory(context: Context, user_id: int) -> None:
    """The database no longer holds the person's drafts and conversation states; neither may
    the Application, or it would resume them and write them back at the next persistence run.
    drop_user_data also tells the persistence to delete the row. python-telegram-bot has no
    public way to end someone's conversation from outside it: popping the key from the
    handler's state dict is what ending it does, and marks the key for deletion from the
    persistence as well. Keys are (chat id, user id): every chat of this user, compared exactly."""
    application = context.application
    application.drop_user_data(user_id)
    for handler in itertools.chain.from_iterable(application.handlers.values()):
        if isinstance(handler, ConversationHandler):
            states = handler._conversations
            for key in [key for key in states if key and key[-1] == user_id]:
                states.pop(key)


async def access_log(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    query = " ".join(context.args or [])
    area_code: str | None = None
    person: int | None = None
    if query.isascii() and query.isdigit():
        person = int(query)
    elif query:
        found = deps.areas.search(query, limit=2)
        if len(found) != 1:
            await reply(update, t(lang, "accesslog.usage"))
            return
        area_code = found[0].code
    try:
        lines = await privacy.read_log(deps, user.id, area_code=area_code, person=person)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not lines:
        await reply(update, t(lang, "accesslog.empty"))
        return
    zone = deps.settings.zone
    text = [t(lang, "accesslog.header", count=len(lines))]
    for line in lines:
        text.append(
            t(
                lang,
                "accesslog.line",
                time=render.local_time(lang, line.created_at, zone),
                actor=line.actor_name or str(line.actor_id),
                actor_id=line.actor_id,
                action=line.action,
                ref=line.ref or "-",
                target=line.target_user_id or "-",
                area=render.area_name(deps.areas, line.area_code) if line.area_code else "-",
            )
        )
    # Split between lines as Telegram counts length; a cut at a character count could fall
    # inside a tag, and Telegram refuses the whole message then.
    for chunk in split(text[1:], header=text[0]):
        await reply(update, chunk)


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("mydata", my_data, filters=private),
        CommandHandler("forget", forget, filters=private),
        CommandHandler("accesslog", access_log, filters=private),
    ]


def buttons() -> list[object]:
    return [CallbackQueryHandler(private_button(forget_answer), pattern=callbacks.FORGET.pattern)]
