"""A database written against the 2023 table of 행정동 meets the 2026 one: codes whose 동 only got
a new code move at start (migration 0010); split or merged ones stay, are listed for the admins
by /areas, route their reports to the admins meanwhile, and move with one press."""

from __future__ import annotations

from pathlib import Path

from core.areas import AreaDirectory
from storage.db import Database
from storage.dialect import SQLITE
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness

AREAS = AreaDirectory.load()
# Before the 2026 table (migration 0010), as the 2023 table had them.
CHUNCHEON = next(r for r in AREAS.all_retired() if r.area.sido == "강원도" and r.kind == "moved")
JEONJU = next(r for r in AREAS.all_retired() if r.area.sido == "전라북도" and r.kind == "moved")
GUNWI = next(r for r in AREAS.all_retired() if r.area.sigungu == "군위군" and r.kind == "moved")
YONGSIN = AREAS.retired("1123053600")  # 동대문구 용신동: split into 신설동 and 용두동
SINSEOL, YONGDU = "1123051500", "1123053300"
GROUP = -1001000000077
STAFF = 2101


async def _old_database(path: Path) -> None:
    db = Database(path)
    await db.open(migrate_upto=9)
    await seed.volunteer(db, 5001, CHUNCHEON.area.code, approved=True)
    await seed.centre_with_staff(db, GUNWI.area.code, -1001000000066, 2100)
    await seed.centre_with_staff(db, YONGSIN.area.code if YONGSIN else "", GROUP, STAFF)
    await seed.volunteer(db, 5002, YONGSIN.area.code if YONGSIN else "", approved=True)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO reports (ref, draft_id, area_code, origin_area_code, reporter_id, "
            "reporter_verified, contact_ok, category, description, created_at, updated_at) "
            "VALUES ('덕진동-2025-0001', 'd1', ?, ?, 5001, 1, 1, 'lonely', '안부', '2025-12-01T00:00:00Z', "
            "'2025-12-01T00:00:00Z')",
            (JEONJU.area.code, JEONJU.area.code),
        )
    await db.close()


async def _stored_codes(h: Harness) -> set[str]:
    codes: set[str] = set()
    for sql in (
        "SELECT home_area FROM users WHERE home_area IS NOT NULL",
        "SELECT area_code FROM staff",
        "SELECT area_code FROM centres",
        "SELECT area_code FROM reports",
        "SELECT origin_area_code FROM reports",
    ):
        codes |= {row[0] for row in await h.rows(sql)}
    return codes


