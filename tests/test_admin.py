"""Invite codes, joining, linking the staff group."""

from __future__ import annotations

import re
from datetime import timedelta

from core.clock import FrozenClock
from tests import flows
from tests.harness import ADMIN_ID, Harness


async def test_invite_codes_are_long_random_single_use_and_expire(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    await admin.send("/invite")
    assert "예: /invite 홍제1동" in admin.last().text
    first = await flows.invite_code(h, admin)
    second = await flows.invite_code(h, admin)
    assert first != second and len(first.replace("-", "")) >= 10
    assert not re.search(r"[01OIL]", first.replace("-", ""))  # no look-alike characters
    staff = h.person(2001, "김주무관")
    await staff.send(f"/join {first.lower().replace('-', ' ')}")  # as typed from paper
    assert "홍제1동 동주민센터 직원" in staff.last().text
    other = h.person(2002, "다른 사람")
    await other.send(f"/join {first}")
    assert other.last().text == "기한이 지났거나 이미 쓴 코드예요. 관리자에게 새 코드를 받아 주세요."
    assert isinstance(h.clock, FrozenClock)
    h.clock.advance(timedelta(hours=72, seconds=1))
    await other.send(f"/join {second}")
    assert "기한이 지났거나" in other.last().text
    rows = await h.rows("SELECT user_id FROM staff")
    assert [r["user_id"] for r in rows] == [2001]


async def test_wrong_codes_are_cut_off_after_five_in_an_hour(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    code = await flows.invite_code(h, admin)
    guesser = h.person(3001, "추측하는 사람")
    for attempt in range(5):
        await guesser.send(f"/join WRNG-CODE-{attempt:04d}")
        assert guesser.last().text == "맞지 않는 코드예요. 다시 확인해 주세요."
    await guesser.send(f"/join {code}")  # even the right code waits now
    assert "60분 뒤에 다시" in guesser.last().text
    assert await h.rows("SELECT * FROM staff") == []
    assert isinstance(h.clock, FrozenClock)
    h.clock.advance(timedelta(hours=1, minutes=1))
    await guesser.send(f"/join {code}")
    assert "직원이에요" in guesser.last().text


async def test_only_admins_invite_and_only_staff_link(h: Harness) -> None:
    nobody = h.person(3001, "행인")
    await nobody.send("/invite 홍제1동")
    assert nobody.last().text == "관리자만 쓸 수 있어요."
    h.group(flows.STAFF_GROUP, "방")
    await nobody.send("/link", chat=flows.STAFF_GROUP)
    assert "직원만 단톡방을 연결할 수 있어요" in h.last(flows.STAFF_GROUP).text
    await nobody.send("/link")
    assert nobody.last().text == "이 명령은 동주민센터 직원 단톡방에서 써 주세요."
    assert await h.rows("SELECT * FROM centres") == []


async def test_staff_of_two_centres_choose_which_one_a_group_serves(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    code = await flows.invite_code(h, admin, "홍은1동", "홍은1동 · 서대문구")
    await staff.send(f"/join {code}")
    h.group(flows.OTHER_GROUP, "홍은")
    await staff.send("/link", chat=flows.OTHER_GROUP)
    assert sorted(h.last(flows.OTHER_GROUP).button_labels()) == [
        "서울특별시 서대문구 홍은1동",
        "서울특별시 서대문구 홍제1동",
    ]
    await staff.press("서울특별시 서대문구 홍은1동", chat=flows.OTHER_GROUP)
    rows = await h.rows("SELECT area_code, chat_id FROM centres")
    assert {r["area_code"]: r["chat_id"] for r in rows} == {
        flows.HONGEUN1: flows.OTHER_GROUP,
        flows.HONGJE1: flows.STAFF_GROUP,
    }


async def test_staff_of_another_centre_cannot_take_over_a_linked_group(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    other = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, staff)
    code = await flows.invite_code(h, admin, "홍은1동", "홍은1동 · 서대문구")
    await other.send(f"/join {code}")
    await other.send("/link", chat=flows.STAFF_GROUP)
    assert "이미 다른 동주민센터의 알림 방" in h.last(flows.STAFF_GROUP).text
    rows = await h.rows("SELECT area_code, chat_id FROM centres")
    assert {r["area_code"]: r["chat_id"] for r in rows} == {flows.HONGJE1: flows.STAFF_GROUP}
