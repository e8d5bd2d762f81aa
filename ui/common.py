"""What every handler module uses: the typed context (the bot's dependencies and the language of
the person an update is from), replies, answers and keyboards."""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import BadRequest
from telegram.ext import Application, CallbackContext, ExtBot

from core.deps import Deps, get_deps
from core.errors import Refused
from messages import normalise_lang, t
from storage import users
from storage.outbox import Keyboard

R = TypeVar("R")
_TAG = re.compile(r"<[^>]+>")
log = logging.getLogger(__name__)


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context of every handler (python-telegram-bot's `context_types`, as in its
    contexttypesbot example): `deps`, the bot's dependencies, and `await lang()`, the language of
    the person the update is from, looked up once per update."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._from: User | None = None
        self._lang: str | None = None

    @classmethod
    def from_update(cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]) -> Context:
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context._from = update.effective_user
        return context

    @property
    def deps(self) -> Deps:
        return get_deps(self.bot_data)

    async def lang(self) -> str:
        """The language chosen with /language, else the one Telegram reports, else the default."""
        if self._lang is None:
            self._lang = await _language_of(self.deps, self._from)
        return self._lang

    def language_chosen(self, lang: str) -> None:
        """The person chose `lang` in this update: what follows in it speaks that language."""
        self._lang = lang


async def _language_of(deps: Deps, user: User | None) -> str:
    if user is None:
        return deps.settings.default_language
    chosen = await users.chosen_language(deps.db, user.id)
    return chosen or normalise_lang(user.language_code, deps.settings.default_language)


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
    """Answer in the chat of the update. (A 429 on it is waited out and the call made again by
    delivery/rate_limit.py, as for every direct call.)"""
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


# --- presses that do not fit ------------------------------------------------------------------


def carries(query: CallbackQuery) -> bool:
    """Whether the pressed message shows a button with exactly this data. A client can send any
    data with any message; a press is only taken when the message really carried that button."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(
        button.callback_data == query.data for row in message.reply_markup.inline_keyboard for button in row
    )


async def stray_press(
    update: Update, context: Context, *, private: bool = True, current: int | None = None
) -> bool:
    """True when a press does not fit, after answering it; the caller then changes nothing.

    It does not fit when a private-flow button is pressed outside a private chat, when the
    message does not carry that button (forged), or when `current` (the message id of the
    question a form asked last) is given and the press is on another message (an older one).
    Logged with the user id and the data's prefix only: never names or texts.
    """
    query = update.callback_query
    assert query is not None
    chat = update.effective_chat
    key: str | None = None
    if private and (chat is None or chat.type != Chat.PRIVATE):
        key, why = "button.not_here", "outside a private chat"
    elif not carries(query):
        key, why = "button.expired", "not on the pressed message"
    elif current is not None and message_of(update).message_id != current:
        key, why = "button.old", "on an earlier question"
    if key is None:
        return False
    await refuse_press(update, context, key, why)
    return True


async def refuse_press(update: Update, context: Context, key: str, why: str) -> None:
    """Answer a press that changes nothing, and log it: the user id and the data's prefix only."""
    query = update.callback_query
    assert query is not None
    user = update.effective_user
    prefix = (query.data or "").split(":", 1)[0][:12]
    log.info("refused a button press: user %s, data %r, %s", user.id if user else None, prefix, why)
    await answer(query, await context.lang(), key)


def private_button(
    callback: Callable[[Update, Context], Coroutine[Any, Any, R]],
) -> Callable[[Update, Context], Coroutine[Any, Any, R | None]]:
    """A button of a private flow: taken only in a private chat, from the message that carried
    it. Otherwise answered and nothing happens (None keeps a conversation where it is)."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: Context) -> R | None:
        if await stray_press(update, context):
            return None
        return await callback(update, context)

    return guarded
