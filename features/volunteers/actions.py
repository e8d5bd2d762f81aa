"""Volunteers: registration with consent to the notice shown, renewed consent, approval by staff
(first contact and language are core/people.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core import audit, callbacks, people, render, routing
from core.deps import Deps
from core.errors import Refused, denied
from messages import plain, t
from storage import access_log, centres, outbox, users
from storage.db import Tx
from storage.recipients import chat_language
from storage.users import User

NAME_LIMIT = 30


@dataclass(frozen=True)
class Registration:
    display_name: str
    phone: str | None
    home_area: str
    consent_version: str
    consent_at: str
    meeting_news: bool = False


def _approve_keyboard(lang: str, volunteer_id: int) -> outbox.Keyboard:
    return [[(plain(lang, "vol.btn_approve"), callbacks.VOLUNTEER_APPROVE.pack(volunteer=volunteer_id))]]


async def _notice_targets(tx: Tx, deps: Deps, area_code: str) -> list[tuple[int, str]]:
    return [(d.chat_id, d.lang) for d in await routing.staff_destinations(tx, deps, area_code)]


async def register(deps: Deps, user_id: int, reg: Registration) -> User:
    """Store the registration and tell the centre there is a new volunteer to approve. Only with
    consent to the notice shown now: a form begun before the notice changed must ask again."""
    if not people.consent_current(reg.consent_version):
        raise Refused("person.notice_changed")
    home = deps.areas.current(reg.home_area)  # a 동 that got a new code since: its new one
    if home is None:
        raise Refused("area.hint")
    reg = dataclasses.replace(reg, home_area=home)
    now = deps.now()
    async with deps.db.transaction() as tx:
        await users.register(
            tx,
            user_id,
            display_name=reg.display_name,
            phone=reg.phone,
            home_area=reg.home_area,
            consent_version=reg.consent_version,
            consent_at=reg.consent_at,
            now=now,
            meeting_news=reg.meeting_news,
        )
        user = await users.get(tx, user_id)
        assert user is not None
        area = render.area_name(deps.areas, reg.home_area)
        for chat_id, lang in await _notice_targets(tx, deps, reg.home_area):
            await outbox.enqueue(
                tx,
                chat_id,
                now,
                text=t(lang, "vol.new", name=reg.display_name, area=area),
                keyboard=_approve_keyboard(lang, user_id),
                store_ref=f"volunteer:{user_id}:{chat_id}",
                dedup_key=f"volunteer:{user_id}:{reg.home_area}:{chat_id}:{reg.consent_at}",
            )
    deps.wake_sender()
    return user


async def approve(deps: Deps, actor_id: int, volunteer_id: int) -> User:
    now = deps.now()
    try:
        async with deps.db.transaction() as tx:
            volunteer = await users.get(tx, volunteer_id)
            if (
                volunteer is None
                or volunteer.home_area is None
                or not (deps.is_admin(actor_id) or await centres.is_staff(tx, actor_id, volunteer.home_area))
            ):
                raise denied(actor_id, target_user_id=volunteer_id)
            if not await users.approve(tx, volunteer_id, actor_id, now):
                raise Refused("vol.unchanged")
            await access_log.record(
                tx, actor_id, "approve_volunteer", now, target_user_id=volunteer_id,
                area_code=volunteer.home_area,
            )  # fmt: skip
            actor_name = (await users.names(tx, {actor_id})).get(actor_id, str(actor_id))
            area = render.area_name(deps.areas, volunteer.home_area)
            for chat_id, ref in await outbox.refs_with_prefix(tx, f"volunteer:{volunteer_id}:"):
                lang = await chat_language(tx, chat_id, deps.settings.default_language)
                text = t(
                    lang, "vol.staff_approved", name=volunteer.display_name or "", area=area,
                    by=actor_name,
                )  # fmt: skip
                await outbox.enqueue(tx, chat_id, now, method="edit", edit_ref=ref, text=text)
            await outbox.enqueue(tx, volunteer_id, now, text=t(volunteer.lang, "vol.approved", area=area))
    except Refused as refusal:
        await audit.record_refusal(deps.db, refusal, now)
        raise
    deps.wake_sender()
    return volunteer


async def renew_consent(deps: Deps, user_id: int, version: str) -> None:
    """A registered volunteer agreed to the privacy notice `version` (the one they were shown);
    refused if a newer one has come into force since."""
    if not people.consent_current(version):
        raise Refused("person.notice_changed")
    now = deps.now()
    async with deps.db.transaction() as tx:
        await users.renew_consent(tx, user_id, version, now)
        await access_log.record(tx, user_id, "consent", now, target_user_id=user_id, detail=version)
