"""/meeting: an alley meeting proposed step by step (title, agenda, dong, place, date and time,
format, capacity), previewed, edited and sent to the centre."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core import callbacks, render
from core.clock import from_db, to_db
from core.errors import Refused
from features.meetings import actions as meeting_service
from features.meetings import notices as meeting_notices
from features.meetings import when as meeting_time
from features.meetings.common import DRAFT, invisible, text_of
from messages import Raw, plain, t
from messages.text import visible
from storage.meetings import Meeting
from ui.common import (
    Context,
    answer,
    private_button,
    reply,
)
from ui.flow import DraftFlow, ack

(TITLE, AGENDA, AREA, AREA_SEARCH, PLACE, DATE, TIME, FORMAT, CAPACITY, PREVIEW, EDIT) = range(11)
TIMES = ("10:00", "14:00", "16:00", "18:00", "19:00", "19:30", "20:00")


# --- the proposal questions ----------------------------------------------------------------


async def ask(update: Update, context: Context, state: int) -> int:
    lang = await context.lang()
    deps = context.deps
    draft = FLOW.draft(context)
    if state == TITLE:
        await FLOW.question(update, context, t(lang, "mt.ask_title", limit=meeting_service.TITLE_LIMIT))
    elif state == AGENDA:
        await FLOW.question(update, context, t(lang, "mt.ask_agenda", limit=meeting_service.AGENDA_LIMIT))
    elif state == AREA:
        home = draft.get("area_code") or draft.get("home_area")
        rows = []
        if home:
            rows.append(
                [
                    (
                        plain(lang, "form.btn_area_keep", area=render.area_name(deps.areas, home)),
                        callbacks.AREA_PICK.pack(area=home),
                    )
                ]
            )
        rows.append([(plain(lang, "form.btn_area_other"), callbacks.AREA_OTHER.pack())])
        await FLOW.question(update, context, t(lang, "mt.ask_area"), rows)
    elif state == AREA_SEARCH:
        await FLOW.question(update, context, t(lang, "form.ask_area_search"))
    elif state == PLACE:
        await FLOW.question(update, context, t(lang, "mt.ask_place"))
    elif state == DATE:
        today = deps.clock.now().astimezone(deps.settings.zone).date()
        days = [today + timedelta(days=n) for n in range(14)]
        labels = [
            (
                d.strftime("%m/%d ") + plain(lang, f"weekday.{d.weekday()}"),
                callbacks.MEETING_DATE.pack(day=d.isoformat()),
            )
            for d in days
        ]
        await FLOW.question(
            update, context, t(lang, "mt.ask_date"), [labels[i : i + 4] for i in range(0, len(labels), 4)]
        )
    elif state == TIME:
        rows = [
            [(slot, callbacks.MEETING_TIME.pack(time=slot)) for slot in TIMES[:4]],
            [(slot, callbacks.MEETING_TIME.pack(time=slot)) for slot in TIMES[4:]],
        ]
        await FLOW.question(update, context, t(lang, "mt.ask_time", date=draft.get("date", "")), rows)
    elif state == FORMAT:
        rows = [
            [(plain(lang, f"mt.format_{kind}"), callbacks.MEETING_FORMAT.pack(kind=kind))]
            for kind in meeting_service.FORMATS
        ]
        await FLOW.question(update, context, t(lang, "mt.ask_format"), rows)
    elif state == CAPACITY:
        await FLOW.question(
            update,
            context,
            t(lang, "mt.ask_capacity"),
            [[(plain(lang, "mt.btn_no_limit"), callbacks.MEETING_NO_LIMIT.pack())]],
        )
    elif state == PREVIEW:
        meeting_view = _as_meeting(draft)
        card = Raw(meeting_notices.describe(lang, meeting_view, deps))
        await FLOW.question(
            update,
            context,
            t(lang, "mt.preview", card=card),
            [
                [(plain(lang, "form.btn_send"), callbacks.MEETING_SEND.pack())],
                [
                    (plain(lang, "form.btn_edit"), callbacks.MEETING_EDIT.pack()),
                    (plain(lang, "form.btn_cancel"), callbacks.MEETING_CANCEL_FORM.pack()),
                ],
            ],
        )
    return state


def _as_meeting(draft: dict[str, Any]) -> Meeting:
    """The draft shaped as a meeting, so the preview looks exactly like the announcement."""
    return Meeting(
        id=0, area_code=draft["area_code"], organiser_id=0, title=draft["title"], agenda=draft["agenda"],
        place_text=draft.get("place_text"), latitude=draft.get("latitude"), longitude=draft.get("longitude"),
        starts_at=draft["starts_at"], format=draft["format"], capacity=draft.get("capacity"),
        status="draft", support=None, staff_comment=None, outcome_summary=None, outcome_decisions=None,
        outcome_requests=None,
    )  # fmt: skip


async def begin(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    if update.callback_query is not None:
        await answer(update.callback_query)
    try:
        home_area = await meeting_service.start_proposal(deps, user.id)
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return ConversationHandler.END
    context.user_data[DRAFT] = {"draft_id": uuid.uuid4().hex, "home_area": home_area}  # type: ignore[index]
    return await ask(update, context, TITLE)


async def title(update: Update, context: Context) -> int:
    text = text_of(update)
    if not visible(text):
        return await invisible(update, context, TITLE)
    if len(text) > meeting_service.TITLE_LIMIT:
        lang = await context.lang()
        await reply(update, t(lang, "mt.title_too_long", limit=meeting_service.TITLE_LIMIT, count=len(text)))
        return TITLE
    FLOW.draft(context)["title"] = text
    return await FLOW.next(update, context, AGENDA)


async def agenda(update: Update, context: Context) -> int:
    text = text_of(update)
    if not visible(text):
        return await invisible(update, context, AGENDA)
    if len(text) > meeting_service.AGENDA_LIMIT:
        lang = await context.lang()
        await reply(
            update, t(lang, "mt.agenda_too_long", limit=meeting_service.AGENDA_LIMIT, count=len(text))
        )
        return AGENDA
    FLOW.draft(context)["agenda"] = text
    return await FLOW.next(update, context, AREA)


async def _accept_when(update: Update, context: Context, starts: datetime | None) -> int | None:
    """Store a valid time and go on; otherwise explain and return None."""
    lang = await context.lang()
    deps = context.deps
    if starts is None:
        await reply(update, t(lang, "mt.time_unreadable"))
        return None
    try:
        meeting_time.check_when(starts, deps.clock.now())
    except Refused as refusal:
        await reply(update, t(lang, refusal.key))
        return None
    FLOW.draft(context)["starts_at"] = to_db(starts)
    return await FLOW.next(update, context, FORMAT)


async def date_typed(update: Update, context: Context) -> int:
    deps = context.deps
    starts = meeting_time.parse_when(text_of(update), deps.clock.now(), deps.settings.zone)
    return await _accept_when(update, context, starts) or DATE


async def date_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    day = (query.data or "").partition(":")[2]
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        await answer(query, await context.lang(), "button.expired")
        return DATE
    await ack(update, context)
    FLOW.draft(context)["date"] = day
    return await ask(update, context, TIME)


async def time_given(update: Update, context: Context) -> int:
    deps = context.deps
    if update.callback_query is not None:
        await FLOW.ack_now(update, context)  # an unreadable time is explained below the question
        clock = (update.callback_query.data or "").partition(":")[2]
    else:
        clock = text_of(update)
    day = FLOW.draft(context).get("date", "")
    starts = meeting_time.parse_when(f"{day} {clock}", deps.clock.now(), deps.settings.zone)
    if starts is None:  # perhaps a whole date and time was typed
        starts = meeting_time.parse_when(clock, deps.clock.now(), deps.settings.zone)
    result = await _accept_when(update, context, starts)
    if result is None:
        return await ask(update, context, DATE)
    return result


async def format_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    kind = (query.data or "").partition(":")[2]
    if kind not in meeting_service.FORMATS:
        await answer(query, await context.lang(), "button.expired")
        return FORMAT
    await ack(update, context)
    FLOW.draft(context)["format"] = kind
    return await FLOW.next(update, context, CAPACITY)


async def capacity(update: Update, context: Context) -> int:
    draft = FLOW.draft(context)
    if update.callback_query is not None:
        await ack(update, context)
        draft["capacity"] = None
        return await ask(update, context, PREVIEW)
    text = text_of(update)
    if not (text.isascii() and text.isdigit()) or not 2 <= int(text) <= 500:
        await reply(update, t(await context.lang(), "mt.capacity_bad"))
        return CAPACITY
    draft["capacity"] = int(text)
    return await ask(update, context, PREVIEW)


async def send(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    draft = FLOW.draft(context)
    try:
        proposal = meeting_service.MeetingDraft(
            draft_id=draft["draft_id"], title=draft["title"], agenda=draft["agenda"],
            area_code=draft["area_code"], place_text=draft.get("place_text"), latitude=draft.get("latitude"),
            longitude=draft.get("longitude"), starts_at=from_db(draft["starts_at"]), format=draft["format"],
            capacity=draft.get("capacity"),
        )  # fmt: skip
    except KeyError:
        await answer(query, lang, "button.expired")
        return ConversationHandler.END
    try:
        meeting, _ = await meeting_service.propose(context.deps, user.id, proposal)
    except Refused as refusal:
        await answer(query, lang, refusal.key, alert=True, **refusal.values)
        if refusal.key.startswith("mt.time"):
            draft["editing"] = True
            return await ask(update, context, DATE)
        return PREVIEW
    await ack(update)
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    key = "mt.proposed_auto" if meeting.status == "approved" else "mt.proposed"
    await reply(update, t(lang, key, title=meeting.title))
    return ConversationHandler.END


FLOW = DraftFlow(
    DRAFT,
    ask,
    PREVIEW,
    area=AREA,
    area_search=AREA_SEARCH,
    place=PLACE,
    after_place=DATE,
    place_limit=meeting_service.PLACE_LIMIT,
    allow_retired_area=True,  # its proposal goes to the admins, as a report does
    edit=EDIT,
    fields={
        "title": TITLE,
        "agenda": AGENDA,
        "area": AREA,
        "place": PLACE,
        "when": DATE,
        "format": FORMAT,
        "capacity": CAPACITY,
    },
    field_label="mt.field_",
    field_button=callbacks.MEETING_FIELD,
    per_row=4,
)


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    other = private & ~filters.COMMAND
    return ConversationHandler(
        name="meeting",
        persistent=True,
        entry_points=[
            CommandHandler("meeting", begin, filters=private),
            CallbackQueryHandler(private_button(begin), pattern=callbacks.MENU_MEETING.pattern),
        ],
        states={
            TITLE: [MessageHandler(text, title), MessageHandler(other, FLOW.hint("form.text_hint", TITLE))],
            AGENDA: [
                MessageHandler(text, agenda),
                MessageHandler(other, FLOW.hint("form.text_hint", AGENDA)),
            ],
            AREA: [
                CallbackQueryHandler(FLOW.button(FLOW.area_chosen), pattern=callbacks.AREA_PICK.pattern),
                CallbackQueryHandler(FLOW.button(FLOW.area_other), pattern=callbacks.AREA_OTHER.pattern),
                MessageHandler(text, FLOW.area_search),
                MessageHandler(other, FLOW.hint("area.hint", AREA)),
            ],
            AREA_SEARCH: [
                MessageHandler(text, FLOW.area_search),
                CallbackQueryHandler(FLOW.button(FLOW.area_chosen), pattern=callbacks.AREA_PICK.pattern),
                MessageHandler(other, FLOW.hint("area.hint", AREA_SEARCH)),
            ],
            PLACE: [
                MessageHandler(text, FLOW.place_text),
                MessageHandler(private & filters.LOCATION, FLOW.place_location),
                MessageHandler(other, FLOW.hint("form.place_hint", PLACE)),
            ],
            DATE: [
                CallbackQueryHandler(FLOW.button(date_chosen), pattern=callbacks.MEETING_DATE.pattern),
                MessageHandler(text, date_typed),
                MessageHandler(other, FLOW.hint("mt.time_unreadable", DATE)),
            ],
            TIME: [
                CallbackQueryHandler(FLOW.button(time_given), pattern=callbacks.MEETING_TIME.pattern),
                MessageHandler(text, time_given),
                MessageHandler(other, FLOW.hint("mt.time_unreadable", TIME)),
            ],
            FORMAT: [
                CallbackQueryHandler(FLOW.button(format_chosen), pattern=callbacks.MEETING_FORMAT.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", FORMAT)),
            ],
            CAPACITY: [
                CallbackQueryHandler(FLOW.button(capacity), pattern=callbacks.MEETING_NO_LIMIT.pattern),
                MessageHandler(text, capacity),
                MessageHandler(other, FLOW.hint("mt.capacity_bad", CAPACITY)),
            ],
            PREVIEW: [
                CallbackQueryHandler(FLOW.button(send), pattern=callbacks.MEETING_SEND.pattern),
                CallbackQueryHandler(FLOW.button(FLOW.edit), pattern=callbacks.MEETING_EDIT.pattern),
                CallbackQueryHandler(
                    FLOW.button(FLOW.abandon), pattern=callbacks.MEETING_CANCEL_FORM.pattern
                ),
                MessageHandler(other, FLOW.hint("form.button_hint", PREVIEW)),
            ],
            EDIT: [
                CallbackQueryHandler(FLOW.button(FLOW.edit_field), pattern=callbacks.MEETING_FIELD.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", EDIT)),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", FLOW.abandon),
            # This form's own buttons of another step (not the shared dong picker's ar:/ra:,
            # which another form under way may be asking for).
            CallbackQueryHandler(
                FLOW.stale,
                pattern=callbacks.stale_of(
                    callbacks.MEETING_DATE,
                    callbacks.MEETING_TIME,
                    callbacks.MEETING_FORMAT,
                    callbacks.MEETING_NO_LIMIT,
                    callbacks.MEETING_SEND,
                    callbacks.MEETING_FIELD,
                ),
            ),
            MessageHandler(private & filters.COMMAND, FLOW.command_hint),
        ],
    )
