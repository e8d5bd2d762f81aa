"""Centres and staff: /invite (admins), /join (the invited), /link (in the staff group),
/staff and revocation (admins)."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from handlers import areas as area_step
from handlers.common import Context, answer, clear_buttons, deps_of, lang_of, refuse, reply
from messages import plain, t
from messages.length import split
from services import centres as centre_service
from services import render, volunteers
from services.errors import Refused


async def invite(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    if not deps.is_admin(user.id):
        await reply(update, t(lang, "admin.only"))
        return
    if not context.args:
        await reply(update, t(lang, "invite.usage"))
        return
    await area_step.offer_text(update, context, " ".join(context.args), "iv")


async def invite_area(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    area = area_step.picked(context, query.data)
    if area is None:
        await answer(query, lang, "button.expired")
        return
    try:
        created = await centre_service.create_invite(deps, user.id, area.code)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await clear_buttons(update)
    expires = render.local_time(lang, created.expires_at, deps.settings.zone)
    await reply(update, t(lang, "invite.created", area=area.full_name, code=created.code, expires=expires))


async def join(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    if not context.args:
        await reply(update, t(lang, "join.usage"))
        return
    await volunteers.touch(deps, user.id, lang, user.full_name, user.username)
    try:
        area_code = await centre_service.join(deps, user.id, " ".join(context.args))
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await reply(update, t(lang, "join.ok", area=render.area_full(deps.areas, area_code)))


async def link(update: Update, context: Context) -> None:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    if chat.type == Chat.PRIVATE:
        await reply(update, t(lang, "group.only"))
        return
    mine = await centre_service.staff_areas(deps, user.id)
    if not mine:
        await reply(update, t(lang, "link.not_staff"))
        return
    if len(mine) == 1:
        await _link(update, context, mine[0], lang)
        return
    keyboard = [[(render.area_full(deps.areas, code), f"lk:{code}")] for code in mine]
    await reply(update, t(lang, "link.pick"), keyboard)


async def link_area(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    lang = await lang_of(context, update.effective_user)
    area = area_step.picked(context, query.data)
    if area is None:
        await answer(query, lang, "button.expired")
        return
    await _link(update, context, area.code, lang)


async def _link(update: Update, context: Context, area_code: str, lang: str) -> None:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = deps_of(context)
    try:
        await centre_service.link(deps, user.id, area_code, chat.id, chat.title)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if update.callback_query is not None:  # the choice among several centres: done with it
        await answer(update.callback_query)
        await clear_buttons(update)
    await reply(update, t(lang, "link.done", area=render.area_full(deps.areas, area_code)))


async def staff_list(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    try:
        members = await centre_service.list_staff(deps, user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not members:
        await reply(update, t(lang, "staff.list_empty"))
        return
    lines = [t(lang, "staff.list_header", count=len(members))]
    lines += [
        t(
            lang,
            "staff.list_line",
            name=m.name,
            user_id=m.user_id,
            area=render.area_name(deps.areas, m.area_code),
        )
        for m in members[:50]
    ]
    keyboard = [
        [(plain(lang, "staff.btn_revoke", name=m.name[:20], area=render.area_name(deps.areas, m.area_code)),
          f"sr:{m.user_id}:{m.area_code}")]
        for m in members[:50]
    ]  # fmt: skip
    # Fifty long names outgrow one message: split between lines as Telegram counts length, the
    # buttons with the last part.
    chunks = split(lines[1:], header=lines[0])
    for chunk in chunks[:-1]:
        await reply(update, chunk)
    await reply(update, chunks[-1], keyboard)


async def revoke(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not (parts[1].isascii() and parts[1].isdigit()) or deps.areas.get(parts[2]) is None:
        await answer(query, lang, "button.expired")
        return
    try:
        name = await centre_service.revoke(deps, user.id, int(parts[1]), parts[2])
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await reply(update, t(lang, "staff.revoked", name=name, area=render.area_name(deps.areas, parts[2])))


async def auto_approve(update: Update, context: Context) -> None:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    if chat.type == Chat.PRIVATE:
        await reply(update, t(lang, "group.only"))
        return
    wanted = (context.args or [""])[0].lower()
    if wanted not in ("on", "off"):
        await reply(update, t(lang, "auto.usage"))
        return
    try:
        area_code = await centre_service.set_auto_approve(deps, user.id, chat.id, wanted == "on")
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    key = "auto.on" if wanted == "on" else "auto.off"
    await reply(update, t(lang, key, area=render.area_name(deps.areas, area_code)))


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("invite", invite, filters=private),
        CommandHandler("join", join, filters=private),
        CommandHandler("link", link),
        CommandHandler("staff", staff_list, filters=private),
        CommandHandler("autoapprove", auto_approve),
    ]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(invite_area, pattern=r"^iv:\d{10}$"),
        CallbackQueryHandler(link_area, pattern=r"^lk:\d{10}$"),
        CallbackQueryHandler(revoke, pattern=r"^sr:\d+:\d{10}$"),
    ]
