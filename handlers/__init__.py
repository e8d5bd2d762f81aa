"""Telegram-facing flows, one module per feature, all registered here in one deliberate order.

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

from telegram.ext import Application, BaseHandler
from telegram.warnings import PTBUserWarning

from handlers import (
    admin,
    area_review,
    campaigns,
    general,
    insight,
    meeting_followups,
    meeting_propose,
    meetings,
    privacy,
    registration,
    report,
    settings,
    staff,
    staff_actions,
)
from ui import flow

# Our conversations mix buttons and text on purpose and key them per user and chat, which is
# what python-telegram-bot's per_message=False means; its reminder about that is expected.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)


def register(app: Application) -> None:  # type: ignore[type-arg]
    ordered: list[object] = [
        *general.commands(),
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
        *general.buttons(),
        *meetings.buttons(),
        *settings.buttons(),
        *privacy.buttons(),
        *admin.buttons(),
        *area_review.buttons(),
        *staff.buttons(),
        *general.last_resort(),
    ]
    for handler in ordered:
        assert isinstance(handler, BaseHandler)
        app.add_handler(handler)
    app.add_handler(flow.settle_handler(), group=1)
    app.add_error_handler(general.on_error)
