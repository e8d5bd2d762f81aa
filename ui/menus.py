"""What the menu button shows, and what a newcomer reads before pressing Start.

One list says which commands appear for whom: everyone in a private chat (volunteers), staff
(their own chat: `BotCommandScopeChat`), admins (theirs), and group chats (what staff use there).
Each list is sent in Korean and English (`language_code`) and, for the default, in the bot's
default language; a person's own scope is in their language. `tests/test_menus.py` keeps this
list and the registered handlers in step.

The bot's description and short description (`setMyDescription`, `setMyShortDescription`) say
what golmok is for and that it is not for emergencies. Everything here runs at start and when a
person becomes or stops being staff; a refusal from Telegram is logged and changes nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from core.deps import Deps
from messages import LANGUAGES, plain
from storage import centres, users

log = logging.getLogger(__name__)
PRIVATE, STAFF, ADMIN, GROUP = "private", "staff", "admin", "group"


@dataclass(frozen=True)
class Entry:
    command: str
    shown_to: frozenset[str]


def _entry(command: str, *who: str) -> Entry:
    return Entry(command, frozenset(who))


# In the order the menu shows them. A staff member also sees the private list, an admin both.
MENU: tuple[Entry, ...] = (
    _entry("report", PRIVATE),
    _entry("myreports", PRIVATE),
    _entry("meeting", PRIVATE),
    _entry("meetings", PRIVATE),
    _entry("open", STAFF, GROUP),
    _entry("stats", STAFF),
    _entry("export", STAFF),
    _entry("campaign", STAFF),
    _entry("reglink", STAFF, GROUP),
    _entry("link", GROUP),
    _entry("autoapprove", GROUP),
    _entry("invite", ADMIN),
    _entry("staff", ADMIN),
    _entry("areas", ADMIN),
    _entry("accesslog", ADMIN),
    _entry("settings", PRIVATE),
    _entry("language", PRIVATE, GROUP),
    _entry("mydata", PRIVATE),
    _entry("forget", PRIVATE),
    _entry("cancel", PRIVATE),
    _entry("help", PRIVATE, GROUP),
    _entry("myid", PRIVATE),
)
# Registered but kept out of the menus: /start is the button itself, /register is offered by
# /start, and /join is typed with the code an admin hands over (or comes by the invite link).
UNLISTED = frozenset({"start", "register", "join"})


def commands(lang: str, *roles: str) -> list[BotCommand]:
    wanted = set(roles)
    return [
        BotCommand(entry.command, plain(lang, f"cmd.{entry.command}"))
        for entry in MENU
        if entry.shown_to & wanted
    ]


async def _set(bot: Bot, items: list[BotCommand], scope: BotCommandScope, lang: str | None) -> None:
    try:
        await bot.set_my_commands(items, scope=scope, language_code=lang)
    except TelegramError as exc:
        log.warning("setMyCommands (%s, %s) refused: %s", scope.type, lang, exc)


async def publish(bot: Bot, deps: Deps) -> None:
    """Every menu and the descriptions (at start)."""
    default = deps.settings.default_language
    for lang in (None, *LANGUAGES):
        text_lang = lang or default
        await _set(bot, commands(text_lang, PRIVATE), BotCommandScopeAllPrivateChats(), lang)
        await _set(bot, commands(text_lang, GROUP), BotCommandScopeAllGroupChats(), lang)
        try:
            await bot.set_my_description(plain(text_lang, "bot.description"), language_code=lang)
            await bot.set_my_short_description(plain(text_lang, "bot.short_description"), language_code=lang)
        except TelegramError as exc:
            log.warning("setMyDescription (%s) refused: %s", lang, exc)
    async with deps.db.transaction() as tx:
        staff = {int(row["user_id"]) for row in await centres.list_staff(tx)}
    for user_id in sorted(staff | set(deps.settings.admin_user_ids)):
        await publish_person(bot, deps, user_id)


async def publish_person(bot: Bot, deps: Deps, user_id: int) -> None:
    """A person's own menu: staff and admin commands on top of the private ones, in their
    language; someone who is neither gets the private menu back."""
    async with deps.db.transaction() as tx:
        staff = bool(await centres.staff_areas(tx, user_id))
        user = await users.get(tx, user_id)
        unreachable = await users.never_reached(tx, (user_id,))
    if user is None or unreachable:
        return  # never wrote to the bot, or blocked it: no such chat for Telegram yet (see /start)
    lang = user.lang
    admin = deps.is_admin(user_id)
    roles = [PRIVATE] + ([STAFF] if staff or admin else []) + ([ADMIN] if admin else [])
    scope = BotCommandScopeChat(user_id)
    if len(roles) == 1:
        try:
            await bot.delete_my_commands(scope=scope)
        except TelegramError as exc:
            log.warning("deleteMyCommands for a person refused: %s", exc)
        return
    await _set(bot, commands(lang, *roles), scope, None)
