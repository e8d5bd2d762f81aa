"""Buttons act only where they belong and only on what they name.

A press in a group of a private-flow button (forged, or a stray message), a press on an older
question of a form, a list from an earlier step: each changes nothing, is answered, and the flow
that is under way stays where it is.
"""

from __future__ import annotations

from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

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
