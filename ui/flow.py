"""What the step-by-step forms (/report, /meeting) share: the draft kept in user_data, going on to
the next question (or back to the preview when one field is being edited), hints for unexpected
input, and the dong and place steps.

A question answered with a button turns into the next question in place: the press is answered
(ack with the context) and `question` edits that message into the next question. That is two
Bot API calls for a press instead of three (answer, take the buttons off, send a new message),
and the chat shows one question at a time. Whatever is said first in between (an emergency
hint) goes out only after the old buttons were taken off, and `settle`, which runs after every
update, takes them off if no question followed, so an answered question never keeps live buttons.

A question answered by typing (a date, a number, a dong to search) is followed by a new message;
the draft remembers which message asked the question with live buttons (`ASKED`), and its
buttons come off before the next question is asked. Every button of a form is taken only from
that message (`DraftFlow.button`): a press on an older question, in another chat, or with data
the message never carried changes nothing and is answered, and the form stays where it is.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler, TypeHandler

from core import callbacks
from core.callbacks import Button
from messages import plain, t
from messages.text import visible
from storage.outbox import Keyboard
from ui import area_picker as area_step
from ui.common import (
    Context,
    answer,
    clear_buttons,
    inline,
    message_of,
    refuse_press,
    reply,
    stray_press,
)

log = logging.getLogger(__name__)
Ask = Callable[[Update, Context, int], Awaitable[int]]
Step = Callable[[Update, Context], Coroutine[Any, Any, int]]
R = TypeVar("R")

# In a form's draft: the message id of the question whose buttons are live (0: none is).
ASKED = "asked"


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


async def question(update: Update, context: Context, text: str, keyboard: Keyboard | None = None) -> Message:
    """Ask: in place of the question just answered with a button, else as a new message.
    Returns the message that asks it."""
    answered: Message | None = getattr(context, _ANSWERED, None)
    setattr(context, _ANSWERED, None)
    if answered is not None:
        try:
            await answered.edit_text(text, reply_markup=inline(keyboard) if keyboard else None)
            return answered
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return answered  # it already asks this: the same press handled again after a restart
            # Too old to edit, or deleted (then its buttons cannot be taken off either): ask anew.
            log.info("could not turn the answered question into the next: %s", exc.message)
    return await reply(update, text, keyboard)


async def retire(update: Update, context: Context, draft: dict[str, Any]) -> None:
    """Take the buttons off the question the form asked last: it was answered by typing, or is
    asked again below. An answered question never keeps live buttons."""
    asked = draft.get(ASKED)
    draft[ASKED] = 0
    chat = update.effective_chat
    if not asked or chat is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat.id, int(asked), reply_markup=None)
    except BadRequest as exc:  # already without buttons, deleted, or too old: nothing is live
        log.info("could not take the buttons off an answered question: %s", exc.message)


def remember(draft: dict[str, Any], asked: Message | None, has_buttons: bool) -> None:
    """The question whose buttons are live now (none when it has no buttons)."""
    draft[ASKED] = asked.message_id if asked is not None and has_buttons else 0


async def ask_in_form(
    update: Update, context: Context, draft: dict[str, Any], text: str, keyboard: Keyboard | None = None
) -> Message:
    """`question`, for a form that remembers its live question in `draft`: the question asked
    before comes off first unless this one takes its place."""
    answered: Message | None = getattr(context, _ANSWERED, None)
    if answered is None or answered.message_id != draft.get(ASKED):
        await retire(update, context, draft)
    asked = await question(update, context, text, keyboard)
    remember(draft, asked, bool(keyboard))
    return asked


def form_button(
    key: str, callback: Callable[[Update, Context], Coroutine[Any, Any, R]]
) -> Callable[[Update, Context], Coroutine[Any, Any, R | None]]:
    """A button of the form whose draft is user_data[key]: taken only in a private chat, from
    the message that carried it, and only from the question the form asked last."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: Context) -> R | None:
        draft = (context.user_data or {}).get(key)
        current = draft.get(ASKED) if isinstance(draft, dict) else None
        if await stray_press(update, context, current=None if current is None else int(current)):
            return None  # the form stays at the question it is at
        return await callback(update, context)

    return guarded


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
        place_limit: int, edit: int, fields: dict[str, int], field_label: str, field_button: Button,
        per_row: int, allow_retired_area: bool = False,
    ) -> None:  # fmt: skip
        self.key = key
        self.ask = ask
        self.preview = preview
        self.area, self.area_search_state, self.place = area, area_search, place
        self.after_place = after_place
        self.place_limit = place_limit
        # The preview's edit step: which field (`field_button`, its `field`) goes back to which question.
        self.edit_state, self.fields = edit, fields
        self.field_label, self.field_button, self.per_row = field_label, field_button, per_row
        # A report or a meeting may come from a split or merged dong (it goes to the admins until
        # one reassigns it); invites, registration and transfers take only current ones.
        self.allow_retired_area = allow_retired_area

    def draft(self, context: Context) -> dict[str, Any]:
        data = context.user_data
        assert data is not None
        return data.setdefault(self.key, {})  # type: ignore[no-any-return]

    async def question(
        self, update: Update, context: Context, text: str, keyboard: Keyboard | None = None
    ) -> None:
        """Ask the form's next question (see `ask_in_form`)."""
        await ask_in_form(update, context, self.draft(context), text, keyboard)

    async def settle(self, update: Update, context: Context) -> None:
        """The answered question's buttons come off now, before something is said below it."""
        await settle(update, context)
        self.draft(context)[ASKED] = 0

    async def ack_now(self, update: Update, context: Context) -> None:
        """Answer a press and take the question's buttons off now: what follows goes below it."""
        await ack(update)
        self.draft(context)[ASKED] = 0

    async def stale(self, update: Update, context: Context) -> None:
        """A button of this form from another step (an older question): the form stays where it
        is, and the person is told to answer the question asked last."""
        await refuse_press(update, context, "button.old", "a button of another step")

    def button(
        self, callback: Callable[[Update, Context], Coroutine[Any, Any, R]]
    ) -> Callable[[Update, Context], Coroutine[Any, Any, R | None]]:
        """One of this form's buttons (see `form_button`)."""
        return form_button(self.key, callback)

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
            await reply(update, t(await context.lang(), key))
            return await self.ask(update, context, state)

        return hint

    async def abandon(self, update: Update, context: Context) -> int:
        """/cancel or the cancel button: the draft is dropped, nothing is kept."""
        await ack(update)
        if context.user_data is not None:
            context.user_data.pop(self.key, None)
        await reply(update, t(await context.lang(), "cancel.done"))
        return ConversationHandler.END

    async def command_hint(self, update: Update, context: Context) -> None:
        await reply(update, t(await context.lang(), "form.command_hint"))

    # --- editing one field from the preview --------------------------------------------------

    async def edit(self, update: Update, context: Context) -> int:
        await ack(update, context)
        lang = await context.lang()
        labels = [
            (plain(lang, f"{self.field_label}{name}"), self.field_button.pack(field=name))
            for name in self.fields
        ]
        rows = [labels[i : i + self.per_row] for i in range(0, len(labels), self.per_row)]
        await self.question(update, context, t(lang, "form.edit_which"), rows)
        return self.edit_state

    async def edit_field(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        fields = self.field_button.parse(query.data)
        name = fields["field"] if fields is not None else ""
        if name not in self.fields:
            await answer(query, await context.lang(), "button.expired")
            return self.edit_state
        await ack(update, context)
        self.draft(context)["editing"] = True
        return await self.ask(update, context, self.fields[name])

    # --- the dong and place steps ----------------------------------------------------------------

    async def area_other(self, update: Update, context: Context) -> int:
        await ack(update, context)
        return await self.ask(update, context, self.area_search_state)

    async def area_search(self, update: Update, context: Context) -> int:
        # The typed name answers the question asked; the dong found are the question now.
        draft = self.draft(context)
        await retire(update, context, draft)
        remember(draft, await area_step.offer(update, context, callbacks.AREA_PICK), True)
        return self.area_search_state

    async def area_chosen(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        area = area_step.picked(context, query.data, allow_retired=self.allow_retired_area)
        if area is None:
            await answer(query, await context.lang(), "button.expired")
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
            await reply(update, t(await context.lang(), "text.invisible"))
            return self.place
        if len(text) > self.place_limit:
            lang = await context.lang()
            await reply(update, t(lang, "form.place_too_long", limit=self.place_limit, count=len(text)))
            return self.place
        self.draft(context).update(place_text=text, latitude=None, longitude=None)
        return await self.next(update, context, self.after_place)

    async def place_location(self, update: Update, context: Context) -> int:
        message = update.effective_message
        assert message is not None and message.location is not None
        location = message.location
        self.draft(context).update(place_text=None, latitude=location.latitude, longitude=location.longitude)
        return await self.next(update, context, self.after_place)
