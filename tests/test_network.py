"""Over a network like the real one (issue 13): every Bot API call takes its round trip (the fake
server's latency setting, with jitter) and Telegram's limits are enforced (30 a second, 20 a
minute to a group, a small burst then one a second to a person). An instant fake server hid how
a one-call-at-a-time sender let a campaign hold alerts back; these tests would catch it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from botapi.records import Faults
from core.clock import to_db
from delivery.rate_limit import Limits, SlidingWindowLimiter
from storage import outbox
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person
from tests.test_campaigns import HEADER, _received, _volunteers

LATENCY = 0.05  # seconds a call; the benchmarks use 30 and 150 ms


def _network(h: Harness, latency: float = LATENCY) -> None:
    h.tg.latency = latency
    h.tg.rate_limit = 30
    assert h.runtime is not None
    limiter = h.runtime.app.bot.rate_limiter
    assert isinstance(limiter, SlidingWindowLimiter)
    limiter.limits = Limits()  # Telegram's numbers, per person too (the harness relaxes them)


async def _preview(h: Harness) -> tuple[Person, Person]:
    """A centre with its staff group, and a volunteer whose report waits at its last step."""
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("홀몸 어르신 안부")
    await minsu.press("📍 홍제1동")
    await minsu.send("홍제시장 뒤 파란 대문")
    await minsu.send("3층 할머니가 일주일째 안 보여요")
    await minsu.press("사진 없이 계속")
    await minsu.press("연락해도 돼요")
    return staff, minsu


async def _until(condition: object, timeout: float) -> float:
    """Seconds until `condition()` holds (fails the test after `timeout`)."""
    began = time.monotonic()
    while not condition():  # type: ignore[operator]
        if time.monotonic() - began > timeout:
            raise AssertionError("timed out")
        await asyncio.sleep(0.005)
    return time.monotonic() - began


async def test_an_alert_overtakes_a_running_campaign(h: Harness) -> None:
    staff, minsu = await _preview(h)
    volunteers = await _volunteers(h, 10_000, 240, approved=True)
    _network(h)
    await staff.send("/campaign")
    await staff.send("겨울철 안부 살피기")
    preview = staff.last()
    await h.tg.press(2001, preview, preview.button_data("📣 보내기"))

    def delivered() -> int:
        return sum(len(_received(h, uid)) for uid in volunteers)

    await _until(lambda: delivered() >= 60, timeout=20)
    confirm = h.with_button(minsu.id, "✅ 보내기")
    before = delivered()
    await h.tg.press(minsu.id, confirm, confirm.button_data("✅ 보내기"))
    waited = await _until(
        lambda: any("이웃 알림 홍제1동-2026-0001" in text for text in h.texts(flows.STAFF_GROUP)), timeout=10
    )
    overtaken = delivered() - before
    # One round trip to hear of the press, one for the alert, and a slot in the 30 a second.
    assert waited < 1.0, waited
    assert overtaken < 30, overtaken  # far from the 180 campaign messages still waiting
    assert delivered() < len(volunteers)  # the campaign was still running
    await h.settle(timeout=30)
    wrong = {uid: len(_received(h, uid)) for uid in volunteers if len(_received(h, uid)) != 1}
    rows = await h.rows("SELECT chat_id, state, attempts, last_error FROM outbox WHERE state != 'sent'")
    assert not wrong, (wrong, [dict(row) for row in rows])  # none lost, none twice
    assert any(text.startswith(HEADER) for text in h.texts(volunteers[0]))
    assert "홍제1동-2026-0001" in minsu.last().text
    assert h.tg.rate_limited == 0  # Telegram's limits kept, with calls in flight at once


async def test_a_direct_reply_that_meets_a_429_over_the_network_is_retried(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await h.person(ADMIN_ID, "관리자").send("/start")
    await flows.register(h, minsu)
    _network(h)
    h.tg.faults = Faults(too_many=1.0, retry_after=1, methods=("sendMessage",))

    async def telegram_recovers() -> None:  # after it refused the reply at least once
        await _until(lambda: any(code == 429 for *_, code in h.tg.requests), timeout=10)
        await asyncio.sleep(0.2)
        h.tg.faults = Faults()

    recovery = asyncio.create_task(telegram_recovers())
    await minsu.send("/report")
    await recovery
    await h.settle()
    assert "지금 당장 위험한 사람이 있나요?" in minsu.last().text
    assert any(status == 429 for _, method, _, status in h.tg.requests if method == "sendMessage")


@pytest.mark.parametrize("stop", ["clean", "crash"])
async def test_a_restart_provokes_no_429_from_a_group_whose_minute_is_used_up(
    tmp_path: Path, stop: str
) -> None:
    """Twenty messages went to the group in the last minute; after a restart (a clean stop, or
    a crash: then only the outbox tells) the next ones wait for the group's window, and the
    rows to other chats go at once."""
    h = Harness(tmp_path)
    await h.start()
    try:
        group = h.group(flows.STAFF_GROUP, "홍제1동 직원방")
        admin = h.person(ADMIN_ID, "관리자")
        await admin.send("/start")
        _network(h, latency=0.02)
        now = to_db(h.clock.now())
        async with h.db.transaction() as tx:
            for i in range(20):
                await outbox.enqueue(tx, group, now, text=f"알림 {i}")
        assert h.runtime is not None and h.runtime.sender is not None
        h.runtime.sender.wake()
        await h.settle()
        assert len(h.texts(group)) == 20
        await h.stop()
        if stop == "crash":
            db = h.offline_db()  # a crash saves no windows
            await db.open()
            async with db.transaction() as tx:
                await tx.execute("DELETE FROM rate_memory")
            await db.close()
        await h.start()
        now = to_db(h.clock.now())
        async with h.db.transaction() as tx:
            await outbox.enqueue(tx, group, now, text="재시작 뒤 알림")
            await outbox.enqueue(tx, ADMIN_ID, now, text="관리자에게")
        assert h.runtime is not None and h.runtime.sender is not None
        h.runtime.sender.wake()
        await _until(lambda: "관리자에게" in h.texts(ADMIN_ID), timeout=3)
        await asyncio.sleep(1.0)
        assert "재시작 뒤 알림" not in h.texts(group)  # waits for the group's minute
        assert h.tg.rate_limited == 0, h.tg.refused_429
    finally:
        await h.close()


async def test_one_persons_round_trips_do_not_hold_up_another(h: Harness) -> None:
    """Updates of different people are handled at once; one person's in the order sent."""
    people = [h.person(3000 + i, f"사람{i}") for i in range(10)]
    _network(h, latency=0.2)
    for person in people:
        await h.tg.text(person.id, "/start")
    await h.tg.text(people[0].id, "/help")
    began = time.monotonic()
    await _until(lambda: all(h.texts(person.id) for person in people), timeout=10)
    # One by one, ten people's /start would take ten round trips at least (2 s).
    assert time.monotonic() - began < 1.5
    await h.settle()
    first = h.texts(people[0].id)
    help_at = next(i for i, text in enumerate(first) if "/report" in text and i > 0)
    assert help_at > 0  # the reply to /start came first, then the help


