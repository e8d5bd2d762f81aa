"""Campaigns: a centre's staff write once to every approved volunteer of their 동 (for example
the winter and summer 위기가구 전수조사 calls).

Confirming records, in one transaction, the campaign, one outbox row per recipient (bulk
priority, so alerts are never held back by it) and the author's progress message. The sender
then delivers them within Telegram's limits and, as rows go out, edits the progress message
("1,200 / 3,400 sent"). Because the rows are in the database, a restart resumes where it
stopped and sends nobody the message twice (see README, Reliability, for the one window a hard
kill leaves).
"""

from __future__ import annotations

from dataclasses import dataclass

from core import audit, render
from core.clock import from_db
from core.deps import Deps
from core.errors import Refused, denied
from core.quiet import quiet_release
from core.settings import Settings
from messages import t
from messages.length import units
from storage import access_log, campaigns, centres, outbox, users
from storage.db import Database, Tx
from storage.recipients import chat_language

TEXT_LIMIT = 3000  # UTF-16 units; leaves room for the header within Telegram's 4,096


@dataclass(frozen=True)
class Progress:
    campaign_id: int
    total: int
    sent: int
    failed: int

    @property
    def done(self) -> bool:
        return self.sent + self.failed >= self.total


def check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise Refused("cp.empty")
    # Counted as Telegram counts (UTF-16 units: an emoji is two), or a text "under the limit"
    # would make the preview and every volunteer's message too long to send.
    if units(text) > TEXT_LIMIT:
        raise Refused("cp.too_long", limit=TEXT_LIMIT, count=units(text))
    return text


async def _require_staff(tx: Tx, user_id: int, area_code: str) -> None:
    if not await centres.is_staff(tx, user_id, area_code):
        raise denied(user_id, area_code=area_code)


async def recipient_count(deps: Deps, user_id: int, area_code: str) -> int:
    async with audit.audited(deps.db, deps.now) as tx:
        await _require_staff(tx, user_id, area_code)
        return len(await users.approved_volunteers(tx, area_code))


def volunteer_text(deps: Deps, lang: str, area_code: str, text: str) -> str:
    """What each volunteer receives (also shown to the author as the preview)."""
    return t(lang, "cp.message", area=render.area_name(deps.areas, area_code), text=text)


def _figures(progress: Progress) -> dict[str, str]:
    return {"sent": f"{progress.sent:,}", "total": f"{progress.total:,}", "failed": f"{progress.failed:,}"}


def held_until(deps: Deps) -> str | None:
    """When quiet hours end, if they hold a campaign confirmed now back (stored form); else None."""
    now = deps.clock.now()
    release = quiet_release(deps, now)
    return release if from_db(release) > now else None


def progress_text(lang: str, progress: Progress, held: str | None = None) -> str:
    """The author's progress line; `held` is when quiet hours end (shown in Korea time)."""
    values = _figures(progress)
    if progress.done:
        return t(lang, "cp.progress_done", **values)
    if held is not None:
        return t(lang, "cp.progress_quiet", when=held, **values)
    return t(lang, "cp.progress", **values)


async def start(deps: Deps, user_id: int, area_code: str, text: str, draft_id: str) -> Progress:
    """Record the campaign and everything it sends. The same draft confirmed twice (a replayed
    press after a restart) records one campaign."""
    text = check_text(text)
    now = deps.now()
    async with audit.audited(deps.db, deps.now) as tx:
        await _require_staff(tx, user_id, area_code)
        existing = await campaigns.by_draft(tx, draft_id)
        if existing is not None:
            return await _progress(tx, existing)
        recipients = await users.approved_volunteers(tx, area_code)
        campaign_id = await campaigns.insert(
            tx, draft_id=draft_id, area_code=area_code, author_id=user_id, text=text,
            recipients=len(recipients), now=now,
        )  # fmt: skip
        held = held_until(deps)
        for volunteer_id, lang in recipients:
            await outbox.enqueue(
                tx, volunteer_id, now, text=volunteer_text(deps, lang, area_code, text),
                dedup_key=f"campaign:{campaign_id}:{volunteer_id}", not_before=held or now,
                priority=outbox.BULK, campaign_id=campaign_id,
            )  # fmt: skip
        progress = Progress(campaign_id, len(recipients), 0, 0)
        lang = await chat_language(tx, user_id, deps.settings.default_language)
        when = render.local_time(lang, held, deps.settings.zone) if held else None
        await outbox.enqueue(
            tx, user_id, now, text=progress_text(lang, progress, when),
            store_ref=f"campaign:{campaign_id}", dedup_key=f"campaign:{campaign_id}:progress",
        )  # fmt: skip
        if not recipients:
            await campaigns.finish(tx, campaign_id, now)
        await access_log.record(
            tx, user_id, "campaign", now, area_code=area_code, detail=f"{campaign_id}:{len(recipients)}"
        )
    deps.wake_sender()
    return progress


async def _progress(tx: Tx, campaign_id: int) -> Progress:
    total = await campaigns.recipient_count(tx, campaign_id)
    counts = await campaigns.outbox_states(tx, campaign_id)
    sent = counts.pop("sent", 0)
    counts.pop("pending", 0)
    # Not delivered for good: blocked the bot (403), refused (400), or left meanwhile.
    return Progress(campaign_id, total, sent, sum(counts.values()))


async def all_handled(tx: Tx, campaign_id: int) -> bool:
    """True when no message of the campaign is still waiting to be sent."""
    return not await campaigns.has_pending(tx, campaign_id)


async def record_progress(tx: Tx, settings: Settings, campaign_id: int, now: str) -> Progress:
    """Edit the author's progress message to the current figures (called by the sender).

    Each figure is recorded once (dedup key), an edit that would not change the message is not
    recorded at all (Telegram refuses it), and the sender skips an edit that a newer one makes
    pointless, so a fast campaign costs a handful of edits, not one per recipient. While the
    campaign is held for quiet hours, the message keeps saying when it starts."""
    progress = await _progress(tx, campaign_id)
    row = await campaigns.author(tx, campaign_id)
    if row is None or row["finished_at"] is not None:
        return progress
    lang = await chat_language(tx, row["author_id"], settings.default_language)
    held = await campaigns.held_until(tx, campaign_id, now) if not progress.done else None
    when = render.local_time(lang, held, settings.zone) if held else None
    text = progress_text(lang, progress, when)
    ref = f"campaign:{campaign_id}"
    if text != await outbox.latest_text(tx, ref):
        await outbox.enqueue(
            tx, row["author_id"], now, text=text, edit_ref=ref, method="edit",
            dedup_key=f"{ref}:edit:{progress.sent}:{progress.failed}:{held or ''}",
        )  # fmt: skip
    if progress.done:
        await campaigns.finish(tx, campaign_id, now)
    return progress


class CampaignBatches:
    """The sender's hook for campaigns (delivery/hooks.py): which are running, and their
    progress message brought up to date."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def running(self, db: Database) -> list[int]:
        return await campaigns.running(db)

    async def all_handled(self, tx: Tx, batch_id: int) -> bool:
        return await all_handled(tx, batch_id)

    async def record_progress(self, tx: Tx, batch_id: int, now: str) -> tuple[int, bool]:
        progress = await record_progress(tx, self.settings, batch_id, now)
        return progress.total, progress.done
