"""/areas (admins): the stored dong codes that a reorganisation split or merged, and moving what
is stored under one to the dong that now covers it (features/centres/area_moves.py decides)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from core import callbacks, render
from core.areas import AreaDirectory
from core.errors import Refused
from features.centres import area_moves as area_review
from messages import t
from ui import area_picker as area_step
from ui.common import Context, answer, clear_buttons, private_button, refuse, reply


async def areas(update: Update, context: Context) -> None:
    """/areas (admins): the stored dong codes that a reorganisation split or merged, each with
    buttons for the dong that now cover it; `/areas <code> <name>` chooses any other dong."""
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    if context.args and len(context.args) >= 2:
        old_code, typed = context.args[0], " ".join(context.args[1:])
        try:
            choices = area_review.choices(deps, user.id, old_code, typed, area_step.MAX_BUTTONS)
        except Refused as refusal:
            await refuse(update, lang, refusal)
            return
        if not choices:
            await reply(update, t(lang, "area.none", query=typed))
            return
        await reply(update, t(lang, "areas.choose", old=render.area_full(deps.areas, old_code)),
                    _choices(deps.areas, old_code, choices))  # fmt: skip
        return
    try:
        listed = await area_review.in_use(deps, user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not listed:
        await reply(update, t(lang, "areas.none"))
        return
    await reply(update, t(lang, "areas.header", count=len(listed)))
    for item in listed:
        old = item.retired
        counts = {what: item.counts.get(what, 0) for what in area_review.COUNTED}
        text = t(
            lang, "areas.item", old=render.area_full(deps.areas, old.area.code), code=old.area.code, **counts
        )
        choices = [code for code in old.successors if deps.areas.get(code) is not None][:5]
        if not choices:
            text += t(lang, "areas.no_successor", code=old.area.code)
        await reply(update, text, _choices(deps.areas, old.area.code, choices) if choices else None)


def _choices(directory: AreaDirectory, old_code: str, codes: list[str]) -> list[list[tuple[str, str]]]:
    return [
        [(f"→ {render.area_full(directory, code)}", callbacks.AREA_REASSIGN.pack(old=old_code, new=code))]
        for code in codes
    ]


async def area_reassigned(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    pressed = callbacks.AREA_REASSIGN.parse(query.data)
    assert pressed is not None  # the handler's pattern took it
    old_code, new_code = pressed["old"], pressed["new"]
    try:
        moved = await area_review.reassign(deps, user.id, old_code, new_code)
    except Refused as refusal:
        await answer(query, lang, refusal.key, alert=True, **refusal.values)
        return
    await answer(query)
    await clear_buttons(update)
    await reply(update, t(lang, "areas.moved", old=render.area_full(deps.areas, old_code),
                          new=render.area_full(deps.areas, new_code), **moved))  # fmt: skip


def commands() -> list[object]:
    return [CommandHandler("areas", areas, filters=filters.ChatType.PRIVATE)]


def buttons() -> list[object]:
    return [CallbackQueryHandler(private_button(area_reassigned), pattern=callbacks.AREA_REASSIGN.pattern)]
