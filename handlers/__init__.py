"""Telegram-facing flows, one module per feature, all registered here in one deliberate order.

Order matters: within a group python-telegram-bot gives an update to the first handler that
accepts it. Conversations come first, so that a volunteer halfway through a report has their
text taken as an answer, not as something else; the catch-all for stale buttons comes last.
"""

from __future__ import annotations

from telegram.ext import Application, BaseHandler

from handlers import admin, general, registration, report, staff


def register(app: Application) -> None:  # type: ignore[type-arg]
    ordered: list[object] = [
        registration.build(),
        report.build(),
        staff.build_actions(),
        *staff.handlers(),
        *admin.handlers(),
        *general.handlers(),
        *general.last_resort(),
    ]
    for handler in ordered:
        assert isinstance(handler, BaseHandler)
        app.add_handler(handler)
    app.add_error_handler(general.on_error)
