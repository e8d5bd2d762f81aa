"""Links that start the bot with a purpose: a staff invite that enrols with one tap, and a
centre's registration link that opens registration with its 동 chosen."""

from __future__ import annotations

import re

from tests import flows
from tests.harness import ADMIN_ID, Harness


async def test_an_invite_link_enrols_with_one_tap_and_typing_the_code_still_works(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    await admin.send("/invite 홍제1동")
    link = re.search(r"https://t\.me/golmok_test_bot\?start=(inv-[A-Z0-9]{12})", admin.last().text)
    assert link, admin.last().text  # the bot's name comes from getMe
    assert len(link.group(1)) <= 64

    staff = h.person(2001, "김주무관")
    await staff.send(f"/start {link.group(1)}")  # what Telegram sends when the link is tapped
    assert "이제 <b>서울특별시 서대문구 홍제1동</b> 동주민센터 직원이에요" in staff.last().html
    assert [tuple(r) for r in await h.rows("SELECT area_code FROM staff WHERE user_id = 2001")] == [
        (flows.HONGJE1,)
    ]
    assert "open" in dict(h.tg.commands[("chat", 2001, "")])  # their menu has the staff commands
    await staff.send(f"/start {link.group(1)}")  # the same link again: used
    assert "직원이에요" not in staff.last().text

    code = await flows.invite_code(h, admin)
    other = h.person(2002, "이주무관")
    await other.send(f"/join {code}")
    assert "직원이에요" in other.last().text


async def test_a_registration_link_opens_registration_with_the_dong_chosen(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    await staff.send("/reglink")
    link = re.search(r"https://t\.me/golmok_test_bot\?start=(dong-\d{10})", staff.last().text)
    assert link and link.group(1) == f"dong-{flows.HONGJE1}", staff.last().text
    await staff.send("/reglink", chat=flows.STAFF_GROUP)  # in the centre's group: its own 동
    assert link.group(1) in h.last(flows.STAFF_GROUP).text

    minsu = h.person(1001, "민수")
    await minsu.send(f"/start {link.group(1)}")
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    assert minsu.texts()[-2].startswith("사는 동: 서울특별시 서대문구 홍제1동")  # no search
    await minsu.press("소식 받을게요")
    [user] = await h.rows("SELECT home_area, registered_at FROM users WHERE id = 1001")
    assert user["home_area"] == flows.HONGJE1 and user["registered_at"] is not None


async def test_a_link_that_means_nothing_starts_as_usual(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start inv-AAAAAAAAAAAA")  # an invite link that is not (or no longer) valid
    assert minsu.last().text == "맞지 않는 코드예요. 다시 확인해 주세요."
    for payload in ("dong-0000000000", "x" * 64, "dong-1141062000<b>"):
        await minsu.send(f"/start {payload}")
        assert minsu.last().button_labels()[0] == "✅ 동의합니다"
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    assert minsu.last().text.startswith("사는 동 이름의 일부를 보내 주세요")
    volunteer = h.person(1002, "영희")
    await flows.register(h, volunteer)
    await volunteer.send(f"/start dong-{flows.HONGJE1}")  # registered already: the usual menu
    assert "무엇을 할까요?" in volunteer.last().text