async def test_an_old_database_moves_what_only_got_a_new_code_and_lists_the_rest(tmp_path: Path) -> None:
    assert YONGSIN is not None and YONGSIN.kind == "review" and set(YONGSIN.successors) == {SINSEOL, YONGDU}
    h = Harness(tmp_path, backend=SQLITE)  # an older SQLite file (PostgreSQL starts at 0011)
    await _old_database(h.db_path)
    await h.start()
    try:
        [home] = await h.rows("SELECT home_area FROM users WHERE id = 5001")
        assert home[0] == CHUNCHEON.moved_to and AREAS.get(home[0]) is not None
        assert AREAS.get(home[0]).sido == "강원특별자치도"  # type: ignore[union-attr]
        [gunwi] = await h.rows("SELECT area_code FROM staff WHERE user_id = 2100")
        assert AREAS.get(gunwi[0]).sido == "대구광역시"  # type: ignore[union-attr]
        [report] = await h.rows("SELECT area_code, origin_area_code FROM reports")
        assert tuple(report) == (JEONJU.moved_to, JEONJU.moved_to)
        # Invariant: every stored code is current, or split/merged and waiting for an admin.
        for code in await _stored_codes(h):
            retired = AREAS.retired(code)
            assert AREAS.get(code) is not None or (retired is not None and retired.kind == "review"), code

        volunteer = h.person(5002, "봉사자")
        await volunteer.send("/areas")  # not an admin
        assert volunteer.last().text == "관리자만 쓸 수 있어요."
        admin = h.person(ADMIN_ID, "관리자")
        await admin.send("/start")
        await admin.send("/areas 1123053600 <b>없는동</b>")
        assert "없는동" in admin.last().text and "<b>없는동" not in admin.last().html
        # A mistyped code (a name, a digit missing) is answered, not an error; not for non-admins.
        for typed in ("/areas 용신동 청량리", "/areas 112305360 용두"):
            await admin.send(typed)
            assert "바뀐 행정동 코드가 아니에요" in admin.last().text, admin.last().text
        await volunteer.send("/areas 1123053600 용두")
        assert volunteer.last().text == "관리자만 쓸 수 있어요."
        await admin.send("/areas")
        listing = h.with_button(ADMIN_ID, "→ 서울특별시 동대문구 신설동")
        assert "용신동" in listing.text and "센터 1 · 직원 1 · 시민찾동이 1" in listing.text
        assert listing.button_labels() == ["→ 서울특별시 동대문구 신설동", "→ 서울특별시 동대문구 용두동"]

        # Meanwhile a report from 용신동 is taken and goes to the admins, not to a centre that may
        # no longer be the right one.
        h.group(GROUP, "용신동 센터")
        await flows.report(
            h, volunteer, "할머니가 며칠째 안 보여요", place="시장 뒤", home="📍 용신동(옛 서울 동대문구)"
        )
        await h.settle()
        ref = "용신동(옛서울동대문구)-2026-0001"
        assert ref in volunteer.last().text
        alert = next(m for m in h.messages(ADMIN_ID) if ref in m.text)
        assert "행정동 개편으로 나뉘거나 합쳐져" in alert.text and "/areas" in alert.text
        assert not any(ref in m.text for m in h.messages(GROUP))

        await admin.press("→ 서울특별시 동대문구 신설동", message=listing)
        assert "센터 1, 직원 1, 시민찾동이 1, 처리 중인 신고 1건을 옮겼어요" in admin.last().text
        for sql, params in (
            ("SELECT home_area FROM users WHERE id = 5002", ()),
            ("SELECT area_code FROM centres WHERE chat_id = ?", (GROUP,)),
            ("SELECT area_code FROM staff WHERE user_id = ?", (STAFF,)),
        ):
            assert [tuple(r) for r in await h.rows(sql, params)] == [(SINSEOL,)]
        digests = await h.rows(
            "SELECT key FROM scheduled WHERE kind = 'digest' AND key LIKE ?", (f"digest:{SINSEOL}:%",)
        )
        assert len(digests) == 1  # the centre's daily digest moved with it
        stale = await admin.press_data(f"ax:{YONGSIN.area.code}:{YONGDU}", listing)  # a second press
        assert "지난 버튼" in str(stale["text"])
        assert [
            tuple(r) for r in await h.rows("SELECT area_code FROM centres WHERE chat_id = ?", (GROUP,))
        ] == [(SINSEOL,)]
        await admin.send("/areas")
        assert admin.last().text.startswith("행정동 개편으로 나뉘거나 합쳐져 다시 정해야 할 동이 없어요")
    finally:
        await h.close()


def test_every_code_that_left_the_table_is_accounted_for() -> None:
    """The change list and the table agree: a moved code names one current successor; nothing
    listed is also current; every 동 the issue names is there under its 2026 name."""
    for retired in AREAS.all_retired():
        assert AREAS.get(retired.area.code) is None
        if retired.kind == "moved":
            assert len(retired.successors) == 1 and AREAS.get(retired.successors[0]) is not None
        else:
            assert all(AREAS.get(code) is not None for code in retired.successors)
    for query, sido in (
        ("춘천 효자1동", "강원특별자치도"),
        ("전주 덕진동", "전북특별자치도"),
        ("원미구 심곡1동", "경기도"),
        ("동탄구 동탄1동", "경기도"),
        ("군위 군위읍", "대구광역시"),
    ):
        found = AREAS.search(query)
        assert found and found[0].sido == sido, query
