"""The staff group's button that approves a volunteer who registered for its dong."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from core import callbacks
from core.errors import Refused
from features.volunteers import actions as volunteers
from ui.common import Context, answer, callback_int, refuse


async def approve_volunteer(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    volunteer_id = callback_int(query.data, 2)
    if volunteer_id is None:
        await answer(query, lang, "button.expired")
        return
    try:
        await volunteers.approve(context.deps, user.id, volunteer_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query, lang, "vol.approve_done")


def buttons() -> list[object]:
    return [CallbackQueryHandler(approve_volunteer, pattern=callbacks.VOLUNTEER_APPROVE.pattern)]
