"""Centres' use cases on a real SQLite file, no Telegram: a /link press counts only for the
centre's staff on the message that asked, and a group linked gets the alerts that waited for
it; an invite enrols once; only admins revoke."""

from __future__ import annotations

import pytest

from core import people, staff
from core.deps import Deps
from core.errors import Refused
from features.centres import actions as centre_service
from features.reports import actions as reports
from features.reports.actions import Draft
from tests.use_cases.world import ADMIN, GROUP, HONGEUN1, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER, outbox


async def test_a_link_press_counts_only_for_the_centres_staff_on_the_message_that_asked(deps: Deps) -> None:
    new_group = -2002
    ask = await centre_service.request_link(deps, STAFF, new_group, "새 방")
    [(request_id, code)] = ask.choices
    assert code == HONGJE1
    await centre_service.bind_link_question(deps, [request_id], 77)
    for actor, message in ((OTHER_STAFF, 77), (VOLUNTEER, 77), (STAFF, 78)):
        with pytest.raises(Refused):
            await centre_service.confirm_link(deps, actor, request_id, new_group, message, True, "새 방")
    linked = await centre_service.confirm_link(deps, STAFF, request_id, new_group, 77, True, "새 방")
    assert linked.area_code == HONGJE1
    chat = await deps.db.scalar("SELECT chat_id FROM centres WHERE area_code = ?", (HONGJE1,))
    assert chat == new_group
    assert any(chat == GROUP for chat, _ in await outbox(deps.db)), "the old group is told where alerts go"


async def test_a_group_linked_gets_the_alerts_that_waited_for_it(deps: Deps) -> None:
    """The centres announce the link (core/events.py); the reports, wired at start, alert it."""
    async with deps.db.transaction() as tx:
        await tx.execute("UPDATE centres SET chat_id = NULL WHERE area_code = ?", (HONGJE1,))
    draft = Draft(
        draft_id="waiting", category="other", area_code=HONGJE1, place_text="골목", latitude=None,
        longitude=None, description="우편물이 쌓여 있어요", photo_file_id=None, contact_ok=False,
    )  # fmt: skip
    report = (await reports.submit(deps, VOLUNTEER, draft)).report
    new_group = -3003
    ask = await centre_service.request_link(deps, STAFF, new_group, "새 방")
    [(request_id, _)] = ask.choices
    await centre_service.bind_link_question(deps, [request_id], 5)
    linked = await centre_service.confirm_link(deps, STAFF, request_id, new_group, 5, True, "새 방")
    assert linked.backlog == 1
    refs = await deps.db.fetchall("SELECT store_ref FROM outbox WHERE chat_id = ?", (new_group,))
    alert = f"alert:{report.id}:{HONGJE1}:{new_group}"
    assert [row["store_ref"] for row in refs if row["store_ref"]] == [alert]


async def test_an_invite_enrols_once_and_only_admins_make_or_revoke_them(deps: Deps) -> None:
    newcomer = 4242
    with pytest.raises(Refused) as refused:
        await centre_service.create_invite(deps, STAFF, HONGJE1)
    assert refused.value.key == "role.admin_only"
    invite = await centre_service.create_invite(deps, ADMIN, HONGJE1)
    await people.touch(deps, newcomer, "ko", "새 직원", None)  # first contact, as every /start and /join does
    assert await centre_service.join(deps, newcomer, invite.code.lower()) == HONGJE1  # typed as read
    assert await staff.areas_of(deps, newcomer) == [HONGJE1]
    with pytest.raises(Refused) as refused:
        await centre_service.join(deps, OTHER_STAFF, invite.code)  # used up
    assert refused.value.key == "join.expired"
    with pytest.raises(Refused) as refused:
        await centre_service.revoke(deps, STAFF, newcomer, HONGJE1)
    assert refused.value.key == "role.admin_only"
    await centre_service.revoke(deps, ADMIN, newcomer, HONGJE1)
    with pytest.raises(Refused) as refused:
        await centre_service.revoke(deps, ADMIN, newcomer, HONGJE1)
    assert refused.value.key == "admin.already_revoked"
    assert await staff.areas_of(deps, newcomer) == []


async def test_only_admins_may_start_an_invite_and_every_refusal_is_logged(deps: Deps) -> None:
    await centre_service.may_invite(deps, ADMIN)
    for someone in (STAFF, VOLUNTEER):
        with pytest.raises(Refused) as refused:
            await centre_service.may_invite(deps, someone)
        assert refused.value.key == "role.admin_only"
    logged = await deps.db.fetchall("SELECT actor_id FROM access_log WHERE action = 'refused' ORDER BY id")
    assert [row["actor_id"] for row in logged] == [STAFF, VOLUNTEER]


async def test_a_registration_link_is_of_the_askers_centres_and_in_a_group_of_its_own(deps: Deps) -> None:
    async with deps.db.transaction() as tx:  # a staff member of both centres
        await tx.execute(
            "INSERT INTO staff (user_id, area_code, granted_by, granted_at) VALUES (?, ?, ?, ?)",
            (STAFF, HONGEUN1, ADMIN, "2026-11-22T05:00:00.000000Z"),
        )
    both = await centre_service.registration_link_areas(deps, STAFF, STAFF, private=True)
    assert sorted(both) == sorted([HONGJE1, HONGEUN1])
    assert await centre_service.registration_link_areas(deps, STAFF, GROUP, private=False) == [HONGJE1]
    assert await centre_service.registration_link_areas(deps, OTHER_STAFF, GROUP, private=False) == []
    assert await centre_service.registration_link_areas(deps, VOLUNTEER, VOLUNTEER, private=True) == []
