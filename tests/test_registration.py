"""Volunteer onboarding: notice and consent, name, optional phone, home 동; language."""

from __future__ import annotations

import pytest

from core import people
from tests import flows
from tests.harness import ADMIN_ID, Harness


async def test_registration_with_consent_and_phone_stores_everything(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu, name="골목지킴이 민수", phone="+821012345678")
    assert "가입했어요, 골목지킴이 민수님" in minsu.last().text
    assert "홍제1동" in minsu.last().text
    [row] = await h.rows("SELECT * FROM users WHERE id = 1001")
    assert row["display_name"] == "골목지킴이 민수"
    assert row["phone"] == "+821012345678"
    assert row["home_area"] == flows.HONGJE1
    assert row["consent_version"] == "2026-11-22"
    assert row["consent_at"] == "2026-11-22T05:00:00.000000Z"
    assert row["approved_at"] is None
    # The phone keyboard was taken away once answered.
    assert any(m.reply_keyboard for m in h.messages(1001))


async def test_declining_consent_stores_nothing_and_explains(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("동의하지 않습니다")
    assert "개인정보는 저장하지 않았어요" in minsu.last().text
    assert "동주민센터" in minsu.last().text
    [row] = await h.rows("SELECT registered_at, consent_at, phone FROM users WHERE id = 1001")
    assert (row["registered_at"], row["consent_at"], row["phone"]) == (None, None, None)
    await minsu.send("/report")
    assert minsu.last().text == "먼저 가입해 주세요: /start"


async def test_bad_input_at_each_step_gets_a_hint_and_the_step_again(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.send("그냥 글")  # at the consent step: buttons expected
    assert "개인정보 수집·이용 안내" in minsu.last().text
    await minsu.press("✅ 동의합니다")
    await minsu.send_sticker()
    assert "1~30자" in minsu.last().text
    await minsu.send("가" * 31)
    assert "1~30자" in minsu.last().text
    await minsu.send("민수")
    await minsu.share_contact("+821099998888", owner=5555)  # someone else's number
    assert "본인 전화번호만" in minsu.last().text
    await minsu.send("건너뛰기")
    await minsu.send("없는동네이름")
    assert "찾지 못했어요" in minsu.last().text
    await minsu.send("동")
    assert "곳이 나와요" in minsu.last().text and "서대문" in minsu.last().text
    await minsu.send("/report")  # a command mid-registration
    assert "/cancel" in minsu.last().text
    await minsu.send("서대문 홍제")
    assert minsu.last().button_labels() == ["홍제1동 · 서대문구", "홍제2동 · 서대문구", "홍제3동 · 서대문구"]
    await minsu.press("홍제1동 · 서대문구")
    await minsu.send("네")  # the meeting-news question wants a button
    assert "골목회의 소식" in minsu.last().text
    await minsu.press("안 받을게요")
    [row] = await h.rows("SELECT phone, home_area, meeting_news FROM users WHERE id = 1001")
    assert (row["phone"], row["home_area"], row["meeting_news"]) == (None, flows.HONGJE1, 0)


async def test_same_named_dong_are_told_apart_by_their_district(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    await minsu.send("신촌동")
    labels = minsu.last().button_labels()
    assert "신촌동 · 서대문구" in labels and "신촌동 · 성남시 수정구" in labels


async def test_cancel_mid_registration_keeps_nothing(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("/cancel")
    assert minsu.last().text == "그만뒀어요. 입력하신 내용은 저장하지 않았어요."
    [row] = await h.rows("SELECT registered_at, display_name FROM users WHERE id = 1001")
    assert row["registered_at"] is None
    await minsu.send("/cancel")
    assert minsu.last().text == "지금 진행 중인 일이 없어요."


async def test_english_user_is_greeted_in_english_and_can_switch(h: Harness) -> None:
    jane = h.person(1002, "Jane", lang="en")
    await flows.register(h, jane, lang="en")
    texts = jane.texts()
    assert texts[0].startswith("Hello, Jane!") and "not for emergencies" in texts[0]
    assert "Privacy notice" in texts[1]
    assert "You are registered, Jane!" in jane.last().text
    await jane.send("/language")
    await jane.press("한국어")
    assert jane.last().text == "이제 한국어로 안내할게요."
    await jane.send("/help")
    assert "명령어" in jane.last().text


async def test_staff_are_told_of_a_new_volunteer_and_approve_them(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    notice = h.with_button(flows.STAFF_GROUP, "✅ 확인(승인)")
    assert "새 시민찾동이: 민수 (홍제1동)" in notice.text
    stranger = h.person(3001, "행인")
    answer = await stranger.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
    assert answer == {"text": "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요.", "show_alert": True}
    [row] = await h.rows("SELECT approved_at FROM users WHERE id = 1001")
    assert row["approved_at"] is None
    await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
    assert "✅ 김주무관 확인" in h.tg.messages[(flows.STAFF_GROUP, notice.message_id)].text
    assert "시민찾동이로 확인했어요" in minsu.last().text
    await flows.report(h, minsu)
    assert "확인된 시민찾동이" in h.last(flows.STAFF_GROUP).text


async def test_user_text_is_escaped_in_every_message(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    sly = h.person(1003, "<b>Sly</b> & co")
    await flows.register(h, sly, name="<i>민수</i> & <b>")
    assert "가입했어요, <i>민수</i> & <b>님" in sly.last().text
    assert "<i>민수</i> & <b>" in h.last(flows.STAFF_GROUP).text
    assert "&lt;i&gt;" in h.last(flows.STAFF_GROUP).html
    assert h.tg.rejected == []


async def test_a_notice_changed_during_registration_is_not_taken_as_agreed(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The volunteer agreed to the notice shown when they pressed; if a new one comes into force
    before the form is done, registering asks them to read it rather than record consent to it."""
    person = h.person(1001, "민수")
    await person.send("/start")
    await person.press("✅ 동의합니다")
    await person.send("민수")
    await person.send("건너뛰기")
    await person.send("홍제")
    await person.press("홍제1동 · 서대문구")
    monkeypatch.setattr(people, "PRIVACY_NOTICE_VERSION", "2027-01-01")  # a deploy with a new notice
    await person.press("소식 받을게요")
    assert person.last().text.startswith("개인정보 안내가 바뀌었어요"), person.last().text
    assert await h.rows("SELECT id FROM users WHERE registered_at IS NOT NULL") == []
    await person.send("/start")  # the new notice, to agree to
    assert "✅ 동의합니다" in person.last().button_labels()
    await person.press("✅ 동의합니다")
    await person.send("민수")
    await person.send("건너뛰기")
    await person.send("홍제")
    await person.press("홍제1동 · 서대문구")
    await person.press("소식 받을게요")
    [row] = await h.rows("SELECT consent_version FROM users WHERE registered_at IS NOT NULL")
    assert row["consent_version"] == "2027-01-01"
