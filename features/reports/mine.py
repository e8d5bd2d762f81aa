"""/myreports: a volunteer's own reports with their public status, nothing more."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from core import callbacks, render
from features.reports import actions as report_service
from messages import t
from ui.common import Context, answer, private_button, reply


async def my_reports(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    if update.callback_query:
        await answer(update.callback_query)
    deps = context.deps
    lang = await context.lang()
    found = await report_service.my_reports(deps, user.id)
    if not found:
        await reply(update, t(lang, "myreports.empty"))
        return
    lines = [t(lang, "myreports.header", count=len(found))]
    for report in found:
        moved = report.area_code != report.origin_area_code
        lines.append(
            t(
                lang,
                "myreports.line",
                ref=report.ref,
                category=render.category(lang, report.category),
                status=render.status(lang, report.status)
                + (f" → {render.area_name(deps.areas, report.area_code)}" if moved else ""),
                date=render.local_time(lang, report.created_at, deps.settings.zone)[:10],
            )
        )
    await reply(update, "\n".join(lines))


def commands() -> list[object]:
    return [CommandHandler("myreports", my_reports, filters=filters.ChatType.PRIVATE)]


def buttons() -> list[object]:
    return [CallbackQueryHandler(private_button(my_reports), pattern=callbacks.MENU_MY_REPORTS.pattern)]
