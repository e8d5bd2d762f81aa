"""Staff workflow: take, status, notes, duplicates, transfers, details, /open, authorisation."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FrozenClock
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person


async def _setup(h: Harness) -> tuple[Person, Person, Person]:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu, phone="+821012345678")
    return admin, staff, minsu


async def test_notes_are_for_staff_only_and_never_reach_the_volunteer(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("📝 메모")
    assert "홍제1동-2026-0001" in staff.last().text and "메모" in staff.last().text
    await staff.send("가" * 1001)
    assert "메모는 1,000자까지" in staff.last().text
    await staff.send("어르신 따님과 통화함. 내일 방문 예정")
    assert staff.last().text == "메모를 남겼어요: 홍제1동-2026-0001"
    before = len(minsu.texts())
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    texts = staff.texts()
    assert any("어르신 따님과 통화함. 내일 방문 예정" in text and "김주무관" in text for text in texts[-2:])
    assert len(minsu.texts()) == before
    assert not any("따님" in text for text in minsu.texts())
    assert not any("따님" in text for text in h.texts(flows.STAFF_GROUP))


async def test_duplicate_closes_the_report_and_tells_the_volunteer(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    await flows.report(h, minsu, description="첫 신고")
    await flows.report(h, minsu, description="같은 일 두 번째 신고")
    second = h.last(flows.STAFF_GROUP)
    assert "홍제1동-2026-0002" in second.text
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP, message=second)
    await staff.press("🔁 중복 표시")
    await staff.send("없는-번호")
    assert "찾지 못했어요" in staff.last().text
    await staff.send("홍제1동-2026-0002")
    assert "자기 자신" in staff.last().text
    await staff.send("홍제1동-2026-0001")
    assert staff.last().text == "홍제1동-2026-0002를 홍제1동-2026-0001의 중복으로 표시하고 종결했어요."
    assert "이미 접수된 같은 일로 함께 처리하고 있어요" in minsu.last().text
    assert "상태: 종결" in h.tg.messages[(flows.STAFF_GROUP, second.message_id)].text
    [row] = await h.rows("SELECT status, duplicate_of FROM reports WHERE ref = '홍제1동-2026-0002'")
    assert (row["status"], row["duplicate_of"]) == ("closed", 1)


async def test_transfer_routes_the_alert_to_the_new_dong_and_tells_the_volunteer(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    other = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("➡️ 다른 동으로 이관")
    await staff.send("홍제1")
    answer = await staff.press("홍제1동 · 서대문구")
    assert answer["text"] == "이미 그 동의 신고예요."
    await staff.send("홍은1")
    await staff.press("홍은1동 · 서대문구")
    assert staff.last().text == "홍제1동-2026-0001을 홍은1동으로 이관했어요."
    moved = h.last(flows.OTHER_GROUP)
    assert "이웃 알림 홍제1동-2026-0001" in moved.text
    assert "서울특별시 서대문구 홍은1동" in moved.text and "홍제1동에서 넘어온 신고" in moved.text
    old = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    assert "홍은1동으로 이관했어요" in old.text and old.buttons == []
    assert "관할 아님" in minsu.last().text and "홍은1동 동주민센터로 넘겨서" in minsu.last().text
    # The old centre can no longer act on it; the new one can.
    answer = await staff.press_data(f"rp:tk:{1}", old)
    assert answer["text"] == "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요."
    await other.press("🙋 맡기", chat=flows.OTHER_GROUP)
    assert "담당: 홍은 직원" in h.tg.messages[(flows.OTHER_GROUP, moved.message_id)].text
    await minsu.send("/myreports")
    assert "→ 홍은1동" in minsu.last().text


async def test_details_are_only_for_staff_of_that_centre_and_every_view_is_logged(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    other = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    stranger = h.person(3001, "행인")
    await stranger.send("/start")
    await flows.report(h, minsu, description="비밀스러운 내용 canary-71")
    alert = h.last(flows.STAFF_GROUP)
    for intruder in (stranger, other, minsu):
        for label in ("🔒 자세히 (1:1)", "🙋 맡기", "🔄 상태 변경"):
            answer = await intruder.press(label, chat=flows.STAFF_GROUP, message=alert)
            assert answer == {
                "text": "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요.",
                "show_alert": True,
            }
        for data in ("rp:ss:1:closed", "rp:nt:1", "rp:dp:1", "rp:tr:1", "rp:bk:1"):
            await intruder.press_data(data, alert)
    for person in (stranger, other):
        assert not any("canary-71" in text for text in person.texts())
    assert not any("직원 전용" in text for text in minsu.texts())  # the reporter saw no details view
    [row] = await h.rows("SELECT status, assignee_id FROM reports")
    assert (row["status"], row["assignee_id"]) == ("received", None)
    refused = await h.rows("SELECT count(*) AS n FROM access_log WHERE action = 'refused'")
    assert refused[0]["n"] >= 15
    assert await h.rows("SELECT * FROM access_log WHERE action = 'view_details'") == []
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert "canary-71" in staff.last().text
    [view] = await h.rows(
        "SELECT actor_id, report_id, created_at FROM access_log WHERE action = 'view_details'"
    )
    assert (view["actor_id"], view["report_id"]) == (2001, 1)


async def test_forged_and_malformed_callbacks_change_nothing(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    for data in (
        "rp:tk:999",
        "rp:ss:1:deleted",
        "rp:ss:1",
        "rp:tk:abc",
        "rp:dt:-1",
        "vo:ap:99999",
        "zz",
        "sr:1:1",
    ):
        answer = await staff.press_data(data, alert)
        assert answer.get("text") in (
            "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요.",
            "지난 버튼이에요. 처음부터 다시 해 주세요.",
            "관리자만 쓸 수 있어요.",
        ), (data, answer)
    [row] = await h.rows("SELECT status, assignee_id FROM reports")
    assert (row["status"], row["assignee_id"]) == ("received", None)


async def test_no_button_forged_or_old_moves_a_report_back_to_received(h: Harness) -> None:
    """The status buttons offer checking, in progress and closed; only a transfer returns a
    report to received (for its new centre). A forged press does not, whatever the state."""
    _, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    for status in ("received", "in_progress", "closed"):
        if status != "received":
            await staff.press_data(f"rp:ss:1:{status}", alert)
        answer = await staff.press_data("rp:ss:1:received", alert)
        old = "지난 버튼이에요. 처음부터 다시 해 주세요."
        expected = "이미 그 상태예요." if status == "received" else old
        assert answer.get("text") == expected, (status, answer)
        [row] = await h.rows("SELECT status FROM reports")
        assert row["status"] == status
    events = await h.rows("SELECT detail FROM report_events WHERE kind = 'status' ORDER BY id")
    assert [e["detail"] for e in events] == ["received->in_progress", "in_progress->closed"]


async def test_revoked_staff_are_refused_on_their_next_press(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    await flows.report(h, minsu)
    await admin.send("/staff")
    listing = admin.last()
    assert "김주무관" in listing.text and "홍제1동" in listing.text
    await admin.press("해제: 김주무관 · 홍제1동")
    assert admin.last().text == "김주무관님의 홍제1동 직원 권한을 해제했어요."
    answer = await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    assert answer["text"] == "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요."
    await staff.send("/open", chat=flows.STAFF_GROUP)
    assert h.last(flows.STAFF_GROUP).text == "동주민센터 직원만 볼 수 있어요."
    rows = await h.rows(
        "SELECT action, target_user_id FROM access_log WHERE action LIKE 'staff_%' ORDER BY id"
    )
    assert [(r["action"], r["target_user_id"]) for r in rows] == [
        ("staff_grant", 2001),
        ("staff_revoke", 2001),
    ]
    # Only admins manage staff.
    await staff.send("/staff")
    assert staff.last().text == "관리자만 쓸 수 있어요."


async def test_open_lists_unresolved_reports_oldest_first_with_age_and_assignee(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    assert isinstance(h.clock, FrozenClock)
    await flows.report(h, minsu, description="첫째")
    h.clock.advance(timedelta(days=3))
    await flows.report(h, minsu, description="둘째")
    h.clock.advance(timedelta(hours=5))
    await flows.report(h, minsu, description="셋째")
    h.clock.advance(timedelta(minutes=7))
    second = h.with_button(flows.STAFF_GROUP, "🙋 맡기")
    second = next(m for m in h.messages(flows.STAFF_GROUP) if "홍제1동-2026-0002" in m.text)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP, message=second)
    third = next(m for m in h.messages(flows.STAFF_GROUP) if "홍제1동-2026-0003" in m.text)
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP, message=third)
    await staff.press("종결", chat=flows.STAFF_GROUP, message=third)
    await staff.send("/open", chat=flows.STAFF_GROUP)
    listing = h.last(flows.STAFF_GROUP).text.splitlines()
    assert listing[0] == "처리 중인 신고 · 홍제1동 (2건, 오래된 순)"
    assert listing[1] == "• 홍제1동-2026-0001 · 홀몸 어르신 안부 · 접수 · 3일 전 · 담당 없음"
    assert listing[2] == "• 홍제1동-2026-0002 · 홀몸 어르신 안부 · 확인 · 5시간 전 · 담당 김주무관"
    await staff.send("/open")
    assert staff.last().text.splitlines()[0] == "처리 중인 신고 · 홍제1동 (2건, 오래된 순)"
    await minsu.send("/open")
    assert minsu.last().text == "동주민센터 직원만 볼 수 있어요."


async def test_details_need_a_private_chat_with_the_bot_first(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    h.tg.started.discard(2001)  # as if they had never opened a private chat with the bot
    answer = await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert answer["show_alert"] is True and "1:1 대화를 시작해" in answer["text"]


async def test_anonymous_reports_hide_the_reporter_even_in_details(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    await flows.report(h, minsu, anonymous=True, photo="photo-abc")
    assert "익명 (연락 불가)" in h.last(flows.STAFF_GROUP).text
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    details = [m for m in h.messages(2001) if "자세히" in m.text][-1]
    assert "익명 (연락 불가)" in details.text
    assert "+821012345678" not in details.text and "민수" not in details.text
    photo = h.last(2001)
    assert photo.kind == "photo" and photo.extra["photo"] == "photo-abc"


async def test_english_staff_see_english_buttons_answers(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "Admin", lang="en")
    staff = h.person(2001, "Kim", lang="en")
    await admin.send("/start")
    code = await flows.invite_code(h, admin)
    assert "Staff invite code for" in admin.last().text
    await staff.send(f"/join {code}")
    assert "You are now staff of the" in staff.last().text
    h.group(flows.STAFF_GROUP, "staff")
    await staff.send("/link", chat=flows.STAFF_GROUP)
    await staff.press("✅ Send alerts here", chat=flows.STAFF_GROUP)
    assert "This group is now the alert chat" in h.last(flows.STAFF_GROUP).text
