"""/settings: meeting news and the alley-walk nudge."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from core import callbacks, people
from core.errors import Refused
from features.nudges import actions as nudges
from messages import plain, t
from storage.outbox import Keyboard
from ui.common import (
    Context,
    answer,
    private_button,
    refuse,
    reply,
)


def _keyboard(lang: str, news: bool, nudge: str) -> Keyboard:
    toggle = (
        ("settings.btn_off", callbacks.SETTINGS_NEWS.pack(on="0"))
        if news
        else ("settings.btn_on", callbacks.SETTINGS_NEWS.pack(on="1"))
    )
    others = [choice for choice in nudges.CHOICES if choice != nudge]
    return [
        [(plain(lang, toggle[0]), toggle[1])],
        [
            (plain(lang, f"settings.btn_nudge_{choice}"), callbacks.SETTINGS_NUDGE.pack(every=choice))
            for choice in others
        ],
    ]


async def settings_command(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    key = "settings.show"
    query = update.callback_query
    if query is not None:
        _, what, value = (query.data or "").split(":")
        try:
            if what == "news":
                await people.set_meeting_news(deps, user.id, value == "1")
            else:
                await nudges.choose(deps, user.id, value)
        except Refused as refusal:
            await refuse(update, lang, refusal)
            return
        await answer(query)
        key = "settings.saved"
    news = await people.meeting_news_wanted(deps, user.id)
    nudge = await nudges.current(deps, user.id)
    text = t(lang, key, news=plain(lang, "settings.on" if news else "settings.off"),
             nudge=plain(lang, f"nudge.{nudge}"))  # fmt: skip
    await reply(update, text, _keyboard(lang, news, nudge))


def commands() -> list[object]:
    return [CommandHandler("settings", settings_command, filters=filters.ChatType.PRIVATE)]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(
            private_button(settings_command),
            pattern=callbacks.any_of(callbacks.SETTINGS_NEWS, callbacks.SETTINGS_NUDGE),
        )
    ]
