"""Small helpers every handler module uses: dependencies, language, replies, keyboards."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from core.deps import Deps, get_deps
from messages import normalise_lang, t
from services.errors import Refused
from storage.outbox import Keyboard

Context = ContextTypes.DEFAULT_TYPE
_TAG = re.compile(r"<[^>]+>")
log = logging.getLogger(__name__)


def deps_of(context: Context) -> Deps:
    return get_deps(context.bot_data)


async def lang_of(context: Context, user: User | None) -> str:
    """The language chosen with /language, else the one Telegram reports, else the default."""
    deps = deps_of(context)
    if user is None:
        return deps.settings.default_language
    row = await deps.db.fetchone("SELECT lang, lang_chosen FROM users WHERE id = ?", (user.id,))
    if row is not None and row["lang_chosen"]:
        return str(row["lang"])
    return normalise_lang(user.language_code, deps.settings.default_language)


def inline(keyboard: Keyboard) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in keyboard]
    )


def message_of(update: Update) -> Message:
    """The message to answer: the one sent, or the one whose button was pressed."""
    if update.callback_query is not None and isinstance(update.callback_query.message, Message):
        return update.callback_query.message
    message = update.effective_message
    assert message is not None
    return message


async def reply(update: Update, text: str, keyboard: Keyboard | None = None, **kwargs: Any) -> Message:
    markup = inline(keyboard) if keyboard else kwargs.pop("reply_markup", None)
    chat = update.effective_chat
    assert chat is not None
    return await chat.send_message(text, reply_markup=markup, **kwargs)


async def answer(
    query: CallbackQuery,
    lang: str | None = None,
    key: str | None = None,
    *,
    alert: bool = False,
    **values: Any,
) -> None:
    """Answer a button press. A press replayed after a restart may be too old to answer:
    that only loses the little spinner, so it must not stop the handler."""
    text = t(lang or "ko", key, **values) if key else None
    # Callback answers are plain text: drop the HTML tags our templates may carry.
    if text is not None:
        text = html.unescape(_TAG.sub("", text))[:200]
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as exc:
        log.info("could not answer a button press: %s", exc.message)


async def clear_buttons(update: Update) -> None:
    """Take the buttons off the message whose button was pressed (already gone is fine)."""
    try:
        await message_of(update).edit_reply_markup(None)
    except BadRequest as exc:
        log.info("could not clear buttons: %s", exc.message)


async def refuse(update: Update, lang: str, refusal: Refused) -> None:
    if update.callback_query is not None:
        await answer(update.callback_query, lang, refusal.key, alert=True, **refusal.values)
    else:
        await reply(update, t(lang, refusal.key, **refusal.values))


def callback_int(data: str | None, index: int) -> int | None:
    """The integer at position `index` of "a:b:123", or None for anything forged or malformed."""
    parts = (data or "").split(":")
    if (
        len(parts) <= index
        or not (parts[index].isascii() and parts[index].isdigit())
        or len(parts[index]) > 18
    ):
        return None
    return int(parts[index])
