"""Alerts that cannot reach their person yet are kept, not dropped (issue 12).

A private chat answers 403 when the person never started the bot or blocked it. Urgent rows to
them (alerts, receipts, status updates) are parked, with the reason, and go out as soon as the
person writes to the bot again. Bulk rows (campaigns, announcements) still fail and are counted.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests import flows
from tests.harness import ADMIN_ID, Harness

OTHER_ADMIN = 900002


async def test_an_alert_to_an_admin_who_never_started_the_bot_waits_for_their_start(h: Harness) -> None:
    admin, minsu = h.person(ADMIN_ID, "관리자"), h.person(1001, "민수")
    await flows.register(h, minsu)
    assert ADMIN_ID not in h.tg.started
    await flows.report(h, minsu)  # 홍제1동 has no centre: the alert goes to the admin
    assert h.messages(ADMIN_ID) == []
    rows = await h.rows("SELECT state, last_error, store_ref FROM outbox WHERE chat_id = ?", (ADMIN_ID,))
    # The alert, and the notice of a new volunteer to approve, both wait for the admin.
    assert {(r["state"], r["last_error"]) for r in rows} == {("parked", "recipient has not started the bot")}
    assert any((r["store_ref"] or "").startswith("alert:") for r in rows)
    await admin.send("/start")
    alert = h.with_button(ADMIN_ID, "🙋 맡기")
    assert "이웃 알림 홍제1동-2026-0001" in alert.text and "동주민센터 단톡방이 없어" in alert.text
    [row] = await h.rows(
        "SELECT state FROM outbox WHERE chat_id = ? AND store_ref LIKE 'alert:%'", (ADMIN_ID,)
    )
    assert row["state"] == "sent"
    await admin.press("🙋 맡기", message=alert)
    assert "담당: 관리자" in h.tg.messages[(ADMIN_ID, alert.message_id)].text
    assert any("처리 상태가 <b>확인" in text or "처리 상태가 확인" in text for text in minsu.texts())


@pytest.fixture
async def two_admins(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path, admins=[ADMIN_ID, OTHER_ADMIN])
    await harness.start()
    try:
        yield harness
    finally:
        await harness.close()


async def test_a_parked_alert_goes_out_up_to_date(two_admins: Harness) -> None:
    h = two_admins
    admin, other, minsu = (
        h.person(ADMIN_ID, "관리자"),
        h.person(OTHER_ADMIN, "부관리자"),
        h.person(1001, "민수"),
    )
    await admin.send("/start")
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    alert = h.with_button(ADMIN_ID, "🙋 맡기")
    assert h.messages(OTHER_ADMIN) == []
    await admin.press("🙋 맡기", message=alert)  # the other admin's copy must say so too
    assert h.messages(OTHER_ADMIN) == []
    # The reachable admin is told once, although several messages wait for the other.
    told = [
        text for text in admin.texts() if f"<code>{OTHER_ADMIN}</code>" in text or str(OTHER_ADMIN) in text
    ]
    assert len(told) == 1 and "아직 봇과 대화를 시작하지 않아" in told[0]
    await other.send("/start")
    [copy] = [m for m in h.messages(OTHER_ADMIN) if "이웃 알림 홍제1동-2026-0001" in m.text]
    assert "담당: 관리자" in h.tg.messages[(OTHER_ADMIN, copy.message_id)].text
    pending = await h.rows("SELECT id FROM outbox WHERE state IN ('pending', 'parked')")
    assert pending == []


async def test_a_volunteer_who_blocked_the_bot_gets_their_update_when_they_come_back(h: Harness) -> None:
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    h.tg.blocked.add(minsu.id)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    [row] = await h.rows("SELECT state, last_error FROM outbox WHERE chat_id = 1001 AND state <> 'sent'")
    assert (row["state"], row["last_error"]) == ("parked", "recipient blocked the bot")
    assert "민수(1001)님에게 메시지를 보낼 수 없어요" in admin.last().text
    # A second update while they are away: the admins are not told about them again.
    before = len(admin.texts())
    staff_alert = h.with_button(flows.STAFF_GROUP, "🔄 상태 변경")
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP, message=staff_alert)
    await staff.press("조치중", chat=flows.STAFF_GROUP, message=staff_alert)
    assert len(admin.texts()) == before
    h.tg.blocked.discard(minsu.id)
    await minsu.send("/help")
    texts = minsu.texts()
    assert any("처리 상태가 확인으로 바뀌었어요" in text for text in texts)
    [user] = await h.rows("SELECT unreachable_at FROM users WHERE id = 1001")
    assert user["unreachable_at"] is None
    assert await h.rows("SELECT id FROM outbox WHERE state = 'parked'") == []


async def test_a_message_in_a_group_does_not_release_what_waits_for_a_private_chat(h: Harness) -> None:
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    h.tg.blocked.add(minsu.id)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    h.group(flows.OTHER_GROUP, "동네 모임")
    await minsu.send("안녕하세요", chat=flows.OTHER_GROUP)
    [row] = await h.rows("SELECT state FROM outbox WHERE chat_id = 1001 AND state <> 'sent'")
    assert row["state"] == "parked"


async def test_the_operator_is_told_at_start_which_admins_never_started_the_bot(
    two_admins: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = two_admins
    await h.person(ADMIN_ID, "관리자").send("/start")
    h.person(OTHER_ADMIN, "부관리자")
    with caplog.at_level(logging.WARNING, logger="app.runtime"):
        await h.restart()
    lines = [r.getMessage() for r in caplog.records if r.name == "app.runtime"]
    [line] = [text for text in lines if "/start" in text]
    assert str(OTHER_ADMIN) in line and str(ADMIN_ID) not in line and "부관리자" not in line



async def test_a_group_taken_for_another_centre_says_where_the_first_centres_alerts_go(h: Harness) -> None:
    """A group serves one centre. Staff of two 동 who link their first 동's group for the
    second are warned before, told after, and so are the admins: the first 동's alerts go to the
    admins until it links a group again (nothing about it is lost or goes unseen)."""
    admin, staff, minsu = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관"), h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await staff.send(f"/join {await flows.invite_code(h, admin, '홍은1동', '홍은1동 · 서대문구')}")
    await staff.send("/link", chat=flows.STAFF_GROUP)  # staff of two 동: asked which
    asked = h.last(flows.STAFF_GROUP)
    assert "이 방은 지금 서울특별시 서대문구 홍제1동 동주민센터의 알림 방이에요" in asked.text
    await staff.press("서울특별시 서대문구 홍은1동", chat=flows.STAFF_GROUP)
    done = h.last(flows.STAFF_GROUP).text
    assert "홍은1동" in done
    assert "서울특별시 서대문구 홍제1동 동주민센터의 신고 알림은 이제 관리자에게 가요" in done
    told = [text for text in admin.texts() if "홍제1동 동주민센터의 알림 방이 없어졌어요" in text]
    assert len(told) == 1 and "홍제1동 직원방" in told[0]
    rows = await h.rows("SELECT area_code, chat_id FROM centres ORDER BY area_code")
    assert [(r["area_code"], r["chat_id"]) for r in rows] == [
        (flows.HONGJE1, None), (flows.HONGEUN1, flows.STAFF_GROUP),
    ]  # fmt: skip
    await flows.register(h, minsu)  # a volunteer of 홍제1동
    await flows.report(h, minsu)
    assert "이웃 알림 홍제1동-2026-0001" in admin.last().text


async def test_the_database_keeps_a_group_to_one_centre(h: Harness) -> None:
    admin, staff = h.person(ADMIN_ID, "관리자"), h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    with pytest.raises(Exception, match=r"UNIQUE|unique constraint"):
        async with h.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO centres (area_code, chat_id, lang) VALUES (?, ?, 'ko')",
                (flows.HONGEUN1, flows.STAFF_GROUP),
            )
