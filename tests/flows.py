"""Whole journeys that many tests start from, done the way a person would do them."""

from __future__ import annotations

import re

from tests.harness import Harness, Person

HONGJE1 = "1141062000"  # 서울특별시 서대문구 홍제1동 (official name 홍제제1동)
HONGEUN1 = "1141066000"  # 서울특별시 서대문구 홍은1동
STAFF_GROUP = -1001000000001
OTHER_GROUP = -1001000000002


async def register(
    h: Harness, person: Person, *, name: str | None = None, phone: str | None = None,
    search: str = "홍제", pick: str = "홍제1동 · 서대문구", lang: str = "ko", news: bool = True,
) -> None:  # fmt: skip
    agree, skip = ("✅ 동의합니다", "건너뛰기") if lang == "ko" else ("✅ I agree", "Skip")
    await person.send("/start")
    await person.press(agree)
    await person.send(name or person.name)
    if phone:
        await person.share_contact(phone)
    else:
        await person.send(skip)
    await person.send(search)
    await person.press(pick)
    if lang == "ko":
        await person.press("소식 받을게요" if news else "안 받을게요")
    else:
        await person.press("Yes, send me news" if news else "No thanks")


async def invite_code(
    h: Harness, admin: Person, search: str = "홍제1동", pick: str = "홍제1동 · 서대문구"
) -> str:
    await admin.send(f"/invite {search}")
    # An exact, unique name gives the code at once; otherwise the admin picks the 동.
    if pick in admin.last().button_labels():
        await admin.press(pick, message=admin.last())
    match = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", admin.last().text)
    assert match, admin.last().text
    return match.group(0)


async def centre(
    h: Harness, admin: Person, staff: Person, group: int = STAFF_GROUP,
    search: str = "홍제1동", pick: str = "홍제1동 · 서대문구",
) -> None:  # fmt: skip
    """An admin invites a staff member, who joins and links the centre's staff group."""
    await admin.send("/start")
    code = await invite_code(h, admin, search, pick)
    await staff.send(f"/join {code}")
    if group not in h.tg.chats:
        h.group(group, "홍제1동 직원방")
    await staff.send("/link", chat=group)
    await staff.press("✅ 이 방으로 알림 받기", chat=group)  # /link asks before alerts move


async def report(
    h: Harness, volunteer: Person, description: str = "3층 할머니가 일주일째 안 보여요", *,
    category: str = "홀몸 어르신 안부", place: str = "홍제시장 뒤 파란 대문", anonymous: bool = False,
    photo: str | None = None, home: str = "📍 홍제1동",
) -> None:  # fmt: skip
    await volunteer.send("/report")
    await volunteer.press("아니요, 급하지 않아요")
    await volunteer.press(category)
    await volunteer.press(home)
    await volunteer.send(place)
    await volunteer.send(description)
    if photo:
        await volunteer.send_photo(photo)
    else:
        await volunteer.press("사진 없이 계속")
    await volunteer.press("익명으로 (직원에게 내 정보 안 보임)" if anonymous else "연락해도 돼요")
    await volunteer.press("✅ 보내기")


async def propose_meeting(
    h: Harness, person: Person, title: str = "골목 쓰레기 배출 시간 정하기", *,
    when: str = "2026-11-28 19:30", capacity: int | None = None, fmt: str = "골목에서 (돗자리)",
    home: str = "📍 홍제1동",
) -> None:  # fmt: skip
    await person.send("/meeting")
    await person.send(title)
    await person.send("음식물 쓰레기 배출 시간과 장소를 정해요")
    await person.press(home)
    await person.send("홍제시장 뒤 골목 평상")
    await person.send(when)
    await person.press(fmt)
    if capacity is None:
        await person.press("제한 없음")
    else:
        await person.send(str(capacity))
    await person.press("✅ 보내기")
