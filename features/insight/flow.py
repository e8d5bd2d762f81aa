"""/stats and /export for community-centre staff (and admins for /stats)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import CommandHandler, filters

from core import render, staff
from core.errors import Refused
from features.insight import actions as insight
from features.insight.chart import monthly_bars
from messages import plain, t
from messages.text import shorten
from ui.common import Context, refuse, reply


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


async def stats(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    query = " ".join(context.args or []).strip()
    try:
        scope = await insight.scope(deps, user.id, query)
    except Refused as refusal:
        await refuse(update, lang, refusal)
        return
    codes = scope.codes
    if not codes:
        await reply(update, t(lang, "area.none", query=shorten(query)))
        return
    if scope.everything:
        label = plain(lang, "stats.everything")
    elif scope.searched:
        label = shorten(query)  # echoed in the answer and the chart's caption: bounded
    else:
        label = ", ".join(render.area_name(deps.areas, code) for code in codes)
    figures = await insight.stats(deps, codes)
    hours = figures.median_hours_to_take
    categories = ", ".join(f"{render.category(lang, k)} {v}" for k, v in figures.by_category.items()) or "-"
    months = ", ".join(f"{k} {v}" for k, v in figures.by_month.items()) or "-"
    await reply(
        update,
        t(
            lang,
            "stats.text",
            scope=label,
            received=figures.received,
            hours="-" if hours is None else f"{hours:.1f}",
            p7=_percent(figures.resolved_7),
            p14=_percent(figures.resolved_14),
            categories=categories,
            months=months,
            proposed=figures.meetings_proposed,
            held=figures.meetings_held,
            attendance=figures.attendance,
        ),
    )
    chart = monthly_bars(figures.chart_months, lang)
    await context.bot.send_photo(
        user.id, chart, caption=t(lang, "stats.chart_caption", scope=label), filename="golmok-stats.png"
    )


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _period(args: list[str], now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The export period: the last 30 days, a month (2026-11), or two dates (inclusive)."""
    if not args:
        return now - timedelta(days=30), now + timedelta(seconds=1)
    try:
        if len(args) == 1 and (match := _MONTH.match(args[0])):
            year, month = int(match.group(1)), int(match.group(2))
            start = datetime(year, month, 1, tzinfo=zone)
            end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
            return start, end
        if len(args) == 2 and all(_DAY.match(a) for a in args):
            start = datetime.strptime(args[0], "%Y-%m-%d").replace(tzinfo=zone)
            end = datetime.strptime(args[1], "%Y-%m-%d").replace(tzinfo=zone) + timedelta(days=1)
            return (start, end) if start < end else None
    except ValueError:
        return None
    return None


async def export(update: Update, context: Context) -> None:
    user = update.effective_user
    assert user is not None
    deps = context.deps
    lang = await context.lang()
    period = _period(list(context.args or []), deps.clock.now(), deps.settings.zone)
    if period is None:
        await reply(update, t(lang, "export.usage"))
        return
    try:
        codes = await staff.areas_or_refuse(deps, user.id)
        for code in codes:
            data = await insight.export_csv(deps, user.id, code, *period)
            name = render.area_name(deps.areas, code)
            start = period[0].astimezone(deps.settings.zone).strftime("%Y%m%d")
            await context.bot.send_document(
                user.id,
                data,
                filename=f"golmok-{code}-{start}.csv",
                caption=t(lang, "export.caption", area=name),
            )
    except Refused as refusal:
        await refuse(update, lang, refusal)


def commands() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("stats", stats, filters=private),
        CommandHandler("export", export, filters=private),
    ]
