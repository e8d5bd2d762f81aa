"""/start and volunteer registration: privacy notice and consent, name, phone, home dong."""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from core import callbacks, people, render, staff
from core.errors import Refused
from features.volunteers import actions as volunteers
from messages import Raw, plain, t
from messages.text import clean_name, visible
from storage.outbox import Keyboard
from ui import area_picker as area_step
from ui import deeplinks, menus
from ui.common import (
    Context,
    answer,
    clear_buttons,
    private_button,
    refuse_press,
    reply,
)
from ui.flow import ASKED, ask_in_form, form_button, remember, retire

CONSENT, NAME, PHONE, AREA, NEWS = range(5)
DRAFT = "registration"
NOTICE_SHOWN = "notice_shown"  # the notice version the consent question showed
PRESET = "preset_area"  # the dong a registration link chose


def menu(lang: str, registered: bool) -> Keyboard:
    if registered:
        return [
            [
                (plain(lang, "menu.report"), callbacks.MENU_REPORT.pack()),
                (plain(lang, "menu.myreports"), callbacks.MENU_MY_REPORTS.pack()),
            ],
            [
                (plain(lang, "menu.meeting"), callbacks.MENU_MEETING.pack()),
                (plain(lang, "menu.meetings"), callbacks.MENU_MEETINGS.pack()),
            ],
            [(plain(lang, "menu.language"), callbacks.MENU_LANGUAGE.pack())],
        ]
    return [
        [
            (plain(lang, "menu.register"), callbacks.MENU_REGISTER.pack()),
            (plain(lang, "menu.language"), callbacks.MENU_LANGUAGE.pack()),
        ]
    ]


async def start(update: Update, context: Context) -> int:
    """Greeting; for a newcomer it goes straight on to the privacy notice. Started from a link
    (ui/deeplinks.py): a staff invite enrols at once; a centre's registration link chooses
    the dong for the registration that follows."""
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    payload = context.args[0] if context.args else ""
    if await deeplinks.take_invite(update, context, payload):  # a staff invite: the centres' part
        return ConversationHandler.END
    linked = deeplinks.dong_code(payload)
    preset = deps.areas.current(linked) if linked else None
    person = await people.touch(deps, user.id, lang, user.full_name, user.username)
    if deps.is_admin(user.id) or await staff.areas_of(deps, user.id):
        await menus.publish_person(context.bot, deps, user.id)  # now that Telegram knows the chat
    greeting = t(lang, "start.greeting", name=user.first_name, emergency=Raw(t(lang, "emergency.note")))
    if person.registered and people.consent_current(person.consent_version):
        await reply(update, greeting + "\n\n" + t(lang, "start.registered"), menu(lang, True))
        return ConversationHandler.END
    # A newcomer, or a volunteer who agreed to an older notice: (again) the notice first.
    await reply(update, greeting)
    state = await show_notice(update, context)
    if preset is not None and not person.registered:
        context.user_data[DRAFT][PRESET] = preset  # type: ignore[index]
    return state


async def show_notice(update: Update, context: Context) -> int:
    lang = await context.lang()
    if update.callback_query:
        await answer(update.callback_query)
    # Starting again: the question of the registration begun before is no longer live.
    earlier = context.user_data.get(DRAFT)  # type: ignore[union-attr]
    if isinstance(earlier, dict):
        await retire(update, context, earlier)
    context.user_data[DRAFT] = {}  # type: ignore[index]
    return await _ask_consent(update, context, lang)


async def _ask_consent(update: Update, context: Context, lang: str) -> int:
    # What is agreed to is the notice shown here, not whatever is current when the press arrives.
    context.user_data[DRAFT][NOTICE_SHOWN] = people.PRIVACY_NOTICE_VERSION  # type: ignore[index]
    await ask_in_form(
        update,
        context,
        context.user_data[DRAFT],  # type: ignore[index]
        t(
            lang,
            "reg.notice",
            version=people.PRIVACY_NOTICE_VERSION,
            retention_days=context.deps.settings.volunteer_inactive_days,
        ),
        [
            [
                (plain(lang, "reg.btn_agree"), callbacks.CONSENT.pack(answer="yes")),
                (plain(lang, "reg.btn_decline"), callbacks.CONSENT.pack(answer="no")),
            ]
        ],
    )
    return CONSENT


