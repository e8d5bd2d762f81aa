"""The use cases on their own: services called directly on a real SQLite file, no Telegram.

Each feature's rules are checked where they are decided (the end-to-end tests drive the same
rules through the bot): a report needs a registered volunteer under the current privacy notice,
not blocked, under the daily limit, and is stored once per draft with its receipt and its alert
routed to the centre's chat or the admins; staff act only on reports of their 동; a report's
status moves only as the transition table allows, whatever is pressed; a /link press counts only
for the centre's staff on the message that asked.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from core.areas import AreaDirectory
from core.clock import FrozenClock
from core.deps import Deps
from core.errors import Refused
from core.settings import Settings
from features.centres import actions as centre_service
from features.reports import actions as reports
from features.reports import staff_cases as report_staff
from features.reports.actions import Draft
from storage import reports as report_rows
from storage.db import Database
from tests import seed
from tests.harness import START, TOKEN

HONGJE1, HONGEUN1 = "1141062000", "1141066000"
GROUP, STAFF, OTHER_STAFF, VOLUNTEER, ADMIN = -1001, 2001, 2002, 1001, 900001
AREAS = AreaDirectory.load()
VOLUNTEERS = itertools.count(5000)


@pytest.fixture
async def deps(tmp_path: Path) -> AsyncIterator[Deps]:
    config = Settings(
        telegram_bot_token=SecretStr(TOKEN), database_path=tmp_path / "golmok.sqlite3",
        admin_user_ids=[ADMIN],
    )  # fmt: skip
    db = Database(config.database_path)
    await db.open()
    await seed.centre_with_staff(db, HONGJE1, GROUP, STAFF)
    await seed.centre_with_staff(db, HONGEUN1, GROUP - 1, OTHER_STAFF)
    await seed.volunteer(db, VOLUNTEER, HONGJE1, approved=True)
    try:
        yield Deps(config, db, FrozenClock(START), AREAS)
    finally:
        await db.close()


def _draft(n: int = 1, area: str = HONGJE1) -> Draft:
    return Draft(
        draft_id=f"draft-{n}", category="elderly_alone", area_code=area, place_text="골목 끝 집",
        latitude=None, longitude=None, description="며칠째 안 보이세요", photo_file_id=None, contact_ok=True,
    )  # fmt: skip


async def _outbox(deps: Deps) -> list[tuple[int, str]]:
    rows = await deps.db.fetchall("SELECT chat_id, dedup_key FROM outbox ORDER BY id")
    return [(row["chat_id"], row["dedup_key"] or "") for row in rows]


async def test_a_report_is_stored_once_per_draft_with_its_receipt_and_its_alert(deps: Deps) -> None:
    first = await reports.submit(deps, VOLUNTEER, _draft())
    again = await reports.submit(deps, VOLUNTEER, _draft())  # the same confirm, replayed
    assert first.created and not again.created and again.report.id == first.report.id
    sent = await _outbox(deps)
    assert (VOLUNTEER, f"receipt:{first.report.id}") in sent
    assert [chat for chat, _ in sent if chat == GROUP] == [GROUP]  # one alert, to the centre's chat
    assert await deps.db.scalar("SELECT count(*) FROM reports") == 1


async def test_an_alert_of_a_dong_without_a_centre_goes_to_the_admins(deps: Deps) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute("UPDATE centres SET chat_id = NULL WHERE area_code = ?", (HONGJE1,))
    await reports.submit(deps, VOLUNTEER, _draft())
    chats = {chat for chat, _ in await _outbox(deps)}
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
    assert await _outbox(deps) == []


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
    assert any(chat == GROUP for chat, _ in await _outbox(deps)), "the old group is told where alerts go"
