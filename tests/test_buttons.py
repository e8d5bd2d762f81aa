"""Buttons act only where they belong and only on what they name.

A press in a group of a private-flow button (forged, or a stray message), a press on an older
question of a form, a list from an earlier step: each changes nothing, is answered, and the flow
that is under way stays where it is.
"""

from __future__ import annotations

import copy
import re

from core.areas import AreaDirectory
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

NOT_HERE = "이 버튼은 여기서는 쓸 수 없어요. 봇과의 1:1 대화에서 해 주세요."
EXPIRED = "지난 버튼이에요. 처음부터 다시 해 주세요."
OLD = "지난 질문의 버튼이에요. 가장 아래의 질문에 답해 주세요."
HONGJE1_REF_1 = "홍제1동-2026-0001"
HONGJE1_REF_2 = "홍제1동-2026-0002"


async def _centre_with_two_reports(h: Harness) -> tuple[Person, Person]:
    admin, staff = h.person(ADMIN_ID, "관리자"), h.person(2001, "홍제 직원")
    other = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, staff)
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await flows.report(h, minsu, "첫 번째 신고 내용")
    await flows.report(h, minsu, "두 번째 신고 내용")
    return staff, minsu


# --- defect 7: a transfer list acts on the report it was offered for ------------------------


async def test_a_dong_pressed_in_an_earlier_transfer_list_does_not_move_the_later_report(h: Harness) -> None:
    staff, _ = await _centre_with_two_reports(h)
    group = h.messages(flows.STAFF_GROUP)
    first_alert = next(m for m in group if f"이웃 알림 {HONGJE1_REF_1}" in m.text)
    second_alert = next(m for m in group if f"이웃 알림 {HONGJE1_REF_2}" in m.text)
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP, message=first_alert)
    await staff.press("➡️ 다른 동으로 이관")
    assert HONGJE1_REF_1 in staff.last().text
    await staff.send("홍은1")
    first_list = staff.last()
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP, message=second_alert)
    await staff.press("➡️ 다른 동으로 이관")
    assert HONGJE1_REF_2 in staff.last().text
    await staff.send("홍은1")
    # The list offered for the first report, pressed while the second is being transferred.
    answer = await staff.press("홍은1동 · 서대문구", message=first_list)
    assert answer.get("text") == "지난 질문의 버튼이에요. 가장 아래의 질문에 답해 주세요."
    rows = await h.rows("SELECT ref, area_code FROM reports ORDER BY id")
    assert [r["area_code"] for r in rows] == [flows.HONGJE1, flows.HONGJE1]
    # The transfer under way (the second report) still goes on from its own list.
    await staff.press("홍은1동 · 서대문구")
    assert staff.last().text == f"{HONGJE1_REF_2}를 홍은1동으로 이관했어요."
    rows = await h.rows("SELECT ref, area_code FROM reports ORDER BY id")
    assert [r["area_code"] for r in rows] == [flows.HONGJE1, flows.HONGEUN1]


async def test_the_transfer_list_names_its_report_in_every_button(h: Harness) -> None:
    staff, _ = await _centre_with_two_reports(h)
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("➡️ 다른 동으로 이관")
    await staff.send("홍은")
    datas = [b["callback_data"] for row in staff.last().buttons for b in row]
    assert datas and all(d.startswith("tr:2:") and len(d.encode()) <= 64 for d in datas)
    # A forged press naming the other report is refused and moves nothing.
    answer = await staff.press_data(f"tr:1:{flows.HONGEUN1}", staff.last())
    assert answer.get("text") == "지난 버튼이에요. 처음부터 다시 해 주세요."
    rows = await h.rows("SELECT area_code FROM reports ORDER BY id")
    assert [r["area_code"] for r in rows] == [flows.HONGJE1, flows.HONGJE1]


# --- defect 5: private-flow buttons pressed in a group, or forged ---------------------------

