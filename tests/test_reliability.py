"""Never lose a report: restarts, replays, migrated and blocked chats, injected faults."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections import defaultdict
from pathlib import Path

from botapi.records import Faults
from core.clock import Clock
from features.reports import actions as report_service
from storage import inbox
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness


async def test_a_restart_in_the_middle_of_a_report_resumes_at_the_same_step(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("주거 위기")
    await minsu.press("📍 홍제1동")
    await minsu.send("반지하 101호")
    await h.restart()
    await minsu.send("장마 때마다 물이 차서 어르신이 못 나오세요")
    assert "사진이 있으면" in minsu.last().text
    await minsu.press("사진 없이 계속")
    await minsu.press("연락해도 돼요")
    preview = minsu.last().text
    assert "분류: 주거 위기" in preview and "위치: 반지하 101호" in preview
    await minsu.press("✅ 보내기")
    [row] = await h.rows("SELECT category, place_text, description FROM reports")
    assert tuple(row) == ("housing", "반지하 101호", "장마 때마다 물이 차서 어르신이 못 나오세요")


async def test_updates_delivered_twice_change_nothing(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    alerts_before = len(h.messages(flows.STAFF_GROUP))
    # Telegram sends every update again (as after a lost getUpdates answer).
    for payload in list(h.tg.history):
        kind = next(key for key in payload if key != "update_id")
        if kind == "callback_query":
            h.tg.open_queries.add(payload[kind]["id"])
        await h.tg.push(kind, payload[kind], update_id=payload["update_id"])
    await h.settle()
    assert len(await h.rows("SELECT id FROM reports")) == 1
    assert len(h.messages(flows.STAFF_GROUP)) == alerts_before
    assert sum("접수했어요" in text for text in minsu.texts()) == 1


async def test_stored_but_unhandled_updates_are_handled_after_a_restart(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await h.stop()
    # As if the bot died right after storing this update, before handling it.
    update = {
        "update_id": 5000,
        "message": {
            "message_id": 900, "date": int(time.time()), "chat": h.tg.chats[1001],
            "from": h.tg.users[1001], "text": "/myreports",
            "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
        },
    }  # fmt: skip
    db = h.offline_db()
    await db.open()
    async with db.transaction() as tx:
        await inbox.store(tx, [(5000, update)], seed.NOW)
    await db.close()
    await h.start()
    await h.settle()
    assert "아직 알린 내용이 없어요" in minsu.last().text
    [row] = await h.rows("SELECT handled_at FROM inbox WHERE update_id = 5000")
    assert row["handled_at"] is not None


async def test_an_update_that_cannot_be_read_does_not_hold_up_the_ones_after_it(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    broken = await h.tg.push("message", {"message_id": 1, "date": 0, "chat": "not a chat"})
    await minsu.send("/myreports")
    await h.settle()
    assert "아직 알린 내용이 없어요" in minsu.last().text
    [row] = await h.rows("SELECT handled_at, payload FROM inbox WHERE update_id = ?", (broken,))
    assert row["handled_at"] is not None and row["payload"] == "{}"


async def test_a_migrated_group_gets_the_alert_in_its_new_supergroup(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    old_group = -4001
    await flows.centre(h, admin, staff, group=old_group)
    await flows.register(h, minsu)
    new_group = -1004001
    h.group(new_group, "홍제1동 직원방 (supergroup)")
    h.tg.migrated[old_group] = new_group
    await flows.report(h, minsu)
    assert "이웃 알림 홍제1동-2026-0001" in h.last(new_group).text
    [row] = await h.rows("SELECT chat_id FROM centres")
    assert row["chat_id"] == new_group
    await staff.press("🙋 맡기", chat=new_group)
    assert "담당: 김주무관" in h.last(new_group).text


async def test_a_group_that_removed_the_bot_reroutes_alerts_to_admins(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    h.tg.blocked.add(flows.STAFF_GROUP)
    await flows.report(h, minsu)
    texts = admin.texts()
    assert any("홍제1동 동주민센터 단톡방에 메시지를 보낼 수 없어요" in text for text in texts)
    rerouted = [m for m in h.messages(ADMIN_ID) if "이웃 알림 홍제1동-2026-0001" in m.text]
    assert len(rerouted) == 1 and "관리자에게 대신 보내요" in rerouted[0].text
    assert rerouted[0].button_labels() == ["🙋 맡기", "🔄 상태 변경", "🔒 자세히 (1:1)"]
    # The admin's copy is the one kept up to date from now on.
    await admin.press("🙋 맡기", message=rerouted[0])
    assert "담당: 관리자" in h.tg.messages[(ADMIN_ID, rerouted[0].message_id)].text
    # Later reports go straight to the admins until the group is linked again.
    await flows.report(h, minsu, description="두 번째")
    assert "이웃 알림 홍제1동-2026-0002" in admin.last().text
    [centre] = await h.rows("SELECT unreachable_at FROM centres")
    assert centre["unreachable_at"] is not None
    h.tg.blocked.discard(flows.STAFF_GROUP)
    await staff.send("/link", chat=flows.STAFF_GROUP)
    await flows.report(h, minsu, description="세 번째")
    assert "이웃 알림 홍제1동-2026-0003" in h.last(flows.STAFF_GROUP).text


async def test_a_volunteer_who_blocked_the_bot_is_marked_unreachable(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    h.tg.blocked.add(1001)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    [user] = await h.rows("SELECT unreachable_at FROM users WHERE id = 1001")
    assert user["unreachable_at"] is not None
    # Their status update is kept for when they come back (tests/test_unreachable.py), not failed.
    waiting = await h.rows("SELECT state, last_error FROM outbox WHERE chat_id = 1001 AND state <> 'sent'")
    assert [(r["state"], r["last_error"]) for r in waiting] == [("parked", "recipient blocked the bot")]
    assert "민수(1001)님에게 메시지를 보낼 수 없어요" in admin.last().text
    assert "담당: 김주무관" in h.last(flows.STAFF_GROUP).text


async def test_faults_delay_but_never_lose_alerts_and_respect_limits(tmp_path: Path) -> None:
    """20% of calls fail with 5xx or time out, 20% answer 429: every alert still arrives,
    no chat is called again before its retry_after, and the limits are never exceeded."""
    h = Harness(tmp_path, clock=Clock(), http_timeout=0.5)
    await h.start()
    try:
        areas = seed.seoul_areas(10)
        groups = {code: -1002000000000 - i for i, code in enumerate(areas)}
        for i, code in enumerate(areas):
            h.group(groups[code], f"centre {i}")
            await seed.centre_with_staff(h.db, code, groups[code], 5000 + i)
        volunteers = list(range(10001, 10051))
        for i, user_id in enumerate(volunteers):
            h.person(user_id, f"봉사자{user_id}")
            h.tg.started.add(user_id)
            await seed.volunteer(h.db, user_id, areas[i % 10])
        h.tg.faults.error_5xx, h.tg.faults.timeout, h.tg.faults.too_many = 0.1, 0.1, 0.2
        h.tg.faults.hang = 1.0
        assert h.runtime is not None
        deps = h.runtime.deps
        for i, user_id in enumerate(volunteers):
            draft = report_service.Draft(
                draft_id=f"fault-{i}", category="isolation", area_code=areas[i % 10], place_text="골목",
                latitude=None, longitude=None, description=f"내용 {i}", photo_file_id=None, contact_ok=True,
            )  # fmt: skip
            await report_service.submit(deps, user_id, draft)
        await _wait_until_drained(h, timeout=120)
    finally:
        await h.close()

    refs = {f"-{i:04d}" for i in range(1, 6)}
    for code, chat in groups.items():
        alerts = [m.text for m in h.tg.chat(chat) if "이웃 알림" in m.text]
        assert {re.search(r"-\d{4}$", text.splitlines()[0]).group(0) for text in alerts} == refs, code  # type: ignore[union-attr]
        duplicates = len(alerts) - len(set(alerts))
        timed_out = sum(1 for _, _, p in h.tg.timeouts if int(p["chat_id"]) == chat)
        assert duplicates <= timed_out
    for user_id in volunteers:
        assert any("접수했어요" in m.text for m in h.tg.chat(user_id)), user_id
    assert h.tg.timeouts and any(status == 429 for *_, status in h.tg.requests)
    _assert_limits_respected(h)


async def _wait_until_drained(h: Harness, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = await h.db.scalar("SELECT count(*) FROM outbox WHERE state = 'pending'")
        if pending == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("outbox not drained")


def _assert_limits_respected(h: Harness) -> None:
    sends = [(t, chat) for t, method, chat, _ in h.tg.requests if method != "getUpdates" and chat is not None]
    times = sorted(t for t, _ in sends)
    for i, start in enumerate(times):
        within = sum(1 for t in times[i : i + 40] if t - start < 1.0)
        assert within <= 30, "more than 30 calls in one second"
    by_chat: dict[int, list[float]] = defaultdict(list)
    for t, chat in sends:
        by_chat[chat].append(t)
    for chat, stamps in by_chat.items():
        stamps.sort()
        if chat < 0:
            for i, start in enumerate(stamps):
                assert sum(1 for t in stamps[i:] if t - start < 60.0) <= 20, chat
        else:
            for a, b in itertools.pairwise(stamps):
                assert b - a >= 0.95, f"two messages to private chat {chat} within a second"
    # After a 429 the same chat is not called again before retry_after has passed.
    for t429, _method, limited, status in h.tg.requests:
        if status != 429 or limited is None:
            continue
        later = [t for t, _, c, _ in h.tg.requests if c == limited and t > t429]
        assert not later or min(later) - t429 >= h.tg.faults.retry_after - 0.05, limited


async def test_a_direct_reply_that_meets_a_429_is_waited_out_and_sent(h: Harness) -> None:
    # Telegram answers 429 to the next question of a conversation: the person is waiting for
    # it, so the bot waits as Telegram asks and sends it, instead of dropping it.
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    h.tg.faults = Faults(too_many=1.0, retry_after=1, methods=("sendMessage",))

    async def telegram_recovers() -> None:
        await asyncio.sleep(0.3)
        h.tg.faults = Faults()

    recovery = asyncio.create_task(telegram_recovers())
    await minsu.send("/report")
    await recovery
    await h.settle()
    assert "지금 당장 위험한 사람이 있나요?" in minsu.last().text