async def register_command(update: Update, context: Context) -> int:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    person = await people.touch(deps, user.id, lang, user.full_name, user.username)
    if person.registered:
        if update.callback_query:
            await answer(update.callback_query)
        await reply(update, t(lang, "reg.already"))
        return ConversationHandler.END
    return await show_notice(update, context)


async def consent(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    lang = await context.lang()
    await answer(query)
    await clear_buttons(update)
    user = update.effective_user
    assert user is not None
    deps = context.deps
    person = await people.touch(deps, user.id, lang, user.full_name, user.username)
    shown = (context.user_data.get(DRAFT) or {}).get(NOTICE_SHOWN, people.NOTICE_OF_OLDER_FORMS)  # type: ignore[union-attr]
    if person.registered:  # agreeing (or not) to a changed notice
        context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
        if query.data == "rg:no":
            await reply(update, t(lang, "reg.reconsent_declined"))
            return ConversationHandler.END
        try:
            await volunteers.renew_consent(deps, user.id, shown)
        except Refused as refusal:
            await reply(update, t(lang, refusal.key, **refusal.values))
            return ConversationHandler.END
        await reply(
            update, t(lang, "reg.reconsent_done", version=people.PRIVACY_NOTICE_VERSION), menu(lang, True)
        )
        return ConversationHandler.END
    if query.data == "rg:no":
        context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
        await reply(update, t(lang, "reg.declined"))
        return ConversationHandler.END
    preset = (context.user_data.get(DRAFT) or {}).get(PRESET)  # type: ignore[union-attr]
    # The notice they agreed to: if it changes before the form is done, registering asks again.
    context.user_data[DRAFT] = {  # type: ignore[index]
        "consent_at": deps.now(), "consent_version": shown, ASKED: 0,
    }  # fmt: skip
    if preset:
        context.user_data[DRAFT][PRESET] = preset  # type: ignore[index]
    await reply(update, t(lang, "reg.ask_name"))
    return NAME


async def consent_hint(update: Update, context: Context) -> int:
    lang = await context.lang()
    context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]
    return await _ask_consent(update, context, lang)


def _phone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(plain(lang, "reg.btn_share_phone"), request_contact=True)],
            [KeyboardButton(plain(lang, "reg.btn_skip"))],
        ],
        one_time_keyboard=True,
        resize_keyboard=True,
    )


async def name(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    lang = await context.lang()
    # Staff read this name: control and bidi characters are taken out, and a name of only
    # invisible characters (a Hangul filler, U+3000) is no name.
    text = clean_name(message.text)
    if not visible(text) or len(text) > volunteers.NAME_LIMIT or not any(ch.isalnum() for ch in text):
        await reply(update, t(lang, "reg.bad_name"))
        return NAME
    context.user_data[DRAFT]["display_name"] = text  # type: ignore[index]
    await reply(update, t(lang, "reg.ask_phone"), reply_markup=_phone_keyboard(lang))
    return PHONE


async def name_hint(update: Update, context: Context) -> int:
    lang = await context.lang()
    await reply(update, t(lang, "reg.bad_name"))
    return NAME


async def phone(update: Update, context: Context) -> int:
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    lang = await context.lang()
    draft = context.user_data[DRAFT]  # type: ignore[index]
    if message.contact is not None:
        if message.contact.user_id != user.id:
            await reply(update, t(lang, "reg.phone_not_own"), reply_markup=_phone_keyboard(lang))
            return PHONE
        draft["phone"] = message.contact.phone_number
    elif message.text and message.text.strip() in {plain(code, "reg.btn_skip") for code in ("ko", "en")}:
        draft["phone"] = None
    else:
        await reply(update, t(lang, "reg.phone_hint"), reply_markup=_phone_keyboard(lang))
        return PHONE
    preset = context.deps.areas.get(draft.get(PRESET) or "")
    if preset is not None:  # started from the centre's registration link
        draft["home_area"] = preset.code
        text = t(lang, "reg.area_from_link", area=preset.full_name)
        await reply(update, text, reply_markup=ReplyKeyboardRemove())
        return await _ask_news(update, context, lang)
    await reply(update, t(lang, "reg.ask_area"), reply_markup=ReplyKeyboardRemove())
    return AREA


async def area_text(update: Update, context: Context) -> int:
    # The dong found are the question now; an earlier list is no longer live.
    draft = context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]
    await retire(update, context, draft)
    remember(draft, await area_step.offer(update, context, callbacks.AREA_PICK), True)
    return AREA


