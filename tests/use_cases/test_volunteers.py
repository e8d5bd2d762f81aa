"""Volunteers' use cases on a real SQLite file, no Telegram: a registration is stored only with
consent to the current privacy notice and tells the 동's centre; only its staff (or an admin)
approve, once, and the volunteer is told."""

from __future__ import annotations

import pytest

from core import people
from core.deps import Deps
from core.errors import Refused
from features.volunteers import actions as volunteers
from features.volunteers.actions import Registration
from storage import users
from tests.use_cases.world import GROUP, HONGJE1, OTHER_STAFF, STAFF, outbox

NEWCOMER = 7007


def _registration(consent: str = people.PRIVACY_NOTICE_VERSION) -> Registration:
    return Registration(
        display_name="김이웃", phone=None, home_area=HONGJE1, consent_version=consent,
        consent_at="2026-11-22T05:00:00.000000Z",
    )  # fmt: skip


async def test_a_registration_needs_consent_to_the_current_notice(deps: Deps) -> None:
    await people.touch(deps, NEWCOMER, "ko", "김이웃", None)
    with pytest.raises(Refused) as refused:
        await volunteers.register(deps, NEWCOMER, _registration(consent="2025-01-01"))
    assert refused.value.key == "person.notice_changed"
    async with deps.db.transaction() as tx:
        person = await users.get(tx, NEWCOMER)
    assert person is not None and not person.registered
    assert await outbox(deps.db) == []


async def test_a_volunteer_is_approved_once_by_their_centres_staff(deps: Deps) -> None:
    await people.touch(deps, NEWCOMER, "ko", "김이웃", None)
    await volunteers.register(deps, NEWCOMER, _registration())
    assert [chat for chat, _ in await outbox(deps.db)] == [GROUP]  # the centre is asked to approve
    with pytest.raises(Refused):
        await volunteers.approve(deps, OTHER_STAFF, NEWCOMER)  # staff of another 동
    await volunteers.approve(deps, STAFF, NEWCOMER)
    with pytest.raises(Refused) as refused:
        await volunteers.approve(deps, STAFF, NEWCOMER)
    assert refused.value.key == "vol.unchanged"
    sent = await deps.db.fetchall("SELECT chat_id, method FROM outbox ORDER BY id")
    assert [(row["chat_id"], row["method"]) for row in sent] == [
        (GROUP, "send"), (GROUP, "edit"), (NEWCOMER, "send"),  # asked, marked approved, told
    ]  # fmt: skip
