"""/report step by step: emergency check, each step's bad input, edit, cancel, limits."""

from __future__ import annotations

from tests import flows
from tests.harness import ADMIN_ID, Harness, Person


async def _registered(h: Harness) -> Person:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    return minsu


async def test_emergency_answer_points_to_119_and_112_then_continues(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    assert "지금 당장 위험한 사람이 있나요?" in minsu.last().text
    await minsu.press("🚨 네, 지금 위험해요")
    texts = minsu.texts()
    # The advice comes right below the answered question (its buttons gone), then the next one.
    assert "지금 당장 위험한 사람이 있나요?" in texts[-3] and not h.messages(minsu.id)[-3].button_labels()
    assert "119(화재·구급) 또는 112(경찰)에 전화하세요" in texts[-2]
    assert minsu.last().text == "어떤 일인가요?"
    assert "고립·은둔 의심" in minsu.last().button_labels()
    assert len(minsu.last().button_labels()) == 8


async def test_a_question_answered_with_a_button_becomes_the_next_in_place(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    asked = minsu.last()
    count, calls = len(h.messages(minsu.id)), len(h.tg.requests)
    await minsu.press("아니요, 급하지 않아요")
    # The same message now asks the next question; nothing new was sent, nothing else edited.
    assert len(h.messages(minsu.id)) == count
    now = minsu.last()
    assert (now.message_id, now.text) == (asked.message_id, "어떤 일인가요?")
    assert len(now.button_labels()) == 8
    assert [method for _, method, _, _ in h.tg.requests[calls:] if method != "getUpdates"] == [
        "answerCallbackQuery",
        "editMessageText",
    ]
    # After a typed answer the next question comes as a new message below it.
    await minsu.press("홀몸 어르신 안부")
    await minsu.press("📍 홍제1동")
    await minsu.send("홍제시장 뒤 골목")
    assert minsu.last().message_id > now.message_id and "무엇을 보셨나요?" in minsu.last().text
    # No question of the form keeps buttons once answered (the menu from /start keeps its own).
    form = [m for m in h.messages(minsu.id) if "🔔 이웃 알리기" not in m.button_labels()]
    assert [m.text for m in form if m.button_labels()] == []


async def test_a_question_that_cannot_be_edited_is_asked_anew(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    asked = minsu.last()
    # The person deleted the question (Telegram then refuses to edit it); the press still counts.
    del h.tg.messages[(minsu.id, asked.message_id)]
    await minsu.press_data("rd:no", asked)
    assert minsu.last().text == "어떤 일인가요?" and minsu.last().message_id > asked.message_id


async def test_the_menu_button_starts_a_report(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/start")
    assert minsu.last().button_labels() == [
        "🔔 이웃 알리기",
        "📋 내 신고",
        "🗣 골목회의 제안",
        "📅 골목회의",
        "🌐 Language",
    ]
    await minsu.press("🔔 이웃 알리기")
    assert "지금 당장 위험한 사람이 있나요?" in minsu.last().text
    await minsu.press("📋 내 신고")
    assert "아직 알린 내용이 없어요" in minsu.last().text


async def test_each_step_refuses_unexpected_input_and_asks_again(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    await minsu.send("급해요")  # text where a button is expected
    assert minsu.texts()[-2] == "아래 버튼 중 하나를 눌러 주세요."
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("우편물·고지서 쌓임")
    await minsu.press("다른 동 찾기")
    await minsu.send("없는동네")
    assert "찾지 못했어요" in minsu.last().text
    await minsu.send_sticker()
    assert "동 이름을 글자로" in minsu.texts()[-2]
    await minsu.send("홍은1")
    await minsu.press("홍은1동 · 서대문구")
    await minsu.send("가" * 201)
    assert "위치는 200자까지" in minsu.last().text and "201자" in minsu.last().text
    await minsu.send_sticker()
    assert "위치를 글로 쓰거나" in minsu.texts()[-2]
    await minsu.share_location(37.589, 126.943)
    assert "무엇을 보셨나요?" in minsu.last().text
    await minsu.send("/myreports")  # a stand-alone command works mid-report...
    assert "아직 알린 내용이 없어요" in minsu.last().text
    await minsu.send("/whatever")  # ...an unknown one gets a hint
    assert "/cancel" in minsu.last().text
    long_text = "우편물이 쌓여 있어요. " * 80
    await minsu.send(long_text)
    refusal = minsu.last().text
    assert "1,000자까지" in refusal and f"{len(long_text.strip()):,}자" in refusal
    await minsu.send("우편물이 2주째 쌓여 있어요")
    await minsu.send("사진 대신 글")
    assert "사진을 보내거나" in minsu.texts()[-2]
    await minsu.send_photo("photo-123")
    await minsu.press("연락해도 돼요")
    preview = minsu.last()
    assert "분류: 우편물·고지서 쌓임" in preview.text
    assert "동: 서울특별시 서대문구 홍은1동" in preview.text
    assert "위치: 공유한 위치" in preview.text
    assert "사진: 있음" in preview.text
    assert "주민등록번호" in preview.text
    assert preview.button_labels() == ["✅ 보내기", "✏️ 고치기", "그만두기"]
    # Nothing is stored before confirming.
    assert await h.rows("SELECT id FROM reports") == []


async def test_edit_from_the_preview_changes_one_field_and_returns(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("기타")
    await minsu.press("📍 홍제1동")
    await minsu.send("홍제역 2번 출구 앞")
    await minsu.send("처음 쓴 내용")
    await minsu.press("사진 없이 계속")
    await minsu.press("익명으로 (직원에게 내 정보 안 보임)")
    await minsu.press("✏️ 고치기")
    assert minsu.last().button_labels() == ["분류", "동", "위치", "내용", "사진", "연락"]
    await minsu.press("내용")
    await minsu.send("고친 내용: 아이가 밤늦게 혼자 있어요")
    preview = minsu.last()
    assert "내용: 고친 내용: 아이가 밤늦게 혼자 있어요" in preview.text
    assert "위치: 홍제역 2번 출구 앞" in preview.text
    assert "연락: 익명" in preview.text
    await minsu.press("✅ 보내기")
    [row] = await h.rows("SELECT description, contact_ok, category FROM reports")
    assert (row["description"], row["contact_ok"], row["category"]) == (
        "고친 내용: 아이가 밤늦게 혼자 있어요",
        0,
        "other",
    )
    # The buttons of the preview are gone, so it cannot be sent twice.
    assert h.tg.messages[(1001, preview.message_id)].buttons == []


async def test_cancel_at_any_step_drops_the_draft(h: Harness) -> None:
    minsu = await _registered(h)
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("기타")
    await minsu.send("/cancel")
    assert minsu.last().text == "그만뒀어요. 입력하신 내용은 저장하지 않았어요."
    [row] = await h.rows("SELECT data FROM ptb_user_data WHERE user_id = 1001") or [None]
    assert row is None or '"report"' not in row["data"]
    # A button of the abandoned draft, pressed late: the question it was at still has its buttons.
    question = next(m for m in h.messages(1001) if m.text == "어느 동의 일인가요?")
    answer = await minsu.press_data(question.button_data("다른 동 찾기"), question)
    assert answer["text"] == "지난 버튼이에요. 처음부터 다시 해 주세요."
    assert await h.rows("SELECT id FROM reports") == []


async def test_no_linked_centre_sends_the_alert_to_admins_with_a_note(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    minsu = await _registered(h)
    await flows.report(h, minsu)
    alert = admin.last()
    assert "홍제1동에는 연결된 동주민센터 단톡방이 없어요" in alert.text
    assert "이웃 알림 홍제1동-2026-0001" in alert.text
    assert alert.button_labels() == ["🙋 맡기", "🔄 상태 변경", "🔒 자세히 (1:1)"]
    assert "접수했어요" in minsu.last().text
    # The admin can act on it through the same (logged) path.
    await admin.press("🔒 자세히 (1:1)")
    assert "3층 할머니가 일주일째 안 보여요" in admin.last().text
    [log] = await h.rows("SELECT actor_id FROM access_log WHERE action = 'view_details'")
    assert log["actor_id"] == ADMIN_ID


async def test_alert_goes_to_the_group_of_the_reports_dong_only(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    hongje = h.person(2001, "홍제 직원")
    hongeun = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, hongje)
    await flows.centre(
        h, admin, hongeun, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구"
    )
    minsu = await _registered(h)
    await flows.report(h, minsu)
    assert "이웃 알림 홍제1동-2026-0001" in h.last(flows.STAFF_GROUP).text
    assert not any("이웃 알림 홍제1동" in text for text in h.texts(flows.OTHER_GROUP))
    assert not any("이웃 알림 홍제1동" in text for text in h.texts(ADMIN_ID))


async def test_references_count_up_per_dong_and_year(h: Harness) -> None:
    minsu = await _registered(h)
    await flows.report(h, minsu)
    await flows.report(h, minsu, description="두 번째")
    refs = [row["ref"] for row in await h.rows("SELECT ref FROM reports ORDER BY id")]
    assert refs == ["홍제1동-2026-0001", "홍제1동-2026-0002"]


async def test_daily_report_limit_is_polite(h: Harness) -> None:
    minsu = await _registered(h)
    for i in range(10):
        await flows.report(h, minsu, description=f"내용 {i}")
    await minsu.send("/report")
    assert "오늘은 더 보낼 수 없어요(하루 10건)" in minsu.last().text


async def test_english_report_flow(h: Harness) -> None:
    jane = h.person(1002, "Jane", lang="en")
    await flows.register(h, jane, lang="en")
    await jane.send("/report")
    await jane.press("No, not urgent")
    await jane.press("Child missing meals or care")
    await jane.press("📍 홍제1동")
    await jane.send("Next to the laundromat")
    await jane.send("A child waits outside every evening without dinner.")
    await jane.press("Continue without a photo")
    await jane.press("Yes, they may contact me")
    assert "Please check before sending" in jane.last().text
    await jane.press("✅ Send")
    assert "Received. Reference: 홍제1동-2026-0001" in jane.last().text
    await jane.send("/myreports")
    assert "홍제1동-2026-0001 · Child missing meals or care · received" in jane.last().text