async def test_a_question_edited_in_place_that_meets_a_429_is_retried(h: Harness) -> None:
    """The next question of a form comes as an edit of the one answered: a 429 on it is waited
    out like one on a sent reply, or the person would be left with no question to answer."""
    minsu = h.person(1001, "민수")
    await h.person(ADMIN_ID, "관리자").send("/start")
    await flows.register(h, minsu)
    await minsu.send("/report")
    _network(h)
    h.tg.faults = Faults(too_many=1.0, retry_after=1, methods=("editMessageText",))

    async def telegram_recovers() -> None:
        await _until(lambda: any(code == 429 for *_, code in h.tg.requests), timeout=10)
        h.tg.faults = Faults()

    recovery = asyncio.create_task(telegram_recovers())
    await minsu.press("아니요, 급하지 않아요")
    await recovery
    await h.settle()
    assert minsu.last().text == "어떤 일인가요?"
    assert any(code == 429 for _, method, _, code in h.tg.requests if method == "editMessageText")


async def test_a_hundred_rows_waiting_on_one_full_group_keep_no_other_chat_out(h: Harness) -> None:
    """More rows than the sender reads at a time wait on a group whose minute is used up: an
    alert to an admin, recorded after all of them, still goes at once."""
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    group = h.group(flows.STAFF_GROUP, "홍제1동 직원방")
    _network(h, latency=0.02)
    assert h.runtime is not None and h.runtime.sender is not None
    limiter = h.runtime.sender.limiter
    while limiter.reserve(group) is not None:  # the group's 20 a minute are used up
        await asyncio.sleep(0.04)
    now = to_db(h.clock.now())
    async with h.db.transaction() as tx:
        for i in range(100):
            await outbox.enqueue(tx, group, now, text=f"대기 {i}")
        await outbox.enqueue(tx, ADMIN_ID, now, text="관리자에게 가는 알림")
    h.runtime.sender.wake()
    assert await _until(lambda: "관리자에게 가는 알림" in h.texts(ADMIN_ID), timeout=3) < 1.0
    assert not any(text.startswith("대기") for text in h.texts(group))