async def area_hint(update: Update, context: Context) -> int:
    lang = await context.lang()
    await reply(update, t(lang, "area.hint"))
    return AREA


async def area_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    lang = await context.lang()
    area = area_step.picked(context, query.data)
    draft = context.user_data.get(DRAFT) or {}  # type: ignore[union-attr]
    if area is None or "display_name" not in draft or "consent_at" not in draft:
        await answer(query, lang, "button.expired")
        return AREA
    await answer(query)
    await clear_buttons(update)
    draft["home_area"] = area.code
    draft[ASKED] = 0  # its buttons just came off
    return await _ask_news(update, context, lang)


async def _ask_news(update: Update, context: Context, lang: str) -> int:
    await ask_in_form(
        update,
        context,
        context.user_data.setdefault(DRAFT, {}),  # type: ignore[union-attr]
        t(lang, "reg.ask_news"),
        [
            [
                (plain(lang, "reg.btn_news_yes"), callbacks.NEWS.pack(answer="yes")),
                (plain(lang, "reg.btn_news_no"), callbacks.NEWS.pack(answer="no")),
            ]
        ],
    )
    return NEWS


async def news_chosen(update: Update, context: Context) -> int:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    deps = context.deps
    lang = await context.lang()
    draft = context.user_data.get(DRAFT) or {}  # type: ignore[union-attr]
    area = deps.areas.get(draft.get("home_area", ""))
    if area is None or "display_name" not in draft or "consent_at" not in draft:
        await answer(query, lang, "button.expired")
        return NEWS
    await answer(query)
    await clear_buttons(update)
    try:
        await volunteers.register(
            deps,
            user.id,
            volunteers.Registration(
                display_name=draft["display_name"],
                phone=draft.get("phone"),
                home_area=area.code,
                consent_version=draft.get("consent_version", people.NOTICE_OF_OLDER_FORMS),
                consent_at=draft["consent_at"],
                meeting_news=query.data == callbacks.NEWS.pack(answer="yes"),
            ),
        )
    except Refused as refusal:
        await reply(update, t(lang, refusal.key, **refusal.values))
        return NEWS
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await reply(
        update,
        t(lang, "reg.done", name=draft["display_name"], area=render.area_name(deps.areas, area.code)),
        menu(lang, True),
    )
    return ConversationHandler.END


async def news_hint(update: Update, context: Context) -> int:
    return await _ask_news(update, context, await context.lang())


async def cancel(update: Update, context: Context) -> int:
    lang = await context.lang()
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await reply(update, t(lang, "cancel.done"), reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


async def stale(update: Update, context: Context) -> None:
    """A registration button of another step: registration stays at the question it is at."""
    await refuse_press(update, context, "button.old", "a button of another step")


async def command_hint(update: Update, context: Context) -> None:
    lang = await context.lang()
    await reply(update, t(lang, "form.command_hint"))


def build() -> ConversationHandler:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="registration",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CommandHandler("start", start, filters=private),
            CommandHandler("register", register_command, filters=private),
            CallbackQueryHandler(private_button(register_command), pattern=callbacks.MENU_REGISTER.pattern),
        ],
        states={
            CONSENT: [
                CallbackQueryHandler(form_button(DRAFT, consent), pattern=callbacks.CONSENT.pattern),
                MessageHandler(private & ~filters.COMMAND, consent_hint),
            ],
            NAME: [
                MessageHandler(private & text, name),
                MessageHandler(private & ~filters.COMMAND, name_hint),
            ],
            PHONE: [MessageHandler(private & ~filters.COMMAND, phone)],
            AREA: [
                MessageHandler(private & text, area_text),
                CallbackQueryHandler(form_button(DRAFT, area_chosen), pattern=callbacks.AREA_PICK.pattern),
                MessageHandler(private & ~filters.COMMAND, area_hint),
            ],
            NEWS: [
                CallbackQueryHandler(form_button(DRAFT, news_chosen), pattern=callbacks.NEWS.pattern),
                MessageHandler(private & ~filters.COMMAND, news_hint),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            # This form's own buttons of another step (not the shared dong picker's ar:/ra:,
            # which another form under way may be asking for).
            CallbackQueryHandler(stale, pattern=callbacks.stale_of(callbacks.CONSENT, callbacks.NEWS)),
            MessageHandler(private & filters.COMMAND, command_hint),
        ],
    )
