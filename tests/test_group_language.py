"""The language of a centre's staff group: DEFAULT_LANGUAGE for new centres, /language in the
group for that centre's staff (and admins), and English hints that 동 names are in Hangul."""

from __future__ import annotations

import re
from pathlib import Path

from core.areas import AreaDirectory, romanise
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

NOT_STAFF = "이 단톡방의 동주민센터 직원이나 관리자만 알림 언어를 바꿀 수 있어요."


async def _centre_lang(h: Harness) -> str:
    [row] = await h.rows("SELECT lang FROM centres WHERE area_code = ?", (flows.HONGJE1,))
    return str(row["lang"])


async def _setup(h: Harness) -> tuple[Person, Person, Person]:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    return admin, staff, minsu


async def test_new_centres_get_the_default_language_for_their_alerts(tmp_path: Path) -> None:
    h = Harness(tmp_path, default_language="en")
    await h.start()
    try:
        _, staff, minsu = await _setup(h)
        assert await _centre_lang(h) == "en"
        await flows.report(h, minsu)
        alert = h.last(flows.STAFF_GROUP)
        assert alert.text.startswith("🔔 Neighbour alert 홍제1동-2026-0001")
        assert "🙋 Take" in alert.button_labels()
        await staff.press("🙋 Take", chat=flows.STAFF_GROUP, message=alert)
        assert "Taken by: 김주무관" in h.tg.messages[(flows.STAFF_GROUP, alert.message_id)].text
    finally:
        await h.close()


async def test_staff_choose_the_language_of_their_group(h: Harness) -> None:
    _, staff, minsu = await _setup(h)
    assert await _centre_lang(h) == "ko"
    await staff.send("/language", chat=flows.STAFF_GROUP)
    asked = h.last(flows.STAFF_GROUP)
    assert "이 단톡방의 알림 언어" in asked.text
    await staff.press("English", chat=flows.STAFF_GROUP, message=asked)
    assert await _centre_lang(h) == "en"
    assert h.last(flows.STAFF_GROUP).text == "This group now gets its alerts in English."
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    assert alert.text.startswith("🔔 Neighbour alert")
    # Buttons the bot swaps in the group follow the group's language, not the presser's.
    await staff.press("🔄 Status", chat=flows.STAFF_GROUP, message=alert)
    current = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    assert "← Back" in current.button_labels()
    await staff.send("/language", chat=flows.STAFF_GROUP)
    await staff.press("한국어", chat=flows.STAFF_GROUP, message=h.last(flows.STAFF_GROUP))
    assert await _centre_lang(h) == "ko"
    assert h.last(flows.STAFF_GROUP).text == "이 단톡방은 이제 한국어로 알림을 받아요."
    # /language in a private chat still sets the person's own language only.
    await staff.send("/language")
    await staff.press("English")
    assert staff.last().text == "I will speak English from now on."
    assert await _centre_lang(h) == "ko"


async def test_only_that_centres_staff_and_admins_change_the_groups_language(h: Harness) -> None:
    admin, staff, minsu = await _setup(h)
    other = h.person(2002, "홍은 직원")
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    await staff.send("/language", chat=flows.STAFF_GROUP)
    asked = h.last(flows.STAFF_GROUP)
    for intruder in (other, minsu):
        await intruder.send("/language", chat=flows.STAFF_GROUP)
        assert h.last(flows.STAFF_GROUP).text == NOT_STAFF
        answer = await intruder.press("English", chat=flows.STAFF_GROUP, message=asked)
        assert answer == {"text": NOT_STAFF, "show_alert": True}
    assert await _centre_lang(h) == "ko"
    refused = await h.rows("SELECT count(*) AS n FROM access_log WHERE action = 'refused'")
    assert refused[0]["n"] >= 2
    await admin.press("English", chat=flows.STAFF_GROUP, message=asked)
    assert await _centre_lang(h) == "en"
    [logged] = await h.rows("SELECT actor_id, detail FROM access_log WHERE action = 'group_language'")
    assert (logged["actor_id"], logged["detail"]) == (ADMIN_ID, "en")


async def test_a_group_not_linked_to_a_centre_is_told_so(h: Harness) -> None:
    staff = h.person(2001, "김주무관")
    await staff.send("/start")
    h.group(flows.OTHER_GROUP, "아무 단톡방")
    await staff.send("/language", chat=flows.OTHER_GROUP)
    assert "연결되지 않았어요" in h.last(flows.OTHER_GROUP).text
    assert h.last(flows.OTHER_GROUP).buttons == []


async def test_english_users_are_told_that_dong_names_are_searched_in_hangul(h: Harness) -> None:
    jane = h.person(1002, "Jane", lang="en")
    await jane.send("/start")
    await jane.press("✅ I agree")
    await jane.send("Jane")
    await jane.send("Skip")
    assert "Hangul" in jane.last().text
    await jane.send("Gangnam Station")
    answer = jane.last().text
    assert "Gangnam Station" in answer and "Hangul" in answer and "역삼" in answer
    # The official romanisation finds the 동 too.
    await jane.send("Yeoksam")
    assert jane.last().button_labels() == ["역삼1동 · 강남구", "역삼2동 · 강남구"]
    await jane.send("Hongje 1-dong")
    assert jane.last().button_labels() == ["홍제1동 · 서대문구"]
    await jane.press("홍제1동 · 서대문구")
    await jane.press("No thanks")
    [row] = await h.rows("SELECT home_area FROM users WHERE id = 1002")
    assert row["home_area"] == flows.HONGJE1


def test_romanised_search_finds_every_dong_of_the_directory() -> None:
    areas = AreaDirectory.load()
    for code in areas.codes():
        area = areas.get(code)
        assert area is not None
        roman = romanise(area.name)
        assert re.fullmatch(r"[a-z0-9.·,()]+", roman), (area.name, roman)
        query = f"{romanise(area.sigungu or area.sido)} {roman}"
        assert area in areas.search(query, limit=len(areas)), (area.full_name, query)


def test_romanisation_follows_the_road_signs() -> None:
    # Spellings as on Korean road and station signs (Revised Romanization, sound changes included).
    signs = {
        "역삼": "yeoksam", "신림": "sillim", "왕십리": "wangsimni", "종로": "jongno",
        "압구정": "apgujeong", "청운효자": "cheongunhyoja", "합정": "hapjeong", "을지로": "euljiro",
        "선릉": "seolleung", "문래": "mullae", "독립문": "dongnimmun", "설악": "seorak",
        "청량리": "cheongnyangni", "잠실본": "jamsilbon", "대전광역시": "daejeongwangyeoksi",
    }  # fmt: skip
    assert {hangul: romanise(hangul) for hangul in signs} == signs
    areas = AreaDirectory.load()
    assert [(a.name, a.district) for a in areas.search("Sillim")] == [
        ("신림동", "관악구"),
        ("신림면", "원주시"),
        ("신림면", "고창군"),
    ]
    assert [a.name for a in areas.search("Yeoksam-dong")] == ["역삼1동", "역삼2동"]
    assert [a.name for a in areas.search("Seodaemun Hongje")] == ["홍제1동", "홍제2동", "홍제3동"]
    assert areas.search("dong") == [] and areas.search("Xyzzy") == []
