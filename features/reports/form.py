"""/report: flag a neighbour, step by step, with a preview before anything is sent.

The draft lives in user_data (persisted to SQLite with the conversation state), so a restart
in the middle resumes at the same step with everything entered so far.
"""

from __future__ import annotations

import uuid

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core import callbacks, render
from core.errors import Refused
from features.reports import actions as report_service
from messages import plain, t
from messages.text import visible
from ui.common import (
    Context,
    answer,
    clear_buttons,
    message_of,
    private_button,
    reply,
)
from ui.flow import DraftFlow, ack

DANGER, CATEGORY, AREA, AREA_SEARCH, PLACE, DESCRIPTION, PHOTO, CONTACT, PREVIEW, EDIT = range(10)
DRAFT = "report"
# Refusals of submit that no edit of the draft can cure.
INELIGIBLE = ("person.not_registered", "person.notice_changed", "rep.blocked", "rep.limit_reached")


# --- questions -----------------------------------------------------------------------------


async def ask(update: Update, context: Context, state: int) -> int:
    lang = await context.lang()
    draft = FLOW.draft(context)
    if state == DANGER:
        await FLOW.question(
            update,
            context,
            t(lang, "rep.emergency_q"),
            [
                [(plain(lang, "rep.btn_danger_yes"), callbacks.REPORT_DANGER.pack(answer="yes"))],
                [(plain(lang, "rep.btn_danger_no"), callbacks.REPORT_DANGER.pack(answer="no"))],
            ],
        )
    elif state == CATEGORY:
        keys = render.CATEGORIES
        rows = [
            [
                (render.category(lang, a), callbacks.REPORT_CATEGORY.pack(category=a)),
                (render.category(lang, b), callbacks.REPORT_CATEGORY.pack(category=b)),
            ]
            for a, b in zip(keys[::2], keys[1::2], strict=True)
        ]
        await FLOW.question(update, context, t(lang, "rep.ask_category"), rows)
    elif state == AREA:
        home = draft.get("area_code") or draft.get("home_area")
        rows = []
        if home:
            name = render.area_name(context.deps.areas, home)
            rows.append([(plain(lang, "form.btn_area_keep", area=name), callbacks.AREA_PICK.pack(area=home))])
        rows.append([(plain(lang, "form.btn_area_other"), callbacks.AREA_OTHER.pack())])
        await FLOW.question(update, context, t(lang, "rep.ask_area"), rows)
    elif state == AREA_SEARCH:
        await FLOW.question(update, context, t(lang, "form.ask_area_search"))
    elif state == PLACE:
        await FLOW.question(update, context, t(lang, "rep.ask_place"))
    elif state == DESCRIPTION:
        await FLOW.question(
            update, context, t(lang, "rep.ask_description", limit=report_service.DESCRIPTION_LIMIT)
        )
    elif state == PHOTO:
        await FLOW.question(
            update,
            context,
            t(lang, "rep.ask_photo"),
            [[(plain(lang, "rep.btn_skip_photo"), callbacks.REPORT_NO_PHOTO.pack())]],
        )
    elif state == CONTACT:
        await FLOW.question(
            update,
            context,
            t(lang, "rep.ask_contact"),
            [
                [(plain(lang, "rep.btn_contact_ok"), callbacks.REPORT_CONTACT.pack(answer="yes"))],
                [(plain(lang, "rep.btn_anonymous"), callbacks.REPORT_CONTACT.pack(answer="no"))],
            ],
        )
    elif state == PREVIEW:
        await _preview(update, context, lang)
    return state


async def _preview(update: Update, context: Context, lang: str) -> None:
    draft = FLOW.draft(context)
    deps = context.deps
    place = draft.get("place_text") or plain(lang, "form.location_shared")
    text = t(
        lang,
        "rep.preview",
        category=render.category(lang, draft["category"]),
        area=render.area_full(deps.areas, draft["area_code"]),
        place=place,
        description=draft["description"],
        photo=plain(lang, "rep.photo_yes" if draft.get("photo_file_id") else "rep.photo_no"),
        contact=plain(lang, "rep.contact_yes" if draft["contact_ok"] else "rep.contact_no"),
    )
    await FLOW.question(
        update,
        context,
        text,
        [
            [(plain(lang, "form.btn_send"), callbacks.REPORT_SEND.pack())],
            [
                (plain(lang, "form.btn_edit"), callbacks.REPORT_EDIT.pack()),
                (plain(lang, "form.btn_cancel"), callbacks.REPORT_CANCEL.pack()),
            ],
        ],
    )


# --- steps ---------------------------------------------------------------------------------


