"""Centres and their staff: invite codes, joining, linking the staff group, revoking."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from core.clock import to_db
from core.deps import Deps
from messages import LANGUAGES
from services import scheduler
from services.errors import Refused
from storage import access_log, centres, recipients, users
from storage.centres import Centre

# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
INVITE_LIFETIME = timedelta(hours=72)
WRONG_CODE_LIMIT = 5
WRONG_CODE_WINDOW = timedelta(hours=1)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == CODE_LENGTH else raw


@dataclass(frozen=True)
class Invite:
    code: str
    area_code: str
    expires_at: str


async def create_invite(deps: Deps, admin_id: int, area_code: str) -> Invite:
    await access_log.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    now = deps.clock.now()
    expires = to_db(now + INVITE_LIFETIME)
    code = new_code()
    async with deps.db.transaction() as tx:
        await centres.create_invite(tx, code, area_code, admin_id, to_db(now), expires)
        await access_log.record(tx, admin_id, "create_invite", to_db(now), area_code=area_code)
    return Invite(code, area_code, expires)


async def join(deps: Deps, user_id: int, text: str) -> str:
    """Redeem an invite code; returns the 동 code the user is now staff of."""
    now_dt = deps.clock.now()
    now = to_db(now_dt)
    code = normalise_code(text)
    async with deps.db.transaction() as tx:
        wrong = await tx.scalar(
            "SELECT count(*) FROM invite_attempts WHERE user_id = ? AND at > ?",
            (user_id, to_db(now_dt - WRONG_CODE_WINDOW)),
        )
        if wrong >= WRONG_CODE_LIMIT:
            raise Refused("join.throttled", minutes=int(WRONG_CODE_WINDOW.total_seconds() // 60))
        invite = await centres.get_invite(tx, code)
        if invite is None:
            await tx.execute("INSERT INTO invite_attempts (user_id, at) VALUES (?, ?)", (user_id, now))
            await access_log.record(tx, user_id, "invite_wrong", now)
    # Recorded in its own transaction so that the refusal below does not roll it back.
    if invite is None:
        raise Refused("join.bad")
    async with deps.db.transaction() as tx:
        if not await centres.use_invite(tx, code, user_id, now):
            raise Refused("join.expired")
        await centres.grant(tx, user_id, invite["area_code"], invite["created_by"], now)
        await access_log.record(
            tx, invite["created_by"], "staff_grant", now, target_user_id=user_id,
            area_code=invite["area_code"],
        )  # fmt: skip
    return str(invite["area_code"])


async def staff_areas(deps: Deps, user_id: int) -> list[str]:
    async with deps.db.transaction() as tx:
        return await centres.staff_areas(tx, user_id)


async def staff_areas_or_refuse(deps: Deps, user_id: int) -> list[str]:
    """The centres this person is staff of; a refusal (logged) for anyone else."""
    async with deps.db.transaction() as tx:
        areas = await centres.staff_areas(tx, user_id)
    if not areas:
        refusal = Refused("open.not_staff")
        refusal.audit = (user_id, None, None, None)
        await access_log.record_refusal(deps.db, refusal, deps.now())
        raise refusal
    return areas


async def link(deps: Deps, user_id: int, area_code: str, chat_id: int, title: str | None) -> None:
    now = deps.now()
    async with deps.db.transaction() as tx:
        if not (deps.is_admin(user_id) or await centres.is_staff(tx, user_id, area_code)):
            raise Refused("link.not_staff")
        # A group that already serves another centre is taken over only by that centre's own
        # staff (or an admin): otherwise anyone in it could divert a centre's alerts.
        current = await centres.by_chat(tx, chat_id)
        if (
            current is not None
            and current.area_code != area_code
            and not deps.is_admin(user_id)
            and not await centres.is_staff(tx, user_id, current.area_code)
        ):
            raise Refused("link.taken")
        await centres.link_chat(
            tx, area_code, chat_id, title, user_id, now, lang=deps.settings.default_language
        )
        await scheduler.schedule_digest(tx, deps, area_code, deps.clock.now(), now)
        await access_log.record(tx, user_id, "link_chat", now, area_code=area_code, detail=str(chat_id))


async def group_centre(deps: Deps, user_id: int, chat_id: int) -> Centre:
    """The centre whose staff group this is, if the user may manage it (its staff, or an admin).
    Refused (and logged) for anyone else; a group linked to no centre is told so."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        centre = await centres.by_chat(tx, chat_id)
        allowed = centre is not None and (
            deps.is_admin(user_id) or await centres.is_staff(tx, user_id, centre.area_code)
        )
    if centre is None:
        raise Refused("lang.group_unlinked")
    if not allowed:
        refusal = Refused("lang.group_not_staff")
        refusal.audit = (user_id, None, None, centre.area_code)
        await access_log.record_refusal(deps.db, refusal, now)
        raise refusal
    return centre


async def set_group_language(deps: Deps, user_id: int, chat_id: int, lang: str) -> Centre:
    """Staff of the group's centre (or an admin) choose the language of its alerts."""
    if lang not in LANGUAGES:
        raise Refused("button.expired")
    centre = await group_centre(deps, user_id, chat_id)
    now = deps.now()
    async with deps.db.transaction() as tx:
        await centres.set_language(tx, centre.area_code, lang)
        await access_log.record(tx, user_id, "group_language", now, area_code=centre.area_code, detail=lang)
    return centre


async def chat_language(deps: Deps, chat_id: int, default: str) -> str:
    """The language of a group (its centre's) or a person's, as the outbox would use."""
    async with deps.db.transaction() as tx:
        return await recipients.chat_language(tx, chat_id, default)


async def area_of_chat(deps: Deps, chat_id: int) -> str | None:
    async with deps.db.transaction() as tx:
        centre = await centres.by_chat(tx, chat_id)
    return centre.area_code if centre else None


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str
    area_code: str


async def list_staff(deps: Deps, admin_id: int) -> list[StaffMember]:
    await access_log.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    async with deps.db.transaction() as tx:
        rows = await centres.list_staff(tx)
    return [StaffMember(r["user_id"], r["display_name"] or str(r["user_id"]), r["area_code"]) for r in rows]


async def revoke(deps: Deps, admin_id: int, user_id: int, area_code: str) -> str:
    await access_log.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    now = deps.now()
    async with deps.db.transaction() as tx:
        if not await centres.revoke(tx, user_id, area_code, admin_id, now):
            raise Refused("staff.already_revoked")
        await access_log.record(
            tx, admin_id, "staff_revoke", now, target_user_id=user_id, area_code=area_code
        )
        return (await users.names(tx, {user_id})).get(user_id, str(user_id))


async def set_auto_approve(deps: Deps, user_id: int, chat_id: int, on: bool) -> str:
    """Staff of the centre whose group this is choose whether meetings are approved at once."""
    now = deps.now()
    async with deps.db.transaction() as tx:
        centre = await centres.by_chat(tx, chat_id)
        allowed = centre is not None and (
            deps.is_admin(user_id) or await centres.is_staff(tx, user_id, centre.area_code)
        )
    if not allowed or centre is None:
        refusal = Refused("link.not_staff")
        refusal.audit = (user_id, None, None, None)
        await access_log.record_refusal(deps.db, refusal, now)
        raise refusal
    async with deps.db.transaction() as tx:
        await tx.execute(
            "UPDATE centres SET auto_approve_meetings = ? WHERE area_code = ?", (int(on), centre.area_code)
        )
        await access_log.record(
            tx, user_id, "meeting_auto_approve", now, area_code=centre.area_code, detail=str(int(on))
        )
    return centre.area_code
