"""Reports' use cases on a real SQLite file, no Telegram: a report needs a registered volunteer
under the current privacy notice, not blocked, under the daily limit, and is stored once per draft
with its receipt and its alert routed to the centre's chat or the admins; staff act only on
reports of their 동; a report's status moves only as the transition table allows, whatever is
pressed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.deps import Deps
from core.errors import Refused
from features.reports import actions as reports
from features.reports import staff_cases as report_staff
from features.reports.actions import Draft
from storage import reports as report_rows
from tests import seed
from tests.use_cases.world import ADMIN, GROUP, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER, VOLUNTEERS, outbox


def _draft(n: int = 1, area: str = HONGJE1) -> Draft:
    return Draft(
        draft_id=f"draft-{n}", category="elderly_alone", area_code=area, place_text="골목 끝 집",
        latitude=None, longitude=None, description="며칠째 안 보이세요", photo_file_id=None, contact_ok=True,
    )  # fmt: skip


async def test_a_report_is_stored_once_per_draft_with_its_receipt_and_its_alert(deps: Deps) -> None:
    first = await reports.submit(deps, VOLUNTEER, _draft())
    again = await reports.submit(deps, VOLUNTEER, _draft())  # the same confirm, replayed
    assert first.created and not again.created and again.report.id == first.report.id
    sent = await outbox(deps.db)
    assert (VOLUNTEER, f"receipt:{first.report.id}") in sent
    assert [chat for chat, _ in sent if chat == GROUP] == [GROUP]  # one alert, to the centre's chat
    assert await deps.db.scalar("SELECT count(*) FROM reports") == 1


async def test_an_alert_of_a_dong_without_a_centre_goes_to_the_admins(deps: Deps) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute("UPDATE centres SET chat_id = NULL WHERE area_code = ?", (HONGJE1,))
    await reports.submit(deps, VOLUNTEER, _draft())
    chats = {chat for chat, _ in await outbox(deps.db)}
    assert ADMIN in chats and GROUP not in chats


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ("UPDATE users SET registered_at = NULL", "person.not_registered"),
        ("UPDATE users SET consent_version = 'old'", "person.notice_changed"),
        ("UPDATE users SET report_blocked_at = '2026-01-01T00:00:00.000000Z'", "rep.blocked"),
    ],
)
async def test_a_report_is_refused_unless_every_rule_allows_it(deps: Deps, change: str, refusal: str) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute(change + " WHERE id = ?", (VOLUNTEER,))
    for attempt in (reports.start(deps, VOLUNTEER), reports.submit(deps, VOLUNTEER, _draft())):
        with pytest.raises(Refused) as refused:
            await attempt
        assert refused.value.key == refusal
    assert await deps.db.scalar("SELECT count(*) FROM reports") == 0
    assert await outbox(deps.db) == []


async def test_the_daily_limit_is_checked_when_the_report_is_stored(deps: Deps) -> None:
    limit = deps.settings.reports_per_day
    for n in range(limit):
        await reports.submit(deps, VOLUNTEER, _draft(n))
    with pytest.raises(Refused) as refused:
        await reports.submit(deps, VOLUNTEER, _draft(limit))
    assert refused.value.key == "rep.limit_reached"
    assert await deps.db.scalar("SELECT count(*) FROM reports") == limit


async def test_staff_of_another_dong_cannot_act_on_a_report(deps: Deps) -> None:
    report = (await reports.submit(deps, VOLUNTEER, _draft())).report
    for act in (
        report_staff.take(deps, OTHER_STAFF, report.id),
        report_staff.set_status(deps, OTHER_STAFF, report.id, report_rows.CLOSED),
        report_staff.details(deps, OTHER_STAFF, report.id, "ko"),
    ):
        with pytest.raises(Refused):
            await act
    async with deps.db.transaction() as tx:
        row = await report_rows.get(tx, report.id)
    assert row is not None and row.status == report_rows.RECEIVED and row.assignee_id is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(presses=st.lists(st.sampled_from([*report_rows.STATUSES, "take", "connected", ""]), max_size=8))
async def test_a_status_moves_only_as_the_table_allows(deps: Deps, presses: list[str]) -> None:
    volunteer = next(VOLUNTEERS)  # one per example: the fixture's database lives across examples
    await seed.volunteer(deps.db, volunteer, HONGJE1, approved=True)
    report = (await reports.submit(deps, volunteer, _draft(volunteer))).report
    status = report.status
    for press in presses:
        async with deps.db.transaction() as tx:
            before = await report_rows.get(tx, report.id)
        assert before is not None
        try:
            if press == "take":
                await report_staff.take(deps, STAFF, report.id)
            else:
                await report_staff.set_status(deps, STAFF, report.id, press)
        except Refused:
            pass
        async with deps.db.transaction() as tx:
            after = await report_rows.get(tx, report.id)
        assert after is not None
        if after.status != before.status:
            action = "take" if press == "take" else "set_status"
            assert report_rows.may_move(action, before.status, after.status), (before.status, press)
        status = after.status
    assert status in report_rows.STATUSES
