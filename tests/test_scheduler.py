"""The database-driven scheduler: reminders, escalation, quiet hours, digests, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import scheduler
from core.clock import FrozenClock
from features.centres import digest as digests
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person


async def _run(h: Harness, delta: timedelta) -> None:
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.advance(delta)
    await scheduler.run_due(h.runtime.deps)
    await h.settle()


async def _setup(h: Harness) -> tuple[Person, Person, Person]:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    return admin, staff, minsu


async def test_a_report_nobody_takes_is_reminded_then_escalated(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    await _run(h, timedelta(hours=23, minutes=59))
    assert not any("시간 넘게 아무도" in text for text in h.texts(flows.STAFF_GROUP))
    await _run(h, timedelta(minutes=2))
    reminder = next(m for m in h.messages(flows.STAFF_GROUP) if "시간 넘게 아무도" in m.text)
    assert "24시간 넘게 아무도 맡지 않은 신고" in reminder.text and "홍제1동-2026-0001" in reminder.text
    assert reminder.button_labels() == ["🙋 맡기", "🔒 자세히 (1:1)"]
    await _run(h, timedelta(hours=1))
    assert sum("시간 넘게 아무도" in text for text in h.texts(flows.STAFF_GROUP)) == 1  # exactly once
    await _run(h, timedelta(hours=48))
    escalation = admin.last()
    assert "72시간 넘게 아무도 맡지 않은 신고" in escalation.text
    assert "서울특별시 서대문구 홍제1동" in escalation.text
    # The escalation's take button works like the alert's.
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP, message=reminder)
    assert "담당: 김주무관" in h.with_button(flows.STAFF_GROUP, "🔄 상태 변경").text


async def test_a_taken_report_is_not_reminded(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    await _run(h, timedelta(days=4))
    assert not any("시간 넘게 아무도" in text for text in h.texts(flows.STAFF_GROUP) + admin.texts())
    rows = await h.rows("SELECT kind, state FROM scheduled WHERE kind LIKE 'report.%' ORDER BY kind")
    assert [(r["kind"], r["state"]) for r in rows] == [
        ("report.escalate", "dropped"),
        ("report.unassigned", "dropped"),
    ]


async def test_due_reminders_go_out_after_a_restart(h: Harness) -> None:
    _, _, minsu = await _setup(h)
    await flows.report(h, minsu)
    await h.stop()
    assert isinstance(h.clock, FrozenClock)
    h.clock.advance(timedelta(hours=30))  # the bot was down when the reminder fell due
    await h.start()  # the scheduler job runs at start
    await h.settle()
    for _ in range(100):
        if any("시간 넘게 아무도" in text for text in h.texts(flows.STAFF_GROUP)):
            break
        await h.settle()
    assert sum("24시간 넘게 아무도 맡지 않은" in text for text in h.texts(flows.STAFF_GROUP)) == 1


async def test_quiet_hours_hold_volunteer_updates_but_never_staff_alerts(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    assert isinstance(h.clock, FrozenClock)
    h.clock.set(datetime(2026, 11, 23, 13, 30, tzinfo=UTC))  # 22:30 in Seoul
    await flows.report(h, minsu)
    assert "이웃 알림 홍제1동-2026-0001" in h.last(flows.STAFF_GROUP).text  # not held
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    assert not any("처리 상태가 확인으로" in text for text in minsu.texts())
    [held] = await h.rows(
        "SELECT not_before FROM outbox WHERE chat_id = 1001 AND text LIKE '%처리 상태가 <b>확인%'"
    )
    assert held["not_before"] == "2026-11-23T23:00:00.000000Z"  # 08:00 in Seoul
    h.clock.set(datetime(2026, 11, 23, 23, 0, 1, tzinfo=UTC))
    assert h.runtime is not None and h.runtime.sender is not None
    h.runtime.sender.wake()
    await h.settle()
    assert "처리 상태가 확인으로 바뀌었어요" in minsu.last().text


async def test_weekday_morning_digest_reaches_each_centre_group(h: Harness) -> None:
    _, staff, minsu = await _setup(h)  # Sunday 14:00 in Seoul
    await flows.report(h, minsu)
    await flows.report(h, minsu, description="둘째")
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    # Monday 09:00 in Seoul is Monday 00:00 UTC.
    await _run(h, timedelta(hours=18, minutes=59))
    assert not any("아침 요약" in text for text in h.texts(flows.STAFF_GROUP))
    await _run(h, timedelta(minutes=1))
    digest = h.last(flows.STAFF_GROUP).text
    assert "홍제1동 아침 요약 (2026-11-23)" in digest
    assert "지난 24시간 새 신고: 2건" in digest and "처리 중: 2건" in digest
    assert "오래된 신고: 0건" in digest
    [nxt] = await h.rows("SELECT due_at FROM scheduled WHERE kind = 'digest' AND state = 'pending'")
    assert nxt["due_at"] == "2026-11-24T00:00:00.000000Z"  # Tuesday 09:00 in Seoul
    # Friday's digest is followed by Monday's, not Saturday's.
    assert h.runtime is not None
    friday = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
    assert digests.next_digest(h.runtime.deps, friday).strftime("%a %H:%M") == "Mon 09:00"
