"""Who is staff where, as every feature asks it: the centres a person is staff of (or a refusal),
the 동 a staff command may act on in this chat, and the language a chat is written to."""

from __future__ import annotations

from core import audit
from core.deps import Deps
from core.errors import Refused
from storage import centres, recipients


async def areas_of(deps: Deps, user_id: int) -> list[str]:
    async with deps.db.transaction() as tx:
        return await centres.staff_areas(tx, user_id)


async def areas_or_refuse(deps: Deps, user_id: int) -> list[str]:
    """The centres this person is staff of; a refusal (logged) for anyone else."""
    async with deps.db.transaction() as tx:
        areas = await centres.staff_areas(tx, user_id)
    if not areas:
        refusal = Refused("role.not_staff")
        refusal.audit = (user_id, None, None, None)
        await audit.record_refusal(deps.db, refusal, deps.now())
        raise refusal
    return areas


async def chat_language(deps: Deps, chat_id: int, default: str) -> str:
    """The language of a group (its centre's) or a person's, as the outbox would use."""
    async with deps.db.transaction() as tx:
        return await recipients.chat_language(tx, chat_id, default)


async def area_of_chat(deps: Deps, chat_id: int) -> str | None:
    async with deps.db.transaction() as tx:
        centre = await centres.by_chat(tx, chat_id)
    return centre.area_code if centre else None


async def open_areas(deps: Deps, user_id: int, chat_id: int, private: bool) -> list[tuple[str, bool]]:
    """Which 동 /open lists here, each with whether it has no reachable centre chat.

    In a group: only the centre whose alert chat it is, and only for its staff or an admin (a
    residents' group never gets a list). Privately: the asker's centres, and for an admin also
    every 동 with open reports and no linked, reachable centre chat (their alerts went to the
    admins, so the admins must be able to act on them).
    """
    refusal: Refused | None = None
    found: list[tuple[str, bool]] = []
    async with deps.db.transaction() as tx:
        mine = await centres.staff_areas(tx, user_id)
        admin = deps.is_admin(user_id)
        if private:
            found = [(code, False) for code in mine]
            if admin:
                found += [(code, True) for code in await centres.areas_without_chat(tx) if code not in mine]
            elif not found:
                refusal = Refused("role.not_staff")
        else:
            centre = await centres.by_chat(tx, chat_id)
            if centre is None:
                refusal = Refused("role.not_alert_chat")
            elif centre.area_code in mine or admin:
                found = [(centre.area_code, False)]
            else:
                refusal = Refused("role.not_staff")
    if refusal is not None:
        refusal.audit = (user_id, None, None, None)
        await audit.record_refusal(deps.db, refusal, deps.now())
        raise refusal
    return found