async def begin(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    if update.callback_query is not None:
        await answer(update.callback_query)
    try:
        home_area = await report_service.start(deps, user.id)
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return ConversationHandler.END
    context.user_data[DRAFT] = {  # type: ignore[index]
        "draft_id": uuid.uuid4().hex,
        "home_area": home_area,
    }
    return await ask(update, context, DANGER)


async def danger(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    await ack(update, context)
    if query.data == callbacks.REPORT_DANGER.pack(answer="yes"):
        await FLOW.settle(update, context)  # the advice comes below the answered question
        await reply(update, t(await context.lang(), "rep.danger_call"))
    return await ask(update, context, CATEGORY)


async def category(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    key = (query.data or "").partition(":")[2]
    if key not in render.CATEGORIES:
        await answer(query, await context.lang(), "button.expired")
        return CATEGORY
    await ack(update, context)
    FLOW.draft(context)["category"] = key
    return await FLOW.next(update, context, AREA)


async def description(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text.strip()
    if not visible(text):
        # Only blanks or zero-width characters: refused here, not at the send button (as "0 characters").
        await reply(update, t(await context.lang(), "text.invisible"))
        return DESCRIPTION
    if len(text) > report_service.DESCRIPTION_LIMIT:
        # Refused whole, never cut: the volunteer decides what to leave out.
        lang = await context.lang()
        await reply(
            update,
            t(lang, "rep.description_too_long", limit=report_service.DESCRIPTION_LIMIT, count=len(text)),
        )
        return DESCRIPTION
    FLOW.draft(context)["description"] = text
    return await FLOW.next(update, context, PHOTO)


async def photo(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.photo
    FLOW.draft(context)["photo_file_id"] = message.photo[-1].file_id
    return await FLOW.next(update, context, CONTACT)


async def photo_skip(update: Update, context: Context) -> int:
    await ack(update, context)
    FLOW.draft(context)["photo_file_id"] = None
    return await FLOW.next(update, context, CONTACT)


async def contact(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    await ack(update, context)
    FLOW.draft(context)["contact_ok"] = query.data == callbacks.REPORT_CONTACT.pack(answer="yes")
    return await ask(update, context, PREVIEW)


async def send(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    lang = await context.lang()
    draft = FLOW.draft(context)
    try:
        submission = report_service.Draft(
            draft_id=draft["draft_id"],
            category=draft["category"],
            area_code=draft["area_code"],
            place_text=draft.get("place_text"),
            latitude=draft.get("latitude"),
            longitude=draft.get("longitude"),
            description=draft["description"],
            photo_file_id=draft.get("photo_file_id"),
            contact_ok=bool(draft["contact_ok"]),
        )
    except KeyError:
        await answer(query, lang, "button.expired")
        return ConversationHandler.END
    try:
        preview = message_of(update).message_id
        await report_service.submit(context.deps, user.id, submission, preview)
    except Refused as refusal:
        if refusal.key not in INELIGIBLE:
            await answer(query, lang, refusal.key, alert=True, **refusal.values)
            return PREVIEW
        # No longer allowed to send (blocked, new privacy notice, daily limit) since the draft
        # was started: say so in the chat, where it stays, and close the draft.
        await answer(query)
        await clear_buttons(update)
        await reply(update, t(lang, refusal.key, **refusal.values))
        context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
        return ConversationHandler.END
    # The receipt and the preview's buttons coming off go through the outbox, recorded with the
    # report itself, behind its alert.
    await answer(query)
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    return ConversationHandler.END


# --- unexpected input ----------------------------------------------------------------------


FLOW = DraftFlow(
    DRAFT,
    ask,
    PREVIEW,
    area=AREA,
    area_search=AREA_SEARCH,
    place=PLACE,
    after_place=DESCRIPTION,
    place_limit=report_service.PLACE_LIMIT,
    allow_retired_area=True,
    edit=EDIT,
    fields={
        "category": CATEGORY,
        "area": AREA,
        "place": PLACE,
        "description": DESCRIPTION,
        "photo": PHOTO,
        "contact": CONTACT,
    },
    field_label="rep.field_",
    field_button=callbacks.REPORT_FIELD,
    per_row=3,
)


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    other = private & ~filters.COMMAND
    return ConversationHandler(
        name="report",
        persistent=True,
        entry_points=[
            CommandHandler("report", begin, filters=private),
            CallbackQueryHandler(private_button(begin), pattern=callbacks.MENU_REPORT.pattern),
        ],
        states={
            DANGER: [
                CallbackQueryHandler(FLOW.button(danger), pattern=callbacks.REPORT_DANGER.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", DANGER)),
            ],
            CATEGORY: [
                CallbackQueryHandler(FLOW.button(category), pattern=callbacks.REPORT_CATEGORY.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", CATEGORY)),
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
            DESCRIPTION: [
                MessageHandler(text, description),
                MessageHandler(other, FLOW.hint("form.text_hint", DESCRIPTION)),
            ],
            PHOTO: [
                MessageHandler(private & filters.PHOTO, photo),
                CallbackQueryHandler(FLOW.button(photo_skip), pattern=callbacks.REPORT_NO_PHOTO.pattern),
                MessageHandler(other, FLOW.hint("rep.photo_hint", PHOTO)),
            ],
            CONTACT: [
                CallbackQueryHandler(FLOW.button(contact), pattern=callbacks.REPORT_CONTACT.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", CONTACT)),
            ],
            PREVIEW: [
                CallbackQueryHandler(FLOW.button(send), pattern=callbacks.REPORT_SEND.pattern),
                CallbackQueryHandler(FLOW.button(FLOW.edit), pattern=callbacks.REPORT_EDIT.pattern),
                CallbackQueryHandler(FLOW.button(FLOW.abandon), pattern=callbacks.REPORT_CANCEL.pattern),
                MessageHandler(other, FLOW.hint("form.button_hint", PREVIEW)),
            ],
            EDIT: [
                CallbackQueryHandler(FLOW.button(FLOW.edit_field), pattern=callbacks.REPORT_FIELD.pattern),
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
                    callbacks.REPORT_DANGER,
                    callbacks.REPORT_CATEGORY,
                    callbacks.REPORT_NO_PHOTO,
                    callbacks.REPORT_CONTACT,
                    callbacks.REPORT_SEND,
                    callbacks.REPORT_FIELD,
                ),
            ),
            MessageHandler(private & filters.COMMAND, FLOW.command_hint),
        ],
    )