PRIVATE_FLOW_DATA = (
    "m:report", "m:my", "m:meeting", "m:meetings", "m:lang", "m:register", "lg:en", "st:news:0",
    "st:nudge:off", "fg:yes", "fg:no", "rg:yes", "rn:yes", "rd:no", "rc:other", "mx:1", "mx:1:y",
    "mo:1", "mv:1", "iv:1141066000", "rp:tr:1", "rp:nt:1",
)  # fmt: skip


async def test_private_flow_buttons_pressed_in_a_group_change_nothing(h: Harness) -> None:
    admin, staff = h.person(ADMIN_ID, "관리자"), h.person(2001, "홍제 직원")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    before = len(h.messages(flows.STAFF_GROUP))
    users = await h.rows("SELECT id, lang, meeting_news, registered_at FROM users ORDER BY id")
    for person in (minsu, staff, admin):
        for data in PRIVATE_FLOW_DATA:
            answer = await person.press_data(data, alert)
            # Answered either way: a button of a private flow does not work here, and a form's
            # button is old (no form is under way in a group).
            assert answer.get("text") in (NOT_HERE, EXPIRED), data
    # Nothing was posted into the group, nothing changed, nobody's data was forgotten.
    assert len(h.messages(flows.STAFF_GROUP)) == before
    assert await h.rows("SELECT id, lang, meeting_news, registered_at FROM users ORDER BY id") == users
    assert len(await h.rows("SELECT id FROM reports")) == 1
    assert await h.rows("SELECT code FROM invites WHERE area_code = ?", (flows.HONGEUN1,)) == []


