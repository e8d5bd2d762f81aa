"""A person's rights over their data (/mydata, /forget) and the admins' access log view."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core import audit, render, scheduler
from core.deps import Deps
from features.privacy import inactive
from messages import plain, t
from storage import access_log, inbox, outbox, persistence, privacy, users
from storage.db import Tx
from storage.recipients import chat_language


async def export(deps: Deps, user_id: int) -> bytes:
    """Everything stored about the user, as JSON (UTF-8)."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        user = await users.row(tx, user_id)
        reports = await privacy.reports_sent(tx, user_id)
        organised = await privacy.meetings_organised(tx, user_id)
        rsvps = await privacy.meeting_answers(tx, user_id)
        staff = await privacy.staff_roles(tx, user_id)
        campaigns = await privacy.campaigns_written(tx, user_id)
        await access_log.record(tx, user_id, "export_own_data", now, target_user_id=user_id)
    data: dict[str, Any] = {
        "exported_at": now,
        "account": _account(dict(user)) if user else None,
        "reports": [dict(row) for row in reports],
        "meetings_organised": [dict(row) for row in organised],
        "meeting_answers": [dict(row) for row in rsvps],
        "staff_roles": [dict(row) for row in staff],
        "campaigns_written": [dict(row) for row in campaigns],
        "note": "Reports you sent stay with the community centre; /forget unlinks them from you.",
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _account(user: dict[str, Any]) -> dict[str, Any]:
    """The user's row as they may see it: who approved or blocked them is a staff member's
    identity, not their data; that it happened, and when, is."""
    user.pop("approved_by", None)
    user.pop("report_blocked_by", None)
    user["approved"] = user.get("approved_at") is not None
    user["report_blocked"] = user.get("report_blocked_at") is not None
    return user


async def forget(deps: Deps, user_id: int, telegram_names: Sequence[str | None] = ()) -> bool:
    """Delete the account and every trace of the person's name, username, phone number and
    drafts: in their row, their conversations, the outbox (notices about them, messages naming
    them), the updates not yet handled, and then, by a checkpoint, in the WAL too. Reports stay
    with the centre, no longer linked to anyone; the user id remains only as a bare row (and in
    the access log, which the law asks us to keep). `telegram_names`: the first, last and user
    names Telegram reports now, which may differ from what is stored.

    Someone who never registered still loses what first contact stored (their Telegram name);
    returns whether there was an account (registration or staff role) to delete."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        registered = await privacy.is_registered(tx, user_id)
        staff = await privacy.has_staff_role(tx, user_id)
        row = await privacy.identity(tx, user_id)
        stored = [row["display_name"], row["username"], row["phone"]] if row is not None else []
        terms = _terms([*stored, *telegram_names])
        await _retract_volunteer_notices(tx, deps, user_id, row["home_area"] if row else None, now)
        await inactive.remove_account(tx, user_id, now)
        await persistence.forget_user(tx, user_id)
        await outbox.erase_mentions(tx, terms, plain(deps.settings.default_language, "forget.placeholder"))
        await inbox.forget_user(tx, user_id, terms)
        await access_log.record(tx, user_id, "forget", now, target_user_id=user_id)
    # Deleted rows must not linger in the files: old WAL frames, PostgreSQL's old row versions.
    await scheduler.erased(deps)
    deps.wake_sender()
    return registered or staff


def _terms(values: Sequence[str | None]) -> list[str]:
    """The values to look for, as written (outbox.erase_mentions also looks for them
    HTML-escaped, as messages insert them); a phone number also without its +."""
    terms: set[str] = set()
    for value in values:
        if not value or not value.strip():
            continue
        terms.add(value.strip())
        if value.strip().startswith("+"):
            terms.add(value.strip()[1:])
    # Longest first, so that a name is not half-replaced by a shorter one inside it.
    return sorted(terms, key=len, reverse=True)


async def _retract_volunteer_notices(
    tx: Tx, deps: Deps, user_id: int, area_code: str | None, now: str
) -> None:
    """The staff group's "new volunteer" notice names the person and offers to approve them:
    one not sent yet is not sent; one sent is edited to say that the volunteer has left."""
    prefix = f"volunteer:{user_id}:"
    await outbox.forget_refs(tx, prefix)
    area = render.area_name(deps.areas, area_code) if area_code else "-"
    for ref, chat_id in await outbox.message_refs_with_prefix(tx, prefix):
        lang = await chat_language(tx, chat_id, deps.settings.default_language)
        await outbox.enqueue(
            tx, chat_id, now, method="edit", edit_ref=ref, text=t(lang, "forget.staff_told", area=area),
            dedup_key=f"volunteer-left:{ref}:{now}",
        )  # fmt: skip


@dataclass(frozen=True)
class LogLine:
    created_at: str
    actor_id: int
    actor_name: str | None
    action: str
    ref: str | None
    target_user_id: int | None
    area_code: str | None


async def read_log(deps: Deps, admin_id: int, *, area_code: str | None, person: int | None) -> list[LogLine]:
    await audit.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    async with deps.db.transaction() as tx:
        rows = await access_log.lines(tx, area_code=area_code, person=person)
        await access_log.record(tx, admin_id, "read_access_log", deps.now(), area_code=area_code,
                                target_user_id=person)  # fmt: skip
    return [LogLine(*tuple(row)) for row in rows]
