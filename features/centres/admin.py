"""Centres and staff: /invite (admins), /join (the invited), /link (in the staff group, confirmed
with a button there), /staff and revocation (admins)."""

from __future__ import annotations

import logging

from telegram import Chat, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ChatMemberHandler, CommandHandler, filters

from core import callbacks, people, render
from core.areas import Area, AreaDirectory
from core.errors import Refused
from features.centres import actions as centre_service
from messages import plain, t
from messages.length import split
from ui import area_picker as area_step
from ui import deeplinks, menus
from ui.common import (
    Context,
    answer,
    callback_int,
    clear_buttons,
    private_button,
    refuse,
    reply,
)

log = logging.getLogger(__name__)


async def invite(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    try:
        await centre_service.may_invite(deps, user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not context.args:
        await reply(update, t(lang, "invite.usage"))
        return
    typed = " ".join(context.args)
    # A name that only one dong in Korea has exactly needs no picking: the code comes at once.
    area = deps.areas.exact(" ".join(typed.split())[:40])
    if area is None:
        await area_step.offer_text(update, context, typed, callbacks.INVITE_AREA)
        return
    await _issue_invite(update, context, area, lang)


async def invite_area(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    area = area_step.picked(context, query.data)
    if area is None:
        await answer(query, lang, "button.expired")
        return
    await _issue_invite(update, context, area, lang)


async def _issue_invite(update: Update, context: Context, area: Area, lang: str) -> None:
    """Create the code for `area` and show it; from the picker, its buttons come off."""
    user = update.effective_user
    assert user is not None
    deps = context.deps
    query = update.callback_query
    try:
        created = await centre_service.create_invite(deps, user.id, area.code)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if query is not None:
        await answer(query)
        await clear_buttons(update)
    expires = render.local_time(lang, created.expires_at, deps.settings.zone)
    invite_link = deeplinks.link(context.bot, deeplinks.invite_payload(created.code))
    await reply(
        update,
        t(lang, "invite.created", area=area.full_name, code=created.code, expires=expires, link=invite_link),
    )


async def join(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    lang = await context.lang()
    if not context.args:
        await reply(update, t(lang, "join.usage"))
        return
    await join_with(update, context, " ".join(context.args))


async def join_with(update: Update, context: Context, code: str) -> None:
    """/join CODE, or the invite link's /start (see ui/deeplinks.py)."""
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    await people.touch(deps, user.id, lang, user.full_name, user.username)
    try:
        area_code = await centre_service.join(deps, user.id, code)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await reply(update, t(lang, "join.ok", area=render.area_full(deps.areas, area_code)))
    await menus.publish_person(context.bot, deps, user.id)  # the staff commands in their menu


async def link(update: Update, context: Context) -> None:
    """/link in a group asks first: moving a centre's alerts into the wrong room (a residents'
    group) would show reports to the wrong people."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
    if chat.type == Chat.PRIVATE:
        await reply(update, t(lang, "group.only"))
        return
    try:
        ask = await centre_service.request_link(deps, user.id, chat.id, chat.title)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if ask.linked is not None:
        await _done(update, lang, deps.areas, ask.linked, ask.backlog, None)
        return
    title = chat.title or plain(lang, "link.untitled")
    if len(ask.choices) == 1:
        [(request_id, code)] = ask.choices
        text = t(lang, "link.confirm", title=title, area=render.area_full(deps.areas, code))
        if ask.current_title is not None:
            text += t(lang, "link.current", title=ask.current_title or plain(lang, "link.untitled"))
        keyboard = [[(plain(lang, "link.btn_confirm"), callbacks.LINK_CONFIRM.pack(request=request_id))]]
    else:
        text = t(lang, "link.pick", title=title)
        keyboard = [
            [(render.area_full(deps.areas, code), callbacks.LINK_CONFIRM.pack(request=rid))]
            for rid, code in ask.choices
        ]
    if ask.serves is not None and [code for _, code in ask.choices] != [ask.serves]:
        text += t(lang, "link.serves", area=render.area_full(deps.areas, ask.serves))
    asked = await reply(update, text, keyboard)
    await centre_service.bind_link_question(deps, [rid for rid, _ in ask.choices], asked.message_id)


async def link_confirmed(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    request_id = callback_int(query.data, 2)
    message = query.message if isinstance(query.message, Message) else None
    if request_id is None or message is None:
        log.warning("link press refused: no request id or no message to check it against")
        await answer(query, lang, "button.expired")
        return
    chat = message.chat
    try:
        linked = await centre_service.confirm_link(
            deps, user.id, request_id, chat.id, message.message_id,
            chat.type in (Chat.GROUP, Chat.SUPERGROUP), chat.title,
        )  # fmt: skip
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await clear_buttons(update)
    await _done(update, lang, deps.areas, linked.area_code, linked.backlog, linked.displaced)


async def link_unfit(update: Update, context: Context) -> None:
    """Any other lk: data (the old lk:<dong code> buttons, or forged): changes nothing."""
    query = update.callback_query
    assert query is not None
    log.warning("link press refused: data not of a /link question")
    await answer(query, await context.lang(), "button.expired")


async def _done(
    update: Update, lang: str, areas: AreaDirectory, area_code: str, backlog: int, displaced: str | None
) -> None:
    text = t(lang, "link.done", area=render.area_full(areas, area_code))
    if backlog:
        text += t(lang, "link.backlog", count=backlog)
    if displaced is not None:
        text += t(lang, "link.displaced", area=render.area_full(areas, displaced))
    await reply(update, text)


async def staff_list(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    try:
        members = await centre_service.list_staff(deps, user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if not members:
        await reply(update, t(lang, "admin.staff_empty"))
        return
    lines = [t(lang, "admin.staff_header", count=len(members))]
    lines += [
        t(
            lang,
            "admin.staff_line",
            name=m.name,
            user_id=m.user_id,
            area=render.area_name(deps.areas, m.area_code),
        )
        for m in members[:50]
    ]
    keyboard = [
        [(plain(lang, "admin.btn_revoke", name=m.name[:20], area=render.area_name(deps.areas, m.area_code)),
          callbacks.STAFF_REVOKE.pack(user=m.user_id, area=m.area_code))]
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
    deps = context.deps
    lang = await context.lang()
    parts = (query.data or "").split(":")
    known = len(parts) == 3 and (deps.areas.get(parts[2]) or deps.areas.retired(parts[2]))
    if not known or not (parts[1].isascii() and parts[1].isdigit()):
        await answer(query, lang, "button.expired")
        return
    try:
        name = await centre_service.revoke(deps, user.id, int(parts[1]), parts[2])
        await menus.publish_person(context.bot, deps, int(parts[1]))
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await reply(update, t(lang, "admin.revoked", name=name, area=render.area_name(deps.areas, parts[2])))


async def auto_approve(update: Update, context: Context) -> None:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
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


async def reglink(update: Update, context: Context) -> None:
    """/reglink (staff): a registration link for each of their dong, to share with residents; in a
    centre's group, the link of that centre's dong."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    deps = context.deps
    lang = await context.lang()
    codes = await centre_service.registration_link_areas(deps, user.id, chat.id, chat.type == Chat.PRIVATE)
    if not codes:
        await reply(update, t(lang, "reglink.none"))
        return
    for code in codes:
        area = deps.areas.get(code)
        assert area is not None
        url = deeplinks.link(context.bot, deeplinks.dong_payload(code))
        await reply(update, t(lang, "reglink.item", area=area.full_name, name=area.name, link=url))


async def added_to_group(update: Update, context: Context) -> None:
    """The bot was added to a group: say what it is and what a staff member does next (in
    both languages: the group has none yet). Being removed or a group's migration is handled
    where the next call to it fails (delivery/sender.py)."""
    change = update.my_chat_member
    if change is None or change.chat.type == Chat.PRIVATE:
        return
    was_in = change.old_chat_member.status in ("member", "administrator", "creator", "restricted")
    now_in = change.new_chat_member.status in ("member", "administrator", "restricted")
    if was_in or not now_in:
        return
    text = t("ko", "group.welcome") + "\n\n" + t("en", "group.welcome")
    try:
        await context.bot.send_message(change.chat.id, text)
    except TelegramError as exc:
        log.info("could not greet a group the bot was added to: %s", exc)


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("invite", invite, filters=private),
        CommandHandler("join", join, filters=private),
        CommandHandler("link", link),
        CommandHandler("staff", staff_list, filters=private),
        CommandHandler("autoapprove", auto_approve),
        CommandHandler("reglink", reglink),
        ChatMemberHandler(added_to_group, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(private_button(invite_area), pattern=callbacks.INVITE_AREA.pattern),
        CallbackQueryHandler(link_confirmed, pattern=callbacks.LINK_CONFIRM.pattern),
        CallbackQueryHandler(link_unfit, pattern=callbacks.stale_of(callbacks.LINK_CONFIRM)),
        CallbackQueryHandler(revoke, pattern=callbacks.STAFF_REVOKE.pattern),
    ]