async def test_a_forged_forget_on_another_message_keeps_the_data(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await minsu.send("/start")
    menu = minsu.last()
    answer = await minsu.press_data("fg:yes", menu)
    assert answer.get("text") == "지난 버튼이에요. 처음부터 다시 해 주세요."
    [row] = await h.rows("SELECT registered_at FROM users WHERE id = 1001")
    assert row["registered_at"] is not None
    # The real confirmation, from its own message, still works.
    await minsu.send("/forget")
    await minsu.press("네, 지워 주세요")
    assert "지웠어요" in minsu.last().text
    [row] = await h.rows("SELECT registered_at FROM users WHERE id = 1001") or [None]
    assert row is None or row["registered_at"] is None


# --- issue 13a: an answered question keeps no live buttons; old presses leave the flow be ---


async def _meeting_until_the_date(h: Harness) -> Person:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await minsu.send("/meeting")
    await minsu.send("골목 쓰레기 배출 시간 정하기")
    await minsu.send("음식물 쓰레기 배출 시간과 장소를 정해요")
    await minsu.press("📍 홍제1동")
    await minsu.send("홍제시장 뒤 골목 평상")
    return minsu


async def test_typed_answers_take_the_buttons_off_the_meeting_questions(h: Harness) -> None:
    minsu = await _meeting_until_the_date(h)
    date_question = minsu.last()
    assert date_question.button_labels()  # the date picker
    await minsu.send("2026-11-28 19:30")
    assert h.tg.messages[(minsu.id, date_question.message_id)].buttons == []
    await minsu.press("골목에서 (돗자리)")
    capacity_question = minsu.last()
    assert capacity_question.button_labels() == ["제한 없음"]
    await minsu.send("12")
    assert h.tg.messages[(minsu.id, capacity_question.message_id)].buttons == []
    # Only the preview, the question now, has live buttons.
    live = [m for m in h.messages(minsu.id) if m.buttons and "🔔 이웃 알리기" not in m.button_labels()]
    assert [m.message_id for m in live] == [minsu.last().message_id]
    await minsu.press("✅ 보내기")
    [row] = await h.rows("SELECT capacity, starts_at FROM meetings")
    assert row["capacity"] == 12


async def test_a_press_on_an_older_question_leaves_the_meeting_where_it_is(h: Harness) -> None:
    minsu = await _meeting_until_the_date(h)
    # What the person's phone still showed when they pressed: the date picker with its buttons.
    date_question = copy.deepcopy(minsu.last())
    await minsu.send("2026-11-28 19:30")
    format_question = minsu.last()
    assert "골목에서 (돗자리)" in format_question.button_labels()
    answer = await minsu.press_data(
        date_question.button_data(date_question.button_labels()[1]), date_question
    )
    assert answer.get("text") == "지난 질문의 버튼이에요. 가장 아래의 질문에 답해 주세요."
    # The flow is where it was: the format question still takes its answer.
    assert h.tg.messages[(minsu.id, format_question.message_id)].buttons == format_question.buttons
    await minsu.press("골목에서 (돗자리)")
    await minsu.press("제한 없음")
    await minsu.press("✅ 보내기")
    [row] = await h.rows("SELECT starts_at FROM meetings")
    assert row["starts_at"].startswith("2026-11-28T10:30")


async def test_typed_answers_take_the_buttons_off_report_and_registration_questions(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    first_notice = minsu.last()
    await minsu.send("/start")  # starting again: the first notice is no longer live
    assert h.tg.messages[(minsu.id, first_notice.message_id)].buttons == []
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    await minsu.send("홍은")
    first_list = minsu.last()
    await minsu.send("홍제")  # a second search: the first list is no longer live
    assert h.tg.messages[(minsu.id, first_list.message_id)].buttons == []
    await minsu.press("홍제1동 · 서대문구")
    await minsu.press("소식 받을게요")
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("기타")
    area_question = minsu.last()
    await minsu.send("홍은1")  # typed instead of pressing: the area question is answered
    assert h.tg.messages[(minsu.id, area_question.message_id)].buttons == []
    await minsu.press("홍은1동 · 서대문구")
    await minsu.send("골목")
    await minsu.send("내용")
    photo_question = minsu.last()
    await minsu.send_photo("photo-1")
    assert h.tg.messages[(minsu.id, photo_question.message_id)].buttons == []
    await minsu.press("연락해도 돼요")
    live = [m for m in h.messages(minsu.id) if m.buttons and "🔔 이웃 알리기" not in m.button_labels()]
    assert [m.message_id for m in live] == [minsu.last().message_id]


# --- issue 13b: /invite with an exact, unique 동 name issues the code at once ---------------


async def test_invite_with_an_exact_unique_name_issues_the_code_at_once(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    await admin.send("/invite 홍제1동")  # one 동 in Korea has exactly this name
    assert "서울특별시 서대문구 홍제1동" in admin.last().text and admin.last().buttons == []
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", admin.last().text)
    [row] = await h.rows("SELECT area_code FROM invites")
    assert row["area_code"] == flows.HONGJE1
    # The official spelling and a narrowing 구 count as exact too.
    await admin.send("/invite 서대문구 홍제제1동")
    assert len(await h.rows("SELECT code FROM invites WHERE area_code = ?", (flows.HONGJE1,))) == 2
    # A name that only begins one, or that several 동 share, still asks which one.
    await admin.send("/invite 홍제")
    labels = admin.last().button_labels()
    assert labels[:3] == ["홍제1동 · 서대문구", "홍제2동 · 서대문구", "홍제3동 · 서대문구"]
    await admin.send("/invite 중구 중앙동")
    assert admin.last().button_labels() == ["중앙동 · 부산 중구", "중앙동 · 울산 중구"]
    assert len(await h.rows("SELECT code FROM invites")) == 2
    await admin.press("중앙동 · 울산 중구")
    assert "울산광역시 중구 중앙동" in admin.last().text
    # And the directory agrees: 홍제1동 really is the only one.
    assert [a.code for a in AreaDirectory.load().search("홍제1동", limit=50) if a.name == "홍제1동"] == [
        flows.HONGJE1
    ]
