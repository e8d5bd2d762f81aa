"""Every handler of every feature (and of the front door, app/home.py), registered here in one
deliberate order, and the kinds of update they answer.

Order matters: within a group python-telegram-bot gives an update to the first handler that
accepts it.
1. Stand-alone commands (/help, /myreports, /invite, /open, ...): they work at any moment,
   even in the middle of a conversation, which then simply continues.
2. Conversations (registration, report, staff actions): a volunteer halfway through a report
   has their text taken as an answer; an unexpected command gets a hint.
3. Buttons that are not part of a conversation (alert buttons, approvals, admin lists).
4. Last, the answer for stale or forged buttons nobody else took.
Then, in a later group so that it sees every update after those handlers ran: settling the
question a form answered with a button (ui.flow.settle).
"""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import Application, BaseHandler
from telegram.warnings import PTBUserWarning

from app import home
from features.campaigns import flow as campaigns
from features.centres import admin, area_review
from features.insight import flow as insight
from features.meetings import commands as meetings
from features.meetings import followups as meeting_followups
from features.meetings import propose as meeting_propose
from features.nudges import settings
from features.privacy import flow as privacy
from features.reports import form as report
from features.reports import mine as my_reports
from features.reports import staff
from features.reports import staff_form as staff_actions
from features.volunteers import approval, registration
from ui import flow

# Our conversations mix buttons and text on purpose and key them per user and chat, which is
# what python-telegram-bot's per_message=False means; its reminder about that is expected.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

# The kinds of update the handlers below answer, and all that Telegram is asked for (getUpdates
# and setWebhook): messages, button presses, and the bot's own membership of a group. Not edited
# messages: an edit made to an earlier message must not be taken as the answer to the question
# asked now (tests/test_webhook.py checks this list against the registered handlers).
UPDATE_TYPES: tuple[str, ...] = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER)


def register(app: Application) -> None:  # type: ignore[type-arg]
    ordered: list[object] = [
        *home.commands(),
        *my_reports.commands(),
        *admin.commands(),
        *area_review.commands(),
        *staff.commands(),
        *meetings.commands(),
        *privacy.commands(),
        *insight.commands(),
        *settings.commands(),
        registration.build(),
        report.build(),
        staff_actions.build(),
        campaigns.build(),
        meeting_propose.build(),
        meeting_followups.build(),
        *home.buttons(),
        *my_reports.buttons(),
        *meetings.buttons(),
        *settings.buttons(),
        *privacy.buttons(),
        *admin.buttons(),
        *area_review.buttons(),
        *staff.buttons(),
        *approval.buttons(),
        *home.last_resort(),
    ]
    for handler in ordered:
        assert isinstance(handler, BaseHandler)
        app.add_handler(handler)
    app.add_handler(flow.settle_handler(), group=1)
    app.add_error_handler(home.on_error)
