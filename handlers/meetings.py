"""Alley meetings: /meeting (propose, step by step), staff buttons, RSVP, calendar files,
/meetings, cancel and move, and the outcome."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from telegram import Chat, Update
from telegram.error import Forbidden
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core.clock import from_db, to_db
from core.errors import Refused
from handlers.common import (
    Context,
    answer,
    callback_int,
    clear_buttons,
    deps_of,
    inline,
    lang_of,
    private_button,
    refuse,
    reply,
)
from handlers.flow import DraftFlow, ack
from messages import Raw, plain, render_name, t
from messages.length import split
from messages.text import visible
from services import meeting_notices, meeting_time, render
from services import meetings as meeting_service
from storage.meetings import Meeting

(TITLE, AGENDA, AREA, AREA_SEARCH, PLACE, DATE, TIME, FORMAT, CAPACITY, PREVIEW, EDIT) = range(11)
(SUMMARY, DECISIONS, REQUESTS, MOVE_TIME, COMMENT) = range(20, 25)
DRAFT = "meeting"
FOLLOW = "meeting_followup"
TIMES = ("10:00", "14:00", "16:00", "18:00", "19:00", "19:30", "20:00")


async def _lang(update: Update, context: Context) -> str:
    return await lang_of(context, update.effective_user)


def _text(update: Update) -> str:
    message = update.effective_message
    assert message is not None and message.text is not None
    return message.text.strip()


async def _invisible(update: Update, context: Context, state: int) -> int:
    """Text of only blanks or zero-width characters: say so and stay at the same question."""
    await reply(update, t(await _lang(update, context), "text.invisible"))
    return state


# --- the proposal questions ----------------------------------------------------------------


async def ask(update: Update, context: Context, state: int) -> int:
    lang = await _lang(update, context)
    deps = deps_of(context)
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
                [(plain(lang, "rep.btn_area_keep", area=render.area_name(deps.areas, home)), f"ar:{home}")]
            )
        rows.append([(plain(lang, "rep.btn_area_other"), "ra:other")])
        await FLOW.question(update, context, t(lang, "mt.ask_area"), rows)
    elif state == AREA_SEARCH:
        await FLOW.question(update, context, t(lang, "rep.ask_area_search"))
    elif state == PLACE:
        await FLOW.question(update, context, t(lang, "mt.ask_place"))
    elif state == DATE:
        today = deps.clock.now().astimezone(deps.settings.zone).date()
        days = [today + timedelta(days=n) for n in range(14)]
        labels = [
            (d.strftime("%m/%d ") + plain(lang, f"weekday.{d.weekday()}"), f"md:{d.isoformat()}")
            for d in days
        ]
        await FLOW.question(
            update, context, t(lang, "mt.ask_date"), [labels[i : i + 4] for i in range(0, len(labels), 4)]
        )
    elif state == TIME:
        rows = [[(slot, f"mh:{slot}") for slot in TIMES[:4]], [(slot, f"mh:{slot}") for slot in TIMES[4:]]]
        await FLOW.question(update, context, t(lang, "mt.ask_time", date=draft.get("date", "")), rows)
    elif state == FORMAT:
        rows = [[(plain(lang, f"mt.format_{kind}"), f"mf:{kind}")] for kind in meeting_service.FORMATS]
        await FLOW.question(update, context, t(lang, "mt.ask_format"), rows)
    elif state == CAPACITY:
        await FLOW.question(
            update, context, t(lang, "mt.ask_capacity"), [[(plain(lang, "mt.btn_no_limit"), "mc:none")]]
        )
    elif state == PREVIEW:
        meeting_view = _as_meeting(draft)
        card = Raw(meeting_notices.describe(lang, meeting_view, deps))
        await FLOW.question(
            update,
            context,
            t(lang, "mt.preview", card=card),
            [
                [(plain(lang, "rep.btn_send"), "mp:send")],
                [(plain(lang, "rep.btn_edit"), "mp:edit"), (plain(lang, "rep.btn_cancel"), "mp:cancel")],
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
    deps = deps_of(context)
    lang = await _lang(update, context)
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
    text = _text(update)
    if not visible(text):
        return await _invisible(update, context, TITLE)
    if len(text) > meeting_service.TITLE_LIMIT:
        lang = await _lang(update, context)
        await reply(update, t(lang, "mt.title_too_long", limit=meeting_service.TITLE_LIMIT, count=len(text)))
        return TITLE
    FLOW.draft(context)["title"] = text
    return await FLOW.next(update, context, AGENDA)


async def agenda(update: Update, context: Context) -> int:
    text = _text(update)
    if not visible(text):
        return await _invisible(update, context, AGENDA)
    if len(text) > meeting_service.AGENDA_LIMIT:
        lang = await _lang(update, context)
        await reply(
            update, t(lang, "mt.agenda_too_long", limit=meeting_service.AGENDA_LIMIT, count=len(text))
        )
        return AGENDA
    FLOW.draft(context)["agenda"] = text
    return await FLOW.next(update, context, AREA)


async def _accept_when(update: Update, context: Context, starts: datetime | None) -> int | None:
    """Store a valid time and go on; otherwise explain and return None."""
    lang = await _lang(update, context)
    deps = deps_of(context)
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
    deps = deps_of(context)
    starts = meeting_time.parse_when(_text(update), deps.clock.now(), deps.settings.zone)
    return await _accept_when(update, context, starts) or DATE


async def date_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    day = (query.data or "").partition(":")[2]
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        await answer(query, await _lang(update, context), "button.expired")
        return DATE
    await ack(update, context)
    FLOW.draft(context)["date"] = day
    return await ask(update, context, TIME)


async def time_given(update: Update, context: Context) -> int:
    deps = deps_of(context)
    if update.callback_query is not None:
        await FLOW.ack_now(update, context)  # an unreadable time is explained below the question
        clock = (update.callback_query.data or "").partition(":")[2]
    else:
        clock = _text(update)
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
        await answer(query, await _lang(update, context), "button.expired")
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
    text = _text(update)
    if not (text.isascii() and text.isdigit()) or not 2 <= int(text) <= 500:
        await reply(update, t(await _lang(update, context), "mt.capacity_bad"))
        return CAPACITY
    draft["capacity"] = int(text)
    return await ask(update, context, PREVIEW)


async def send(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await _lang(update, context)
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
        meeting, _ = await meeting_service.propose(deps_of(context), user.id, proposal)
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
    field_data="me",
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
            CallbackQueryHandler(private_button(begin), pattern=r"^m:meeting$"),
        ],
        states={
            TITLE: [MessageHandler(text, title), MessageHandler(other, FLOW.hint("rep.text_hint", TITLE))],
            AGENDA: [MessageHandler(text, agenda), MessageHandler(other, FLOW.hint("rep.text_hint", AGENDA))],
            AREA: [
                CallbackQueryHandler(FLOW.button(FLOW.area_chosen), pattern=r"^ar:\d{10}$"),
                CallbackQueryHandler(FLOW.button(FLOW.area_other), pattern=r"^ra:other$"),
                MessageHandler(text, FLOW.area_search),
                MessageHandler(other, FLOW.hint("area.hint", AREA)),
            ],
            AREA_SEARCH: [
                MessageHandler(text, FLOW.area_search),
                CallbackQueryHandler(FLOW.button(FLOW.area_chosen), pattern=r"^ar:\d{10}$"),
                MessageHandler(other, FLOW.hint("area.hint", AREA_SEARCH)),
            ],
            PLACE: [
                MessageHandler(text, FLOW.place_text),
                MessageHandler(private & filters.LOCATION, FLOW.place_location),
                MessageHandler(other, FLOW.hint("rep.place_hint", PLACE)),
            ],
            DATE: [
                CallbackQueryHandler(FLOW.button(date_chosen), pattern=r"^md:"),
                MessageHandler(text, date_typed),
                MessageHandler(other, FLOW.hint("mt.time_unreadable", DATE)),
            ],
            TIME: [
                CallbackQueryHandler(FLOW.button(time_given), pattern=r"^mh:"),
                MessageHandler(text, time_given),
                MessageHandler(other, FLOW.hint("mt.time_unreadable", TIME)),
            ],
            FORMAT: [
                CallbackQueryHandler(FLOW.button(format_chosen), pattern=r"^mf:"),
                MessageHandler(other, FLOW.hint("rep.button_hint", FORMAT)),
            ],
            CAPACITY: [
                CallbackQueryHandler(FLOW.button(capacity), pattern=r"^mc:none$"),
                MessageHandler(text, capacity),
                MessageHandler(other, FLOW.hint("mt.capacity_bad", CAPACITY)),
            ],
            PREVIEW: [
                CallbackQueryHandler(FLOW.button(send), pattern=r"^mp:send$"),
                CallbackQueryHandler(FLOW.button(FLOW.edit), pattern=r"^mp:edit$"),
                CallbackQueryHandler(FLOW.button(FLOW.abandon), pattern=r"^mp:cancel$"),
                MessageHandler(other, FLOW.hint("rep.button_hint", PREVIEW)),
            ],
            EDIT: [
                CallbackQueryHandler(FLOW.button(FLOW.edit_field), pattern=r"^me:"),
                MessageHandler(other, FLOW.hint("rep.button_hint", EDIT)),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", FLOW.abandon),
            # This form's own buttons of another step (not the shared dong picker's ar:/ra:,
            # which another form under way may be asking for).
            CallbackQueryHandler(FLOW.stale, pattern=r"^(md|mh|mf|mc|mp|me):"),
            MessageHandler(private & filters.COMMAND, FLOW.command_hint),
        ],
    )


# --- staff: approve, support, changes, decline -----------------------------------------------


async def staff_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 2)
    if meeting_id is None:
        await answer(query, lang, "button.expired")
        return
    action = parts[1]
    try:
        if action == "ap":
            await meeting_service.approve(deps, user.id, meeting_id)
            await answer(query, lang, "mt.approved_done")
        elif action == "su" and len(parts) == 4:
            await meeting_service.approve(deps, user.id, meeting_id, parts[3])
            await answer(query, lang, "mt.approved_done")
        elif action in ("sp", "bk"):
            await meeting_service.check_staff(deps, user.id, meeting_id)
            await answer(query)
            keyboard = (
                meeting_notices.support_keyboard(lang, meeting_id)
                if action == "sp"
                else meeting_notices.staff_keyboard(lang, meeting_id)
            )
            message = query.message
            if message is not None:
                await context.bot.edit_message_reply_markup(
                    message.chat.id, message.message_id, reply_markup=inline(keyboard)
                )
        elif action in ("ch", "dc"):
            meeting = await meeting_service.check_staff(deps, user.id, meeting_id)
            label = "mt.write_changes" if action == "ch" else "mt.write_decline"
            card = Raw(meeting_notices.describe(lang, meeting, deps))
            await context.bot.send_message(
                user.id,
                t(lang, "mt.dm_respond", card=card),
                reply_markup=inline([[(plain(lang, label), f"mw:{action}:{meeting_id}")]]),
            )
            await answer(query, lang, "staff.details_sent")
        else:
            await answer(query, lang, "button.expired")
    except Refused as refusal:
        await refuse(update, lang, refusal)
    except Forbidden:  # the staff member never opened a private chat with the bot
        await answer(query, lang, "staff.dm_first", alert=True)


# --- volunteers: RSVP and calendar -----------------------------------------------------------


async def rsvp_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await lang_of(context, user)
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 1)
    if meeting_id is None or len(parts) != 3:
        await answer(query, lang, "button.expired")
        return
    try:
        result = await meeting_service.rsvp(deps_of(context), user.id, meeting_id, parts[2])
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    if result.waitlisted:
        await answer(query, lang, "mt.rsvp_waitlist", alert=True, position=result.position)
    else:
        await answer(query, lang, f"mt.rsvp_{result.answer}")


async def calendar_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    meeting_id = callback_int(query.data, 1)
    try:
        if meeting_id is None:
            raise Refused("button.expired")
        meeting = await meeting_service.get(deps, meeting_id)
        if meeting.status != "approved":
            raise Refused("mt.not_open")
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await context.bot.send_document(
        user.id,
        meeting_notices.ics(meeting, deps),
        filename=f"golmok-meeting-{meeting.id}.ics",
        caption=t(lang, "mt.ics_caption", title=meeting.title),
    )


# --- /meetings, cancel, move -----------------------------------------------------------------


async def list_meetings(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    if update.callback_query is not None:
        await answer(update.callback_query)
    deps = deps_of(context)
    lang = await lang_of(context, user)
    upcoming, past = await meeting_service.listing(deps, user.id)
    if not upcoming and not past:
        await reply(update, t(lang, "mt.list_empty"))
        return
    zone = deps.settings.zone
    lines: list[str] = []
    keyboard = []
    for heading, items in (("mt.list_upcoming", upcoming), ("mt.list_past", past)):
        if not items:
            continue
        lines.append(t(lang, heading))
        for item in items:
            m = item.meeting
            line = t(
                lang, "mt.list_line", title=m.title, when=meeting_time.when_text(lang, m.starts_at, zone),
                status=plain(lang, f"mt.status_{m.status}"),
            )  # fmt: skip
            if item.answer is not None:
                kind = "waitlist" if item.answer[1] else item.answer[0]
                line += t(lang, "mt.list_answer", answer=plain(lang, f"mt.answer_{kind}"))
            if item.counts is not None:
                line += t(lang, "mt.list_counts", **item.counts)
            if item.names:
                names = ", ".join(render_name(name) for name in item.names[:30])
                line += t(lang, "mt.list_names", names=Raw(names))
            if m.outcome_summary:
                line += t(lang, "mt.list_outcome", summary=m.outcome_summary)
            lines.append(line)
            if (
                items is upcoming
                and item.counts is not None
                and m.status in ("approved", "proposed", "changes")
            ):
                short = m.title[:20]
                keyboard.append(
                    [
                        (plain(lang, "mt.btn_move_meeting", title=short), f"mv:{m.id}"),
                        (plain(lang, "mt.btn_cancel_meeting", title=short), f"mx:{m.id}"),
                    ]
                )
            if items is upcoming and m.status == "approved":
                keyboard.append(meeting_notices.rsvp_keyboard(lang, m.id)[0])
    # Split between lines as Telegram counts length (a cut at a character count could fall inside
    # a tag); the buttons go with the last part.
    chunks = split(lines)
    for chunk in chunks[:-1]:
        await reply(update, chunk)
    await reply(update, chunks[-1], keyboard[:20] or None)


async def cancel_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    parts = (query.data or "").split(":")
    meeting_id = callback_int(query.data, 1)
    if meeting_id is None:
        await answer(query, lang, "button.expired")
        return
    try:
        if len(parts) == 3 and parts[2] == "y":
            await meeting_service.cancel(deps, user.id, meeting_id)
            await answer(query)
            await clear_buttons(update)
            await reply(update, t(lang, "mt.cancel_done"))
            return
        meeting = await meeting_service.check_manage(deps, user.id, meeting_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    await answer(query)
    await reply(
        update,
        t(lang, "mt.confirm_cancel", title=meeting.title),
        [[(plain(lang, "mt.btn_confirm_cancel"), f"mx:{meeting_id}:y")]],
    )


# --- follow-ups in a private chat: outcome, new time, staff comment ----------------------------


async def follow_begin(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    assert query is not None and user is not None and chat is not None
    deps = deps_of(context)
    lang = await lang_of(context, user)
    data = query.data or ""
    kind = data.split(":")[0]
    meeting_id = callback_int(data, 2 if kind == "mw" else 1)
    if meeting_id is None or chat.type != Chat.PRIVATE:
        await answer(query, lang, "button.expired")
        return ConversationHandler.END
    try:
        if kind == "mo":
            meeting = await meeting_service.get(deps, meeting_id)
            if meeting.organiser_id != user.id:
                raise Refused("staff.not_authorised")
        elif kind == "mv":
            meeting = await meeting_service.check_manage(deps, user.id, meeting_id)
        else:
            meeting = await meeting_service.check_staff(deps, user.id, meeting_id)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return ConversationHandler.END
    await answer(query)
    context.user_data[FOLLOW] = {  # type: ignore[index]
        "meeting_id": meeting_id,
        "kind": data.split(":")[1] if kind == "mw" else kind,
    }  # type: ignore[index]
    if kind == "mo":
        await reply(update, t(lang, "mt.ask_summary", title=meeting.title))
        return SUMMARY
    if kind == "mv":
        await reply(update, t(lang, "mt.ask_new_time", title=meeting.title))
        return MOVE_TIME
    await reply(update, t(lang, "mt.ask_comment", title=meeting.title, limit=meeting_service.OUTCOME_LIMIT))
    return COMMENT


def _follow(context: Context) -> dict[str, Any]:
    return context.user_data.get(FOLLOW) or {}  # type: ignore[union-attr, return-value]


async def outcome_summary(update: Update, context: Context) -> int:
    lang = await _lang(update, context)
    text = _text(update)
    if not visible(text):
        return await _invisible(update, context, SUMMARY)
    if len(text) > meeting_service.OUTCOME_LIMIT:
        await reply(update, t(lang, "mt.comment_limit", limit=meeting_service.OUTCOME_LIMIT))
        return SUMMARY
    _follow(context)["summary"] = text
    await reply(update, t(lang, "mt.ask_decisions"), [[(plain(lang, "mt.btn_none"), "mn:none")]])
    return DECISIONS


async def outcome_decisions(update: Update, context: Context) -> int:
    lang = await _lang(update, context)
    if update.callback_query is not None:
        await ack(update)
        _follow(context)["decisions"] = None
    elif not visible(_text(update)):
        return await _invisible(update, context, DECISIONS)
    else:
        _follow(context)["decisions"] = _text(update)
    await reply(update, t(lang, "mt.ask_requests"), [[(plain(lang, "mt.btn_none"), "mn:none")]])
    return REQUESTS


async def outcome_requests(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    lang = await _lang(update, context)
    follow = _follow(context)
    if update.callback_query is not None:
        await ack(update)
        requests = None
    elif not visible(_text(update)):
        return await _invisible(update, context, REQUESTS)
    else:
        requests = _text(update)
    try:
        await meeting_service.record_outcome(
            deps_of(context), user.id, int(follow["meeting_id"]), follow["summary"], follow.get("decisions"),
            requests,
        )  # fmt: skip
    except (Refused, KeyError) as problem:
        await reply(update, t(lang, problem.key if isinstance(problem, Refused) else "button.expired"))
        return _finish(context)
    await reply(update, t(lang, "mt.outcome_saved"))
    return _finish(context)


async def move_time(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = deps_of(context)
    lang = await _lang(update, context)
    starts = meeting_time.parse_when(_text(update), deps.clock.now(), deps.settings.zone)
    if starts is None:
        await reply(update, t(lang, "mt.time_unreadable"))
        return MOVE_TIME
    try:
        await meeting_service.move(deps, user.id, int(_follow(context)["meeting_id"]), starts)
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return MOVE_TIME if refusal.key.startswith("mt.time") else _finish(context)
    await reply(update, t(lang, "mt.move_done"))
    return _finish(context)


async def comment(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    lang = await _lang(update, context)
    follow = _follow(context)
    decision = "changes" if follow.get("kind") == "ch" else "declined"
    if not visible(_text(update)):
        return await _invisible(update, context, COMMENT)
    try:
        await meeting_service.respond(
            deps_of(context), user.id, int(follow["meeting_id"]), decision, _text(update)
        )
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return COMMENT if refusal.key == "mt.comment_limit" else _finish(context)
    await reply(update, t(lang, "mt.responded"))
    return _finish(context)


def _finish(context: Context) -> int:
    if context.user_data is not None:
        context.user_data.pop(FOLLOW, None)
    return ConversationHandler.END


async def follow_cancel(update: Update, context: Context) -> int:
    await reply(update, t(await _lang(update, context), "cancel.done"))
    return _finish(context)


async def follow_hint(update: Update, context: Context) -> None:
    await reply(update, t(await _lang(update, context), "rep.text_hint"))


def build_followups() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="meeting_followup",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CallbackQueryHandler(private_button(follow_begin), pattern=r"^(mo:\d+|mv:\d+|mw:(ch|dc):\d+)$")
        ],
        states={
            SUMMARY: [MessageHandler(text, outcome_summary)],
            DECISIONS: [
                MessageHandler(text, outcome_decisions),
                CallbackQueryHandler(private_button(outcome_decisions), pattern=r"^mn:none$"),
            ],
            REQUESTS: [
                MessageHandler(text, outcome_requests),
                CallbackQueryHandler(private_button(outcome_requests), pattern=r"^mn:none$"),
            ],
            MOVE_TIME: [MessageHandler(text, move_time)],
            COMMENT: [MessageHandler(text, comment)],
        },
        fallbacks=[
            CommandHandler("cancel", follow_cancel),
            MessageHandler(private & ~filters.COMMAND, follow_hint),
        ],
    )


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("meetings", list_meetings, filters=private),
    ]


def buttons() -> list[object]:
    return [
        CallbackQueryHandler(staff_button, pattern=r"^ms:(ap|sp|su|bk|ch|dc):\d+(:[a-z]+)?$"),
        CallbackQueryHandler(rsvp_button, pattern=r"^mr:\d+:[a-z]+$"),
        CallbackQueryHandler(calendar_button, pattern=r"^mi:\d+$"),
        CallbackQueryHandler(private_button(cancel_button), pattern=r"^mx:\d+(:y)?$"),
        CallbackQueryHandler(private_button(list_meetings), pattern=r"^m:meetings$"),
    ]
