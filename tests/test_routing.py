"""Where alerts go and where reports can be listed: /link asks first and tells the old group,
/open only in the centre's alert chat (or privately), every listed report leads to its actions,
and reports of a 동 without a centre stay in the admins' hands."""

from __future__ import annotations

import pytest

from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

CONFIRM = "✅ 이 방으로 알림 받기"
RESIDENTS = -1001000000099


async def _staff(h: Harness) -> tuple[Person, Person]:
    """An admin and a staff member of 홍제1동 whose group is not linked yet."""
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await admin.send("/start")
    code = await flows.invite_code(h, admin)
    await staff.send(f"/join {code}")
    return admin, staff


async def _centres(h: Harness) -> dict[str, int | None]:
    return {r["area_code"]: r["chat_id"] for r in await h.rows("SELECT area_code, chat_id FROM centres")}


async def test_link_asks_in_the_group_and_only_staff_of_the_centre_confirm(h: Harness) -> None:
    _, staff = await _staff(h)
    resident = h.person(1005, "주민")
    h.group(RESIDENTS, "홍제1동 주민 모임")
    await staff.send("/link", chat=RESIDENTS)
    ask = h.last(RESIDENTS)
    assert "홍제1동 주민 모임" in ask.text and "주민이 함께 있는 방이라면" in ask.text
    assert ask.button_labels() == [CONFIRM]
    data = ask.button_data(CONFIRM)
    assert await _centres(h) == {}  # nothing moves before the confirmation
    answer = await resident.press(CONFIRM, chat=RESIDENTS)
    assert "직원만" in answer["text"]
    assert await _centres(h) == {}
    await staff.press(CONFIRM, chat=RESIDENTS)
    assert await _centres(h) == {flows.HONGJE1: RESIDENTS}
    assert "알림 방으로 연결했어요" in h.last(RESIDENTS).text
    assert h.tg.messages[(RESIDENTS, ask.message_id)].button_labels() == []
    # The same button pressed again does nothing more.
    answer = await staff.press_data(data, ask)
    assert answer["text"] == "지난 버튼이에요. 처음부터 다시 해 주세요."
    logged = await h.rows("SELECT action, actor_id FROM access_log WHERE action = 'link_chat'")
    assert [(r["action"], r["actor_id"]) for r in logged] == [("link_chat", 2001)]


