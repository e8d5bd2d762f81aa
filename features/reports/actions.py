"""A volunteer's reports: may they report, submit (stored once, routed, receipted), their list.
Staff actions: staff_cases.py; alerts and the reporter's notices: alerts.py."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import people, render
from core.clock import to_db
from core.deps import Deps
from core.errors import Refused
from features.reports import jobs as report_jobs
from features.reports.alerts import enqueue_alert
from messages import t
from messages.text import visible
from storage import outbox, reports, users
from storage.db import Tx
from storage.reports import Report
from storage.users import User

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 1000
PLACE_LIMIT = 200


@dataclass(frozen=True)
class Draft:
    """What a volunteer entered, as the report conversation collected it."""

    draft_id: str
    category: str
    area_code: str
    place_text: str | None
    latitude: float | None
    longitude: float | None
    description: str
    photo_file_id: str | None
    contact_ok: bool


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool


# --- volunteers ----------------------------------------------------------------------------


async def submit(deps: Deps, user_id: int, draft: Draft, preview_message_id: int | None = None) -> Submitted:
    """Store the report, the volunteer's receipt and the staff alert in one transaction.

    The draft id makes this idempotent: a confirm processed twice (a replayed update, a double
    press) finds the report it already made. `preview_message_id`: the preview whose send button
    was pressed; its buttons come off through the outbox too, after the alert (the alert, which
    a person in crisis waits on, goes first in a burst of confirms).
    """
    if not visible(draft.description) or (draft.place_text is not None and not visible(draft.place_text)):
        raise Refused("text.invisible")  # a draft from before the steps checked: say why
    if len(draft.description) > DESCRIPTION_LIMIT:
        raise Refused("rep.description_too_long", limit=DESCRIPTION_LIMIT, count=len(draft.description))
    # A 동 that only got a new code since the draft was started goes under its new code; one
    # that was split or merged keeps its old code and its alert goes to the admins (see
    # enqueue_alert): a report is never refused because the table changed under it.
    area_code = deps.areas.current(draft.area_code)
    if area_code is None and deps.areas.retired(draft.area_code) is not None:
        area_code = draft.area_code
    if area_code is None:
        raise Refused("area.hint")
    now_dt = deps.clock.now()
    now = deps.now()
    async with deps.db.transaction() as tx:
        existing = await reports.by_draft(tx, draft.draft_id)
        if existing is not None:
            return Submitted(existing, created=False)
        # Checked again here, in the transaction that stores the report, and not only when the
        # draft was started: a block, a new privacy notice or the daily limit may have come since.
        user = await _may_report(tx, deps, user_id, now_dt)
        year = now_dt.astimezone(deps.settings.zone).year
        prefix = f"{render.area_ref(deps.areas, area_code)}-{year}-"
        seq = await reports.next_sequence(tx, area_code, year)
        # A 동 whose label an older one had (a split 소사본동 and the new one), or two codes
        # merged into one, may have handed out this number already: never reuse a ref.
        while await reports.by_ref(tx, f"{prefix}{seq:04d}") is not None:
            seq = await reports.next_sequence(tx, area_code, year)
        ref = f"{prefix}{seq:04d}"
        report_id = await reports.insert(
            tx,
            ref=ref,
            draft_id=draft.draft_id,
            area_code=area_code,
            origin_area_code=area_code,
            reporter_id=user_id,
            reporter_verified=int(user.approved),
            contact_ok=int(draft.contact_ok),
            category=draft.category,
            place_text=draft.place_text,
            latitude=draft.latitude,
            longitude=draft.longitude,
            description=draft.description,
            photo_file_id=draft.photo_file_id,
            created_at=now,
            updated_at=now,
        )
        report = await reports.get(tx, report_id)
        assert report is not None
        await reports.add_event(tx, report_id, user_id, "created", None, now)
        await outbox.enqueue(
            tx,
            user_id,
            now,
            text=t(user.lang, "rep.receipt", ref=ref, area=render.area_name(deps.areas, report.area_code)),
            dedup_key=f"receipt:{report_id}",
        )
        await enqueue_alert(tx, deps, report, now)
        if preview_message_id is not None:
            await outbox.enqueue(
                tx, user_id, now, method="markup", payload={"message_id": preview_message_id},
                dedup_key=f"preview:{report_id}",
            )  # fmt: skip
        await report_jobs.schedule_report_followups(tx, deps, report, now)
    deps.wake_sender()
    return Submitted(report, created=True)


async def _may_report(tx: Tx, deps: Deps, user_id: int, now: datetime) -> User:
    """Every rule that lets a person report: registered, the current privacy notice agreed,
    not blocked, under the daily limit."""
    user = await users.get(tx, user_id)
    if user is None or not user.registered:
        raise Refused("person.not_registered")
    if not people.consent_current(user.consent_version):
        raise Refused("person.notice_changed")
    if user.report_blocked:
        raise Refused("rep.blocked")
    limit = deps.settings.reports_per_day
    if await reports.count_since(tx, user_id, to_db(now - timedelta(days=1))) >= limit:
        raise Refused("rep.limit_reached", limit=limit)
    return user


async def start(deps: Deps, user_id: int) -> str | None:
    """May this person start a report now? Their home 동 (the first choice offered), or Refused."""
    async with deps.db.transaction() as tx:
        user = await _may_report(tx, deps, user_id, deps.clock.now())
    return user.home_area


async def my_reports(deps: Deps, user_id: int) -> list[Report]:
    """The volunteer's own reports with the status they may see: a report moved to another 동
    and not yet acted on there reads "transferred"; never notes, assignee or others' reports."""
    async with deps.db.transaction() as tx:
        found = await reports.for_reporter(tx, user_id)
    return [
        dataclasses.replace(r, status="transferred")
        if r.area_code != r.origin_area_code and r.status == reports.RECEIVED
        else r
        for r in found
    ]
