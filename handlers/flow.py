"""What the step-by-step forms (/report, /meeting) share: the draft kept in user_data, going on to
the next question (or back to the preview when one field is being edited), hints for unexpected
input, and the dong and place steps.

A question answered with a button turns into the next question in place: the press is answered
(ack with the context) and `question` edits that message into the next question. That is two
Bot API calls for a press instead of three (answer, take the buttons off, send a new message),
and the chat shows one question at a time. Whatever is said first in between (an emergency
hint) goes out only after the old buttons were taken off, and `settle`, which runs after every
update, takes them off if no question followed, so an answered question never keeps live buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler, TypeHandler

from core.text import visible
from handlers import areas as area_step
from handlers.common import Context, answer, clear_buttons, inline, lang_of, message_of, reply
from messages import plain, t
from storage.outbox import Keyboard

log = logging.getLogger(__name__)
Ask = Callable[[Update, Context, int], Awaitable[int]]
Step = Callable[[Update, Context], Coroutine[Any, Any, int]]


# Where the answered question waits for the next one, on the one update's context.
_ANSWERED = "golmok_answered_question"


async def ack(update: Update, context: Context | None = None) -> None:
    """Answer a button press. Without the context the answered question's buttons come off now;
    with it, the next `question` replaces that message (or `settle` takes its buttons off)."""
    if update.callback_query is None:
        return
    await answer(update.callback_query)
    if context is None:
        await clear_buttons(update)
    else:
        setattr(context, _ANSWERED, message_of(update))


async def question(update: Update, context: Context, text: str, keyboard: Keyboard | None = None) -> None:
    """Ask: in place of the question just answered with a button, else as a new message."""
    answered: Message | None = getattr(context, _ANSWERED, None)
    setattr(context, _ANSWERED, None)
    if answered is not None:
        try:
            await answered.edit_text(text, reply_markup=inline(keyboard) if keyboard else None)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return  # it already asks this: the same press handled again after a restart
            # Too old to edit, or deleted (then its buttons cannot be taken off either): ask anew.
            log.info("could not turn the answered question into the next: %s", exc.message)
    await reply(update, text, keyboard)


async def settle(update: Update, context: Context) -> None:
    """The answered question's buttons come off if no question took its place. Runs after the
    handlers of every update (registered last), and before anything else a form says."""
    if getattr(context, _ANSWERED, None) is not None:
        setattr(context, _ANSWERED, None)
        await clear_buttons(update)


def settle_handler() -> TypeHandler[Update, Context, None]:
    return TypeHandler(Update, settle)


class DraftFlow:
    def __init__(
        self, key: str, ask: Ask, preview: int, *, area: int, area_search: int, place: int, after_place: int,
        place_limit: int, edit: int, fields: dict[str, int], field_label: str, field_data: str, per_row: int,
    ) -> None:  # fmt: skip
        self.key = key
        self.ask = ask
        self.preview = preview
        self.area, self.area_search_state, self.place = area, area_search, place
        self.after_place = after_place
        self.place_limit = place_limit
        # The preview's edit step: which field (button "<field_data>:<name>") goes back to which question.
        self.edit_state, self.fields = edit, fields
        self.field_label, self.field_data, self.per_row = field_label, field_data, per_row

    def draft(self, context: Context) -> dict[str, Any]:
        data = context.user_data
        assert data is not None
        return data.setdefault(self.key, {})  # type: ignore[no-any-return]

    async def next(self, update: Update, context: Context, following: int) -> int:
        """The next question, or straight back to the preview when editing one field."""
        draft = self.draft(context)
        if draft.get("editing"):
            draft["editing"] = False
            return await self.ask(update, context, self.preview)
        return await self.ask(update, context, following)

    def hint(self, key: str, state: int) -> Step:
        """For unexpected input at a step: say what is wanted, then ask the step again."""

        async def hint(update: Update, context: Context) -> int:
            await reply(update, t(await lang_of(context, update.effective_user), key))
            return await self.ask(update, context, state)

        return hint

    async def abandon(self, update: Update, context: Context) -> int:
        """/cancel or the cancel button: the draft is dropped, nothing is kept."""
        await ack(update)
        if context.user_data is not None:
            context.user_data.pop(self.key, None)
        await reply(update, t(await lang_of(context, update.effective_user), "cancel.done"))
        return ConversationHandler.END

    async def command_hint(self, update: Update, context: Context) -> None:
        await reply(update, t(await lang_of(context, update.effective_user), "rep.command_hint"))

    # --- editing one field from the preview --------------------------------------------------

    async def edit(self, update: Update, context: Context) -> int:
        await ack(update, context)
        lang = await lang_of(context, update.effective_user)
        labels = [
            (plain(lang, f"{self.field_label}{name}"), f"{self.field_data}:{name}") for name in self.fields
        ]
        rows = [labels[i : i + self.per_row] for i in range(0, len(labels), self.per_row)]
        await question(update, context, t(lang, "rep.edit_which"), rows)
        return self.edit_state

    async def edit_field(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        name = (query.data or "").partition(":")[2]
        if name not in self.fields:
            await answer(query, await lang_of(context, update.effective_user), "button.expired")
            return self.edit_state
        await ack(update, context)
        self.draft(context)["editing"] = True
        return await self.ask(update, context, self.fields[name])

    # --- the dong and place steps ----------------------------------------------------------------

    async def area_other(self, update: Update, context: Context) -> int:
        await ack(update, context)
        return await self.ask(update, context, self.area_search_state)

    async def area_search(self, update: Update, context: Context) -> int:
        await area_step.offer(update, context, "ar")
        return self.area_search_state

    async def area_chosen(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        area = area_step.picked(context, query.data)
        if area is None:
            await answer(query, await lang_of(context, update.effective_user), "button.expired")
            return self.area
        await ack(update, context)
        self.draft(context)["area_code"] = area.code
        return await self.next(update, context, self.place)

    async def place_text(self, update: Update, context: Context) -> int:
        message = update.effective_message
        assert message is not None and message.text is not None
        text = message.text.strip()
        if not visible(text):
            # Only blanks or zero-width characters: it would preview as nothing.
            await reply(update, t(await lang_of(context, update.effective_user), "text.invisible"))
            return self.place
        if len(text) > self.place_limit:
            lang = await lang_of(context, update.effective_user)
            await reply(update, t(lang, "rep.place_too_long", limit=self.place_limit, count=len(text)))
            return self.place
        self.draft(context).update(place_text=text, latitude=None, longitude=None)
        return await self.next(update, context, self.after_place)

    async def place_location(self, update: Update, context: Context) -> int:
        message = update.effective_message
        assert message is not None and message.location is not None
        location = message.location
        self.draft(context).update(place_text=None, latitude=location.latitude, longitude=location.longitude)
        return await self.next(update, context, self.after_place)
