"""Who a person is to the bot, as every feature needs it: their row made on first contact, their
language, whether their consent is to the current privacy notice, and their meeting-news choice."""

from __future__ import annotations

from core.deps import Deps
from messages.text import clean_name
from storage import users
from storage.users import User

# Bump when the privacy notice changes: consent is stored with the version it was given to.
PRIVACY_NOTICE_VERSION = "2026-11-22"
# The notice a form begun before forms kept the version they showed was begun under.
NOTICE_OF_OLDER_FORMS = "2026-11-22"


async def touch(deps: Deps, user_id: int, lang: str, name: str, username: str | None) -> User:
    """The user's row, made on first contact (language from Telegram until they choose). The
    Telegram name is kept without control and bidi characters: staff see it."""
    async with deps.db.transaction() as tx:
        return await users.ensure(tx, user_id, lang, clean_name(name), username, deps.now())


async def set_language(deps: Deps, user_id: int, lang: str) -> None:
    async with deps.db.transaction() as tx:
        await users.set_language(tx, user_id, lang)


def consent_current(version: str | None) -> bool:
    return version == PRIVACY_NOTICE_VERSION


async def set_meeting_news(deps: Deps, user_id: int, wanted: bool) -> None:
    async with deps.db.transaction() as tx:
        await users.set_meeting_news(tx, user_id, wanted)


async def meeting_news_wanted(deps: Deps, user_id: int) -> bool:
    return await users.meeting_news(deps.db, user_id)
