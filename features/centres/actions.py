"""Centres and their staff: invite codes, joining, linking the staff group, revoking."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from core import audit, events, render, routing, staff
from core.clock import from_db, to_db
from core.deps import Deps
from core.errors import Refused
from features.centres import digest
from messages import LANGUAGES, plain, t
from storage import access_log, centres, outbox, users
from storage.centres import Centre
from storage.db import Tx

# No 0/O or 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
INVITE_LIFETIME = timedelta(hours=72)
WRONG_CODE_LIMIT = 5
WRONG_CODE_WINDOW = timedelta(hours=1)
# How long a /link question can be answered; after that, /link again.
LINK_REQUEST_LIFETIME = timedelta(minutes=30)
log = logging.getLogger(__name__)


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


async def may_invite(deps: Deps, admin_id: int) -> None:
    """/invite is for admins: asked before the 동 is picked, and again when the invite is made."""
    await audit.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())


async def create_invite(deps: Deps, admin_id: int, area_code: str) -> Invite:
    await audit.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    if deps.areas.get(area_code) is None:
        raise Refused("button.expired")  # an old picker's dong that is no longer in the table
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
        wrong = await centres.wrong_codes_since(tx, user_id, to_db(now_dt - WRONG_CODE_WINDOW))
        if wrong >= WRONG_CODE_LIMIT:
            raise Refused("join.throttled", minutes=int(WRONG_CODE_WINDOW.total_seconds() // 60))
        invite = await centres.get_invite(tx, code)
        if invite is None:
            await centres.record_wrong_code(tx, user_id, now)
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


async def _check_takeover(tx: Tx, deps: Deps, user_id: int, chat_id: int, area_code: str | None) -> None:
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


@dataclass(frozen=True)
class LinkAsk:
    """What /link in a group leads to: linked at once, or a question with one choice per centre."""

    linked: str | None  # the 동 linked at once (the group already was its alert chat)
    backlog: int
    choices: list[tuple[int, str]]  # (request id, 동 code)
    current_title: str | None  # where the (single) centre's alerts go today
    serves: str | None = None  # the 동 whose alert chat this group is today (it would lose it)


async def request_link(deps: Deps, user_id: int, chat_id: int, title: str | None) -> LinkAsk:
    """Staff's /link in a group: nothing moves yet, the group is asked to confirm.

    Only re-linking the group that already is the centre's alert chat (after it was unreachable)
    happens at once: no alert changes room.
    """
    now = deps.now()
    async with deps.db.transaction() as tx:
        mine = await centres.staff_areas(tx, user_id)
        if not mine:
            raise Refused("link.not_staff")
        await _check_takeover(tx, deps, user_id, chat_id, None)
        current = await centres.by_chat(tx, chat_id)
        if len(mine) == 1 and current is not None and current.area_code == mine[0]:
            backlog = await _do_link(tx, deps, user_id, mine[0], chat_id, title, now)
            deps.wake_sender()
            return LinkAsk(mine[0], backlog, [], None)
        choices = [
            (await centres.add_link_request(tx, chat_id, title, code, user_id, now), code) for code in mine
        ]
        current_title = None
        if len(mine) == 1:
            centre = await centres.get(tx, mine[0])
            if centre is not None and centre.chat_id is not None:
                current_title = await centres.chat_title(tx, mine[0]) or ""
    return LinkAsk(None, 0, choices, current_title, current.area_code if current is not None else None)


async def bind_link_question(deps: Deps, request_ids: list[int], message_id: int) -> None:
    """Tie the requests to the message that asks: a press counts only on that message."""
    async with deps.db.transaction() as tx:
        await centres.bind_link_requests(tx, request_ids, message_id)


@dataclass(frozen=True)
class Linked:
    area_code: str
    backlog: int
    displaced: str | None = None  # the 동 this group served before: its alerts go to the admins now


def _bad_press(user_id: int, request_id: int, why: str) -> Refused:
    log.warning("link press refused (request %s): %s", request_id, why)
    refusal = Refused("button.expired")
    refusal.audit = (user_id, None, None, None)
    return refusal


async def confirm_link(
    deps: Deps, user_id: int, request_id: int, chat_id: int, message_id: int | None,
    in_group: bool, title: str | None,
) -> Linked:  # fmt: skip
    """A press on a /link question: honoured only in the group and on the very message that
    asked, by staff of that centre (or an admin); the old group is told where alerts go now."""
    now = deps.now()
    try:
        async with deps.db.transaction() as tx:
            request = await centres.get_link_request(tx, request_id)
            if request is None:
                raise _bad_press(user_id, request_id, "unknown request")
            if (
                not in_group
                or request.chat_id != chat_id
                or request.message_id is None
                or request.message_id != message_id
            ):
                raise _bad_press(user_id, request_id, "not the chat and message that asked")
            if (
                request.decided_at is not None
                or deps.clock.now() - from_db(request.created_at) > LINK_REQUEST_LIFETIME
            ):
                raise Refused("button.expired")
            area_code = request.area_code
            if not (deps.is_admin(user_id) or await centres.is_staff(tx, user_id, area_code)):
                refusal = Refused("link.not_staff")
                refusal.audit = (user_id, None, None, area_code)
                raise refusal
            await _check_takeover(tx, deps, user_id, chat_id, area_code)
            before = await centres.get(tx, area_code)
            served = await centres.by_chat(tx, chat_id)
            displaced = served.area_code if served is not None and served.area_code != area_code else None
            new_title = title or request.chat_title
            backlog = await _do_link(tx, deps, user_id, area_code, chat_id, new_title, now)
            await centres.decide_link_requests(tx, chat_id, request.message_id, now)
            if (
                before is not None and before.chat_id is not None and before.chat_id != chat_id
                and not before.unreachable
            ):  # fmt: skip
                lang = before.lang
                await outbox.enqueue(
                    tx, before.chat_id, now,
                    text=t(
                        lang, "link.moved_away", area=render.area_full(deps.areas, area_code),
                        title=new_title or plain(lang, "link.untitled"),
                    ),
                    dedup_key=f"link_moved:{request_id}",
                )  # fmt: skip
                log.info("centre alerts moved to another group (request %s)", request_id)
            if displaced is not None:
                await _tell_admins_unlinked(tx, deps, displaced, new_title, request_id, now)
    except Refused as refusal:
        await audit.record_refusal(deps.db, refusal, now)
        raise
    deps.wake_sender()
    return Linked(area_code, backlog, displaced)


async def _tell_admins_unlinked(
    tx: Tx, deps: Deps, area_code: str, title: str | None, request_id: int, now: str
) -> None:
    """The group was taken for another 동: its former 동 has no alert chat now, so its alerts
    go to the admins (core/routing.py) until it links one; the admins are told why."""
    for admin in await routing.admin_destinations(tx, deps.settings):
        await outbox.enqueue(
            tx, admin.chat_id, now,
            text=t(
                admin.lang, "admin.centre_unlinked", area=render.area_full(deps.areas, area_code),
                title=title or plain(admin.lang, "link.untitled"),
            ),
            dedup_key=f"link_displaced:{request_id}:{admin.chat_id}",
        )  # fmt: skip


async def _do_link(
    tx: Tx, deps: Deps, user_id: int, area_code: str, chat_id: int, title: str | None, now: str
) -> int:
    await centres.link_chat(tx, area_code, chat_id, title, user_id, now, lang=deps.settings.default_language)
    await digest.schedule_digest(tx, deps, area_code, deps.clock.now(), now)
    await access_log.record(tx, user_id, "link_chat", now, area_code=area_code, detail=str(chat_id))
    centre = await centres.get(tx, area_code)
    lang = centre.lang if centre is not None else deps.settings.default_language
    return await events.group_linked(tx, deps, area_code, chat_id, lang, now)  # the waiting alerts


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
        raise Refused("group.language_unlinked")
    if not allowed:
        refusal = Refused("group.language_not_staff")
        refusal.audit = (user_id, None, None, centre.area_code)
        await audit.record_refusal(deps.db, refusal, now)
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


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str
    area_code: str


async def list_staff(deps: Deps, admin_id: int) -> list[StaffMember]:
    await audit.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    async with deps.db.transaction() as tx:
        rows = await centres.list_staff(tx)
    return [StaffMember(r["user_id"], r["display_name"] or str(r["user_id"]), r["area_code"]) for r in rows]


async def revoke(deps: Deps, admin_id: int, user_id: int, area_code: str) -> str:
    await audit.require_admin(deps.db, deps.is_admin(admin_id), admin_id, deps.now())
    now = deps.now()
    async with deps.db.transaction() as tx:
        if not await centres.revoke(tx, user_id, area_code, admin_id, now):
            raise Refused("admin.already_revoked")
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
        await audit.record_refusal(deps.db, refusal, now)
        raise refusal
    async with deps.db.transaction() as tx:
        await centres.set_auto_approve_meetings(tx, centre.area_code, on)
        await access_log.record(
            tx, user_id, "meeting_auto_approve", now, area_code=centre.area_code, detail=str(int(on))
        )
    return centre.area_code


async def registration_link_areas(deps: Deps, user_id: int, chat_id: int, private: bool) -> list[str]:
    """The 동 whose registration link /reglink gives this person here: privately, every centre they
    are staff of; in a centre's group, only that centre's (if they are its staff)."""
    codes = await staff.areas_of(deps, user_id)
    if not private:
        here = await staff.area_of_chat(deps, chat_id)
        codes = [code for code in codes if code == here]
    return [code for code in codes if deps.areas.get(code) is not None]