async def test_moving_the_alerts_tells_the_old_group_where_they_go_now(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    h.group(flows.OTHER_GROUP, "새 직원방")
    await staff.send("/link", chat=flows.OTHER_GROUP)
    ask = h.last(flows.OTHER_GROUP)
    assert "홍제1동 직원방" in ask.text  # where alerts go today
    await flows.report(h, minsu, description="첫째")
    assert "홍제1동-2026-0001" in h.last(flows.STAFF_GROUP).text  # still the old group until confirmed
    await staff.send("/open", chat=flows.STAFF_GROUP)
    old_listing = h.last(flows.STAFF_GROUP)
    await staff.press(CONFIRM, chat=flows.OTHER_GROUP)
    told = h.last(flows.STAFF_GROUP).text
    assert "새 직원방" in told and "홍제1동" in told
    assert str(flows.OTHER_GROUP) not in told
    await flows.report(h, minsu, description="둘째")
    assert "홍제1동-2026-0002" in h.last(flows.OTHER_GROUP).text
    assert not any("홍제1동-2026-0002" in text for text in h.texts(flows.STAFF_GROUP))
    # The old group is no longer the alert chat: no list there, and its old list posts no card.
    await staff.send("/open", chat=flows.STAFF_GROUP)
    assert "알림 방이 아니에요" in h.last(flows.STAFF_GROUP).text
    before = len(h.messages(flows.STAFF_GROUP))
    answer = await staff.press("📋 홍제1동-2026-0001", chat=flows.STAFF_GROUP, message=old_listing)
    assert "알림 방이 아니에요" in answer["text"]
    assert len(h.messages(flows.STAFF_GROUP)) == before


async def test_open_is_refused_in_a_group_that_is_not_the_alert_chat(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    h.group(RESIDENTS, "홍제1동 주민 모임")
    await staff.send("/link", chat=RESIDENTS)  # asked, never confirmed
    for person in (staff, admin):
        await person.send("/open", chat=RESIDENTS)
        assert "알림 방이 아니에요" in h.last(RESIDENTS).text
    assert not any("홍제1동-2026-0001" in text for text in h.texts(RESIDENTS))
    assert await _centres(h) == {flows.HONGJE1: flows.STAFF_GROUP}


async def test_a_link_press_that_does_not_fit_its_message_changes_nothing(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    h.group(flows.OTHER_GROUP, "다른 방")
    await staff.send("/link", chat=flows.OTHER_GROUP)
    ask = h.last(flows.OTHER_GROUP)
    data = ask.button_data(CONFIRM)
    assert len(data.encode()) <= 64 and flows.HONGJE1 not in data
    await staff.send("/start")
    private = staff.last()
    # The old-style forged press, and the real request pressed from the private chat.
    for forged in (f"lk:{flows.HONGJE1}", data):
        answer = await staff.press_data(forged, private)
        assert answer["text"] == "지난 버튼이에요. 처음부터 다시 해 주세요.", forged
        assert await _centres(h) == {flows.HONGJE1: flows.STAFF_GROUP}
    # The real request pressed on another message of the same group.
    await staff.send("/open", chat=flows.OTHER_GROUP)
    other_message = h.last(flows.OTHER_GROUP)
    assert other_message.message_id != ask.message_id
    answer = await staff.press_data(data, other_message)
    assert answer["text"] == "지난 버튼이에요. 처음부터 다시 해 주세요."
    assert await _centres(h) == {flows.HONGJE1: flows.STAFF_GROUP}
    refused = [r.getMessage() for r in caplog.records if "link press refused" in r.getMessage()]
    assert len(refused) == 3 and not any("김주무관" in line or "다른 방" in line for line in refused)
    # From the message that carried it, it works.
    await staff.press(CONFIRM, chat=flows.OTHER_GROUP, message=ask)
    assert await _centres(h) == {flows.HONGJE1: flows.OTHER_GROUP}


async def test_reports_made_before_the_link_reach_the_group_and_open_entries_are_actionable(
    h: Harness,
) -> None:
    _, staff = await _staff(h)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await flows.report(h, minsu, description="링크 전 신고")
    admin_copy = next(m for m in h.messages(ADMIN_ID) if "홍제1동-2026-0001" in m.text)
    h.group(flows.STAFF_GROUP, "홍제1동 직원방")
    await staff.send("/link", chat=flows.STAFF_GROUP)
    await staff.press(CONFIRM, chat=flows.STAFF_GROUP)
    # The still-open report that never reached a staff chat is alerted there now.
    alert = next(m for m in h.messages(flows.STAFF_GROUP) if "이웃 알림 홍제1동-2026-0001" in m.text)
    assert alert.button_labels() == ["🙋 맡기", "🔄 상태 변경", "🔒 자세히 (1:1)"]
    # Every /open entry has a button that posts the alert card, whose buttons work.
    await staff.send("/open", chat=flows.STAFF_GROUP)
    listing = h.last(flows.STAFF_GROUP)
    assert listing.text.splitlines()[1].startswith("• 홍제1동-2026-0001")
    assert listing.button_labels() == ["📋 홍제1동-2026-0001"]
    data = listing.button_data("📋 홍제1동-2026-0001")
    assert len(data.encode()) <= 64
    await staff.press("📋 홍제1동-2026-0001", chat=flows.STAFF_GROUP, message=listing)
    card = h.last(flows.STAFF_GROUP)
    assert card.message_id not in (listing.message_id, alert.message_id)
    assert "이웃 알림 홍제1동-2026-0001" in card.text
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP, message=card)
    # Every copy is kept up to date: the card, the alert, and the admin's copy.
    for chat_id, message_id in (
        (flows.STAFF_GROUP, card.message_id),
        (flows.STAFF_GROUP, alert.message_id),
        (ADMIN_ID, admin_copy.message_id),
    ):
        assert "담당: 김주무관" in h.tg.messages[(chat_id, message_id)].text
    # A non-staff member pressing the entry gets nothing.
    before = len(h.messages(flows.STAFF_GROUP))
    answer = await minsu.press_data(data, listing)
    assert answer["text"] == "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요."
    assert len(h.messages(flows.STAFF_GROUP)) == before


async def test_an_admin_lists_and_acts_on_reports_of_a_dong_without_a_centre(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    minsu = h.person(1001, "민수")
    await admin.send("/start")
    await admin.send("/open")
    assert "처리 중인 신고가 없어요" in admin.last().text
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    await admin.send("/open")
    listing = admin.last()
    assert "홍제1동" in listing.text.splitlines()[0] and "연결된 동주민센터 방 없음" in listing.text
    assert "홍제1동-2026-0001" in listing.text
    await admin.press("📋 홍제1동-2026-0001", message=listing)
    card = admin.last()
    assert "이웃 알림 홍제1동-2026-0001" in card.text
    await admin.press("🙋 맡기", message=card)
    assert "담당: 관리자" in h.tg.messages[(ADMIN_ID, card.message_id)].text
    await admin.press("🔒 자세히 (1:1)", message=card)
    assert "3층 할머니가 일주일째 안 보여요" in admin.last().text
    [row] = await h.rows("SELECT status, assignee_id FROM reports")
    assert (row["status"], row["assignee_id"]) == ("checking", ADMIN_ID)
    # A volunteer still sees no list.
    await minsu.send("/open")
    assert minsu.last().text == "동주민센터 직원만 볼 수 있어요."


async def test_a_group_linked_again_gets_the_alerts_it_could_not_receive(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    h.tg.blocked.add(flows.STAFF_GROUP)
    await flows.report(h, minsu, description="첫째")  # the group's copy failed: rerouted to admins
    await flows.report(h, minsu, description="둘째")  # straight to the admins
    h.tg.blocked.discard(flows.STAFF_GROUP)
    await staff.send("/link", chat=flows.STAFF_GROUP)  # the same group again: no question
    texts = h.texts(flows.STAFF_GROUP)
    assert any("2건을 여기로 보냈어요" in text for text in texts)
    for ref in ("홍제1동-2026-0001", "홍제1동-2026-0002"):
        assert sum(f"이웃 알림 {ref}" in text for text in texts) == 1, ref
