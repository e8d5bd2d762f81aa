"""Every label the bot shows for a 동 tells it apart from all others in data/areas.csv.

Two buttons that read the same ("중앙동 · 중구" in 부산 and in 울산) make one wrong press misroute a
report; two 동 with the same short name would give their reports the same ref (refs are unique, so
the second report could not even be stored).
"""

from __future__ import annotations

from collections import Counter

from core import render
from core.areas import AreaDirectory
from messages import plain
from tests import flows
from tests.harness import Harness

BUSAN_JUNGANG = "2611051000"  # 부산광역시 중구 중앙동
ULSAN_JUNGANG = "3111058500"  # 울산광역시 중구 중앙동
GWANAK_JUNGANG = "1162061500"  # 서울특별시 관악구 중앙동


def _repeated(labels: dict[str, str]) -> dict[str, list[str]]:
    counts = Counter(labels.values())
    return {label: [c for c, v in labels.items() if v == label] for label, n in counts.items() if n > 1}


def test_every_label_of_every_dong_is_unique_in_the_whole_directory() -> None:
    areas = AreaDirectory.load()
    assert len(areas) > 3500
    every = [a for code in areas.codes() if (a := areas.get(code)) is not None]
    for lang in ("ko", "en"):
        picker = {a.code: plain(lang, "area.button", name=a.name, district=areas.district(a)) for a in every}
        assert _repeated(picker) == {}, lang
    assert _repeated({a.code: render.area_name(areas, a.code) for a in every}) == {}
    assert _repeated({a.code: render.area_full(areas, a.code) for a in every}) == {}
    # Refs are typed back without spaces, so their 동 part must be unique without spaces too.
    assert _repeated({a.code: render.area_ref(areas, a.code) for a in every}) == {}
    assert all(" " not in render.area_ref(areas, a.code) for a in every)


def test_labels_that_were_unique_stay_as_they_were() -> None:
    areas = AreaDirectory.load()
    every = [a for code in areas.codes() if (a := areas.get(code)) is not None]
    pairs = Counter((a.name, a.district) for a in every)
    names = Counter(a.name for a in every)
    for a in every:
        if pairs[(a.name, a.district)] == 1:
            assert areas.district(a) == a.district
        if names[a.name] == 1:
            assert render.area_name(areas, a.code) == a.name
    hongje = areas.get(flows.HONGJE1)
    assert hongje is not None
    label = plain("ko", "area.button", name=hongje.name, district=areas.district(hongje))
    assert label == "홍제1동 · 서대문구"
    assert render.area_name(areas, flows.HONGJE1) == "홍제1동"
    # Only the repeated ones get more: the 시도 where the 구 repeats too, 시도 and 구 in short names.
    busan, ulsan = areas.get(BUSAN_JUNGANG), areas.get(ULSAN_JUNGANG)
    assert busan is not None and ulsan is not None
    assert (areas.district(busan), areas.district(ulsan)) == ("부산 중구", "울산 중구")
    assert render.area_name(areas, BUSAN_JUNGANG) == "중앙동(부산 중구)"
    assert render.area_name(areas, GWANAK_JUNGANG) == "중앙동(서울 관악구)"


async def test_searching_jung_gu_jungang_offers_two_distinct_buttons(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    await minsu.send("중구 중앙")
    picker = minsu.last()
    assert picker.button_labels() == ["중앙동 · 부산 중구", "중앙동 · 울산 중구"]
    await minsu.press("중앙동 · 울산 중구")
    await minsu.press("소식 받을게요")
    [row] = await h.rows("SELECT home_area FROM users WHERE id = 1001")
    assert row["home_area"] == ULSAN_JUNGANG
    assert "중앙동(울산 중구)" in minsu.last().text


async def test_reports_from_two_same_named_dongs_both_arrive_with_different_refs(h: Harness) -> None:
    busan, ulsan = h.person(1001, "부산 봉사자"), h.person(1002, "울산 봉사자")
    await flows.register(h, busan, search="중구 중앙", pick="중앙동 · 부산 중구")
    await flows.register(h, ulsan, search="중구 중앙", pick="중앙동 · 울산 중구")
    for person, area in ((busan, "📍 중앙동(부산 중구)"), (ulsan, "📍 중앙동(울산 중구)")):
        await person.send("/report")
        await person.press("아니요, 급하지 않아요")
        await person.press("기타")
        await person.press(area)
        await person.send("시장 입구")
        await person.send("며칠째 불이 꺼져 있어요")
        await person.press("사진 없이 계속")
        await person.press("연락해도 돼요")
        await person.press("✅ 보내기")
    rows = await h.rows("SELECT ref, area_code FROM reports ORDER BY id")
    assert [(r["ref"], r["area_code"]) for r in rows] == [
        ("중앙동(부산중구)-2026-0001", BUSAN_JUNGANG),
        ("중앙동(울산중구)-2026-0001", ULSAN_JUNGANG),
    ]
    assert "중앙동(울산중구)-2026-0001" in ulsan.last().text
