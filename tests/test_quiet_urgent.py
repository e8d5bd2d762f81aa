"""Quiet hours hold what can wait, never what somebody waits on (issue 12).

A row held until 08:00 (a volunteer's status update, the morning digest) must not hold back the
urgent rows recorded after it for the same chat: receipts, alerts, reminders. Order is kept only
among rows that may go now. All at 03:00 Korea time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core import scheduler
from core.clock import FrozenClock, to_db
from storage import outbox
from tests import flows
from tests.harness import ADMIN_ID, Harness

# Monday 03:00 in Seoul.
NIGHT = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
MORNING = datetime(2026, 11, 22, 23, 0, 1, tzinfo=UTC)  # 08:00:01 in Seoul


def _clock(h: Harness) -> FrozenClock:
    assert isinstance(h.clock, FrozenClock)
    return h.clock


async def _morning(h: Harness) -> None:
    _clock(h).set(MORNING)
    assert h.runtime is not None and h.runtime.sender is not None
    h.runtime.sender.wake()
    await h.settle()


async def _held(h: Harness, chat_id: int) -> list[str]:
    rows = await h.rows(
        "SELECT text FROM outbox WHERE chat_id = ? AND state = 'pending' AND not_before > ?",
        (chat_id, "2026-11-22T18:00:00.000000Z"),
    )
    return [row["text"] for row in rows]


async def test_a_receipt_does_not_wait_behind_a_held_status_update(h: Harness) -> None:
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    _clock(h).set(NIGHT)
    await flows.report(h, minsu)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    [held] = await _held(h, minsu.id)
    assert "처리 상태가 <b>확인" in held  # the status update waits for the morning
    await flows.report(h, minsu, description="둘째 신고: 옆집 아저씨가 쓰러졌어요")
    # The second report's receipt arrives at once, although the status update is still held.
    assert "홍제1동-2026-0002" in minsu.last().text
    assert not any("처리 상태가 확인으로" in text for text in minsu.texts())
    assert "이웃 알림 홍제1동-2026-0002" in h.last(flows.STAFF_GROUP).text
    await _morning(h)
    assert "처리 상태가 확인으로 바뀌었어요" in minsu.last().text


async def test_an_alert_to_an_admin_does_not_wait_behind_their_own_held_update(h: Harness) -> None:
    # No centre for 홍제1동: alerts go to the admin, who also reports as a volunteer.
    admin, minsu = h.person(ADMIN_ID, "관리자"), h.person(1001, "민수")
    await flows.register(h, admin)
    await flows.register(h, minsu)
    _clock(h).set(NIGHT)
    await flows.report(h, admin)
    alert = h.with_button(admin.id, "🙋 맡기")
    assert "홍제1동-2026-0001" in alert.text
    await admin.press("🙋 맡기", message=alert)
    assert any("처리 상태가 <b>확인" in text for text in await _held(h, admin.id))
    await flows.report(h, minsu, description="둘째 신고: 옆집 아저씨가 쓰러졌어요")
    # The new alert reaches the admin at 03:00, not after the admin's own update at 08:00.
    assert "이웃 알림 홍제1동-2026-0002" in h.with_button(admin.id, "🙋 맡기").text
    [row] = await h.rows(
        "SELECT state FROM outbox WHERE chat_id = ? AND dedup_key LIKE 'alert:2:%'", (admin.id,)
    )
    assert row["state"] == "sent"
    assert not any("처리 상태가 확인으로" in text for text in admin.texts())
    await _morning(h)
    assert any("처리 상태가 확인으로 바뀌었어요" in text for text in admin.texts())


@pytest.fixture
async def early_digest(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path, digest_time="03:00")  # inside quiet hours: the digest is held
    await harness.start()
    try:
        yield harness
    finally:
        await harness.close()


async def test_a_digest_held_until_morning_does_not_hold_back_new_alerts(early_digest: Harness) -> None:
    h = early_digest
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)  # Sunday afternoon: an open report for the digest to count
    _clock(h).set(NIGHT)
    assert h.runtime is not None
    await scheduler.run_due(h.runtime.deps)
    await h.settle()
    [digest] = await _held(h, flows.STAFF_GROUP)
    assert "아침 요약" in digest  # recorded at 03:00, held until 08:00
    _clock(h).advance(timedelta(minutes=5))
    await flows.report(h, minsu, description="둘째 신고: 옆집 아저씨가 쓰러졌어요")
    assert "이웃 알림 홍제1동-2026-0002" in h.last(flows.STAFF_GROUP).text
    assert not any("아침 요약" in text for text in h.texts(flows.STAFF_GROUP))
    await _morning(h)
    assert "아침 요약" in h.last(flows.STAFF_GROUP).text


async def test_a_retry_still_keeps_the_order_of_due_rows_to_its_chat(h: Harness) -> None:
    """A row that may go now but could not (5xx) still holds the later rows of its chat."""
    group = h.group(flows.STAFF_GROUP, "홍제1동 직원방")
    h.tg.faults.error_5xx, h.tg.faults.methods = 1.0, ("sendMessage",)
    now = to_db(_clock(h).now())
    async with h.db.transaction() as tx:
        first = await outbox.enqueue(tx, group, now, text="첫째")
        second = await outbox.enqueue(tx, group, now, text="둘째")
    assert h.runtime is not None and h.runtime.sender is not None
    sender = h.runtime.sender
    sender.wake()
    for _ in range(300):
        [row] = await h.rows("SELECT attempts FROM outbox WHERE id = ?", (first,))
        if row["attempts"] >= 2:
            break
        _clock(h).advance(timedelta(milliseconds=100))  # the frozen clock lets retries fall due
        sender.wake()
        await asyncio.sleep(0.01)
    [row] = await h.rows("SELECT attempts, last_error FROM outbox WHERE id = ?", (first,))
    assert row["attempts"] >= 2 and row["last_error"] == "NetworkError"
    # The second row was never tried while the first waited for its retry.
    [row] = await h.rows("SELECT attempts, state FROM outbox WHERE id = ?", (second,))
    assert (row["attempts"], row["state"]) == (0, "pending")
    h.tg.faults.error_5xx = 0.0
    for _ in range(300):
        if len(h.texts(group)) == 2:
            break
        _clock(h).advance(timedelta(seconds=1))
        sender.wake()
        await asyncio.sleep(0.01)
    assert h.texts(group) == ["첫째", "둘째"]


async def test_an_urgent_row_never_waits_behind_a_bulk_row_of_its_chat(h: Harness) -> None:
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    # A campaign message to 민수 that Telegram asked to retry in a minute (429).
    now = to_db(_clock(h).now())
    later = to_db(_clock(h).now() + timedelta(minutes=1))
    async with h.db.transaction() as tx:
        bulk = await outbox.enqueue(tx, minsu.id, now, text="캠페인", priority=outbox.BULK)
        await outbox.retry_later(tx, bulk, later, "429")
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    assert "처리 상태가 확인으로 바뀌었어요" in minsu.last().text
    assert "캠페인" not in minsu.texts()


async def test_many_held_rows_do_not_crowd_out_an_alert(h: Harness) -> None:
    """More rows held until the morning than the sender reads in one pass."""
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    _clock(h).set(NIGHT)
    now = to_db(NIGHT)
    async with h.db.transaction() as tx:
        for i in range(600):
            await outbox.enqueue(tx, 50000 + i, now, text="아침에", not_before=to_db(MORNING))
    await flows.report(h, minsu)
    assert "이웃 알림 홍제1동-2026-0001" in h.last(flows.STAFF_GROUP).text
    assert "홍제1동-2026-0001" in minsu.last().text


async def test_an_edit_of_a_held_message_waits_with_it_and_holds_nothing_back(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    _clock(h).set(NIGHT)
    now = to_db(NIGHT)
    async with h.db.transaction() as tx:
        await outbox.enqueue(tx, minsu.id, now, text="아침 소식", store_ref="t:1", not_before=to_db(MORNING))
        edit = await outbox.enqueue(tx, minsu.id, now, method="edit", text="아침 소식 (고침)", edit_ref="t:1")
        await outbox.enqueue(tx, minsu.id, now, text="지금 알림")
    assert h.runtime is not None and h.runtime.sender is not None
    h.runtime.sender.wake()
    await h.settle()
    assert minsu.last().text == "지금 알림"
    [row] = await h.rows("SELECT state, not_before FROM outbox WHERE id = ?", (edit,))
    assert (row["state"], row["not_before"]) == ("pending", to_db(MORNING))
    await _morning(h)
    assert minsu.last().text == "아침 소식 (고침)"  # the original, then its edit
    [row] = await h.rows("SELECT state FROM outbox WHERE id = ?", (edit,))
    assert row["state"] == "sent"


async def test_a_group_whose_minute_is_used_up_by_direct_calls_holds_back_no_other_chat(h: Harness) -> None:
    # Twenty direct calls to the group (button menus swapped in place, /open answers) used up its
    # minute in the limiter every call passes; the outbox row to it must wait for that window
    # without keeping an alert to an admin, queued after it, waiting too.
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    h.group(flows.STAFF_GROUP, "홍제1동 직원방")
    assert h.runtime is not None
    limiter = h.runtime.app.bot.rate_limiter
    assert limiter is not None
    for _ in range(20):
        await limiter.process_request(
            _noop, (), {}, "editMessageReplyMarkup", {"chat_id": flows.STAFF_GROUP}, None
        )
    now = to_db(_clock(h).now())
    async with h.db.transaction() as tx:
        await outbox.enqueue(tx, flows.STAFF_GROUP, now, text="그룹에 가는 알림")
        await outbox.enqueue(tx, ADMIN_ID, now, text="관리자에게 가는 알림")
    h.runtime.sender.wake()  # type: ignore[union-attr]
    for _ in range(100):  # two seconds at most, far less than the group's minute
        if "관리자에게 가는 알림" in h.texts(ADMIN_ID):
            break
        await asyncio.sleep(0.02)
    assert "관리자에게 가는 알림" in h.texts(ADMIN_ID)
    assert "그룹에 가는 알림" not in h.texts(flows.STAFF_GROUP)  # still waiting for its window


async def _noop() -> bool:
    return True
