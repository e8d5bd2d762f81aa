"""The central flow end to end: a volunteer flags a neighbour, staff handle it."""

from __future__ import annotations

from tests import flows
from tests.harness import ADMIN_ID, Harness


async def test_report_reaches_the_centre_group_and_the_volunteer_hears_back(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    assert "홍제1동" in h.last(flows.STAFF_GROUP).text and "연결했어요" in h.last(flows.STAFF_GROUP).text
    await flows.register(h, minsu, phone="+821012345678")
    await flows.report(h, minsu)

    receipt = minsu.last().text
    assert "접수했어요" in receipt and "홍제1동-2026-0001" in receipt
    alert = h.last(flows.STAFF_GROUP)
    assert "이웃 알림 홍제1동-2026-0001" in alert.text
    assert "홀몸 어르신 안부" in alert.text
    assert "서울특별시 서대문구 홍제1동" in alert.text
    assert "미확인 가입자" in alert.text
    # The group never sees the description, the place or the reporter.
    assert "할머니" not in alert.text and "파란 대문" not in alert.text and "민수" not in alert.text
    assert alert.button_labels() == ["🙋 맡기", "🔄 상태 변경", "🔒 자세히 (1:1)"]

    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    alert = h.with_button(flows.STAFF_GROUP, "🙋 맡기")
    assert "상태: 확인 · 담당: 김주무관" in alert.text
    assert "처리 상태가 확인으로 바뀌었어요" in minsu.last().text

    answer = await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert answer["text"] == "1:1 대화로 보냈어요."
    details = staff.last()
    assert "3층 할머니가 일주일째 안 보여요" in details.text
    assert "홍제시장 뒤 파란 대문" in details.text
    assert "민수" in details.text and "+821012345678" in details.text
    logged = await h.rows("SELECT actor_id, action, report_id FROM access_log WHERE action = 'view_details'")
    assert [(r["actor_id"], r["action"]) for r in logged] == [(2001, "view_details")]

    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("조치중", chat=flows.STAFF_GROUP)
    alert = h.with_button(flows.STAFF_GROUP, "🙋 맡기")
    assert "상태: 조치중" in alert.text
    assert "조치중으로 바뀌었어요" in minsu.last().text
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("종결", chat=flows.STAFF_GROUP)
    assert "종결로 바뀌었어요" in minsu.last().text

    await minsu.send("/myreports")
    assert "홍제1동-2026-0001" in minsu.last().text and "종결" in minsu.last().text
