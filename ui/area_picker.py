"""The "find your dong" step shared by registration, reports and staff: type part of a name,
pick from buttons that show the district (gu) so that same-named dongs are told apart (with the
province too where the gu has the same name, as for the Jungang-dong of Busan Jung-gu and of
Ulsan Jung-gu)."""

from __future__ import annotations

from telegram import Message, Update

from core.areas import Area
from core.callbacks import Button
from messages import plain, t
from ui.common import Context, reply

MAX_BUTTONS = 10


async def offer(update: Update, context: Context, button: Button, **fixed: object) -> Message | None:
    """Answer the typed message with matching dong as buttons (`button`, its `area` field the
    dong's code, its other fields `fixed`); the message that offers them."""
    message = update.effective_message
    assert message is not None and message.text is not None
    return await offer_text(update, context, message.text, button, **fixed)


async def offer_text(
    update: Update, context: Context, text: str, button: Button, **fixed: object
) -> Message | None:
    """Matching dong as buttons, in the message returned; None when there was nothing to offer."""
    deps = context.deps
    lang = await context.lang()
    query = " ".join(text.split())[:40]
    found = deps.areas.search(query, limit=MAX_BUTTONS + 1)
    if not found:
        await reply(update, t(lang, "area.none", query=query))
        return None
    if len(found) > MAX_BUTTONS:
        count = deps.areas.count_matches(query)
        await reply(update, t(lang, "area.many", query=query, count=count))
        return None
    keyboard = [[(button_label(context, lang, area), button.pack(**fixed, area=area.code))] for area in found]
    return await reply(update, t(lang, "area.pick"), keyboard)


def button_label(context: Context, lang: str, area: Area) -> str:
    """The picker's label for a dong; unique in the whole directory (tests/test_areas_unique.py)."""
    return plain(lang, "area.button", name=area.name, district=context.deps.areas.district(area))


def picked(context: Context, data: str | None, *, allow_retired: bool = False) -> Area | None:
    """The dong a button names; None for anything that is not a real administrative-dong code."""
    code = (data or "").rpartition(":")[2]  # the last part: "ar:<code>", "tr:<report>:<code>"
    areas = context.deps.areas
    current = areas.current(code)  # an old button of a dong that got a new code: its new one
    if current is not None:
        return areas.get(current)
    # A dong that was split or merged (a volunteer's home button): a report from it is still
    # taken, and goes to the admins; everything else (registration, invites, meetings,
    # transfers) takes only current ones, so an old picker's button is simply expired there.
    retired = areas.retired(code) if allow_retired else None
    return retired.area if retired is not None else None
