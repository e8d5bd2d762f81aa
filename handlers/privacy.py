"""/mydata, /forget and /accesslog."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from handlers.common import Context, answer, clear_buttons, deps_of, lang_of, refuse, reply
from messages import plain, t
from messages.length import split
from services import privacy, render
from services.errors import Refused


async def my_data(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    lang = await lang_of(context, user)
    data = await privacy.export(deps_of(context), user.id)
    await context.bot.send_document(
        user.id, data, filename="golmok-my-data.json", caption=t(lang, "privacy.mydata_caption")
    )


async def forget(update: Update, context: Context) -> None:
    lang = await lang_of(context, update.effective_user)
    await reply(
        update,
        t(lang, "forget.confirm"),
        [[(plain(lang, "forget.btn_yes"), "fg:yes"), (plain(lang, "forget.btn_no"), "fg:no")]],
    )


async def forget_answer(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await lang_of(context, user)
    await answer(query)
    await clear_buttons(update)
    if query.data != "fg:yes":
        await reply(update, t(lang, "forget.kept"))
        return
    try:
        await privacy.forget(deps_of(context), user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    context.user_data.clear()  # type: ignore[union-attr]
    await reply(update, t(lang, "forget.done"))


async def access_log(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
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
    return [CallbackQueryHandler(forget_answer, pattern=r"^fg:(yes|no)$")]
