"""/campaign: staff write to every approved volunteer of their dong, see a preview with the number
of recipients, and confirm. Sending and the progress message are the outbox's job
(features/campaigns/actions.py, delivery/sender.py)."""

from __future__ import annotations

import uuid
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from core import callbacks, render, staff
from core.errors import Refused
from features.campaigns import actions as campaigns
from messages import plain, t
from messages.text import visible
from ui.common import (
    Context,
    callback_int,
    refuse,
    reply,
)
from ui.flow import ack

AREA, TEXT, CONFIRM = range(3)
DRAFT = "campaign"


def _draft(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault(DRAFT, {})  # type: ignore[no-any-return]


async def begin(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    try:
        codes = await staff.areas_or_refuse(deps, user.id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[DRAFT] = {"draft_id": uuid.uuid4().hex}
    if len(codes) == 1:
        _draft(context)["area_code"] = codes[0]
        return await _ask_text(update, context)
    keyboard = [
        [(render.area_name(deps.areas, code), callbacks.CAMPAIGN_AREA.pack(area=code))] for code in codes
    ]
    await reply(update, t(lang, "cp.choose_area"), keyboard)
    return AREA


async def area_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    code = callback_int(query.data, 2)
    await ack(update)
    _draft(context)["area_code"] = f"{code:010d}" if code is not None else ""
    return await _ask_text(update, context)


async def _ask_text(update: Update, context: Context) -> int:
    deps = context.deps
    lang = await context.lang()
    area = render.area_name(deps.areas, _draft(context)["area_code"])
    await reply(update, t(lang, "cp.ask", area=area, limit=campaigns.TEXT_LIMIT))
    return TEXT


async def text_received(update: Update, context: Context) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and message.text is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    draft = _draft(context)
    if not visible(message.text):
        await reply(update, t(lang, "text.invisible"))
        return TEXT
    try:
        text = campaigns.check_text(message.text)
        count = await campaigns.recipient_count(deps, user.id, draft["area_code"])
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return TEXT if refusal.key in ("cp.empty", "cp.too_long") else _finish(context)
    area = render.area_name(deps.areas, draft["area_code"])
    if count == 0:
        await reply(update, t(lang, "cp.no_recipients", area=area))
        return _finish(context)
    draft["text"] = text
    preview = t(lang, "cp.preview", area=area, count=f"{count:,}")
    preview += campaigns.volunteer_text(deps, lang, draft["area_code"], text)
    held = campaigns.held_until(deps)
    if held is not None:
        preview += t(lang, "cp.preview_quiet", when=render.local_time(lang, held, deps.settings.zone))
    keyboard = [
        [(plain(lang, "cp.btn_send"), callbacks.CAMPAIGN_SEND.pack())],
        [
            (plain(lang, "cp.btn_edit"), callbacks.CAMPAIGN_EDIT.pack()),
            (plain(lang, "cp.btn_cancel"), callbacks.CAMPAIGN_CANCEL.pack()),
        ],
    ]
    await reply(update, preview, keyboard)
    return CONFIRM


async def confirm(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    draft = _draft(context)
    await ack(update)
    try:
        await campaigns.start(deps, user.id, draft["area_code"], draft["text"], draft["draft_id"])
    except Refused as refusal:
        await refuse(update, lang, refusal)
    # The progress message ("0 / 3,400") comes from the outbox, edited as sending goes on.
    return _finish(context)


async def edit(update: Update, context: Context) -> int:
    await ack(update)
    return await _ask_text(update, context)


async def cancel(update: Update, context: Context) -> int:
    await ack(update)
    await reply(update, t(await context.lang(), "cancel.done"))
    return _finish(context)


async def button_hint(update: Update, context: Context) -> int:
    await reply(update, t(await context.lang(), "cp.button_hint"))
    return CONFIRM


async def hint(update: Update, context: Context) -> None:
    await reply(update, t(await context.lang(), "form.text_hint"))


def _finish(context: Context) -> int:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    return ConversationHandler.END


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="campaign",
        persistent=True,
        allow_reentry=True,
        entry_points=[CommandHandler("campaign", begin, filters=private)],
        states={
            AREA: [CallbackQueryHandler(area_chosen, pattern=callbacks.CAMPAIGN_AREA.pattern)],
            TEXT: [MessageHandler(text, text_received)],
            CONFIRM: [
                CallbackQueryHandler(confirm, pattern=callbacks.CAMPAIGN_SEND.pattern),
                CallbackQueryHandler(edit, pattern=callbacks.CAMPAIGN_EDIT.pattern),
                CallbackQueryHandler(cancel, pattern=callbacks.CAMPAIGN_CANCEL.pattern),
                MessageHandler(text, button_hint),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            MessageHandler(private & ~filters.COMMAND, hint),
        ],
    )
