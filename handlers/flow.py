"""What the step-by-step forms (/report, /meeting) share: the draft kept in user_data, going on to
the next question (or back to the preview when one field is being edited), hints for unexpected
input, and the dong and place steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from handlers import areas as area_step
from handlers.common import Context, answer, clear_buttons, lang_of, reply
from messages import plain, t

Ask = Callable[[Update, Context, int], Awaitable[int]]
Step = Callable[[Update, Context], Coroutine[Any, Any, int]]


async def ack(update: Update) -> None:
    """Answer a button press and take the buttons off the question that was answered."""
    if update.callback_query is not None:
        await answer(update.callback_query)
        await clear_buttons(update)


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
        await ack(update)
        lang = await lang_of(context, update.effective_user)
        labels = [
            (plain(lang, f"{self.field_label}{name}"), f"{self.field_data}:{name}") for name in self.fields
        ]
        rows = [labels[i : i + self.per_row] for i in range(0, len(labels), self.per_row)]
        await reply(update, t(lang, "rep.edit_which"), rows)
        return self.edit_state

    async def edit_field(self, update: Update, context: Context) -> int:
        query = update.callback_query
        assert query is not None
        name = (query.data or "").partition(":")[2]
        if name not in self.fields:
            await answer(query, await lang_of(context, update.effective_user), "button.expired")
            return self.edit_state
        await ack(update)
        self.draft(context)["editing"] = True
        return await self.ask(update, context, self.fields[name])

    # --- the dong and place steps ----------------------------------------------------------------

    async def area_other(self, update: Update, context: Context) -> int:
        await ack(update)
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
        await ack(update)
        self.draft(context)["area_code"] = area.code
        return await self.next(update, context, self.place)

    async def place_text(self, update: Update, context: Context) -> int:
        message = update.effective_message
        assert message is not None and message.text is not None
        text = message.text.strip()
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
