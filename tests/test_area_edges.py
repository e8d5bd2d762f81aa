"""Edges of the 2026 area change found by an outsider's probe: refs a new 동 shares with a split one
or two codes merged into one, leftovers under a moved code, the particle after a bracketed label,
meetings of a split 동, and old pickers offering a split 동 (each of these failed before its fix)."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from storage.dialect import SQLITE
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness

OLD_SOSABON = "4119075000"  # 부천시 소사본동 (2023 table, label 소사본동): split (review)
NEW_SOSABON = "4119453000"  # 부천시 소사구 소사본동 (2026 table, label 소사본동)
WONDEOK = "4223025300"  # 삼척시 원덕읍 -> 5123025300 (moved)
IMWON = "4223025400"  # 원덕읍임원출장소 -> 5123025300 (moved, same successor)
NEW_WONDEOK = "5123025300"


async def _old_report(db: Database, ref: str, code: str, draft: str) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO reports (ref, draft_id, area_code, origin_area_code, reporter_id, "
            "reporter_verified, contact_ok, category, description, created_at, updated_at, status) "
            "VALUES (?, ?, ?, ?, 5001, 1, 1, 'lonely', '안부', '2026-02-01T00:00:00Z', "
            "'2026-02-01T00:00:00Z', 'closed')",
            (ref, draft, code, code),
        )
        await tx.execute(
            "INSERT INTO report_counters (area_code, year, last_seq) VALUES (?, 2026, ?) "
            "ON CONFLICT(area_code, year) DO UPDATE SET last_seq = excluded.last_seq",
            (code, int(ref[-4:])),
        )


async def test_a_new_dong_named_like_a_split_one_can_take_a_report(tmp_path: Path) -> None:
    """Before April a report of the old 소사본동 took ref 소사본동-2026-0001; the new 소사본동 (another
    code, its own counter) must not hand out the same ref."""
    h = Harness(tmp_path, backend=SQLITE)  # an older SQLite file (PostgreSQL starts at 0011)
    db = Database(h.db_path)
    await db.open(migrate_upto=9)
    await seed.volunteer(db, 5001, OLD_SOSABON, approved=True)
    await seed.volunteer(db, 5003, NEW_SOSABON, approved=True)
    await _old_report(db, "소사본동-2026-0001", OLD_SOSABON, "d1")
    await db.close()
    await h.start()
    try:
        volunteer = h.person(5003, "봉사자")
        await volunteer.send("/start")
        await flows.report(h, volunteer, "할머니가 며칠째 안 보여요", place="시장 뒤", home="📍 소사본동")
        await h.settle()
        refs = [r[0] for r in await h.rows("SELECT ref FROM reports ORDER BY id")]
        assert len(refs) == 2, (refs, volunteer.texts()[-3:])
    finally:
        await h.close()


async def test_two_moved_codes_into_one_keep_counting_past_both(tmp_path: Path) -> None:
    """원덕읍 and its 임원출장소 both become 5123025300 (label 원덕읍): the new reports must not
    reuse a ref 원덕읍 gave before, whichever counter the migration kept."""
    h = Harness(tmp_path, backend=SQLITE)  # an older SQLite file (PostgreSQL starts at 0011)
    db = Database(h.db_path)
    await db.open(migrate_upto=9)
    await seed.volunteer(db, 5001, WONDEOK, approved=True)
    await _old_report(db, "원덕읍임원출장소-2026-0001", IMWON, "d0")  # its counter row first
    for n in range(1, 4):
        await _old_report(db, f"원덕읍-2026-{n:04d}", WONDEOK, f"d{n}")
    await db.close()
    await h.start()
    try:
        volunteer = h.person(5001, "봉사자")
        await volunteer.send("/start")
        await flows.report(h, volunteer, "할머니가 며칠째 안 보여요", place="시장 뒤", home="📍 원덕읍")
        await h.settle()
        refs = [r[0] for r in await h.rows("SELECT ref FROM reports ORDER BY id")]
        assert len(refs) == 5, (refs, volunteer.texts()[-3:])
    finally:
        await h.close()


async def test_a_centre_left_under_a_moved_code_is_listed_by_areas(tmp_path: Path) -> None:
    """Both 원덕읍 and 임원출장소 had a centre: UPDATE OR IGNORE leaves one under the old code.
    /areas must list it (or the migration must not leave it), else its group is linked to a
    code no report will ever have."""
    h = Harness(tmp_path, backend=SQLITE)  # an older SQLite file (PostgreSQL starts at 0011)
    db = Database(h.db_path)
    await db.open(migrate_upto=9)
    await seed.centre_with_staff(db, WONDEOK, -1001000000081, 2101)
    await seed.centre_with_staff(db, IMWON, -1001000000082, 2102)
    await db.close()
    await h.start()
    try:
        left = [
            r[0] for r in await h.rows("SELECT area_code FROM centres WHERE area_code <> ?", (NEW_WONDEOK,))
        ]
        admin = h.person(ADMIN_ID, "관리자")
        await admin.send("/start")
        await admin.send("/areas")
        assert not left or any(
            "임원출장소" in m.text or "원덕읍" in m.text for m in h.messages(ADMIN_ID)[-3:]
        ), (
            left,
            admin.last().text,
        )
    finally:
        await h.close()


YONGSIN = "1123053600"  # 동대문구 용신동: split (review)
GROUP = -1001000000077


def test_the_retired_alert_takes_the_particle_of_the_dong_not_of_the_bracket() -> None:
    from messages import t

    text = t("ko", "alert.retired_area", area="용신동(옛 서울 동대문구)")
    assert "용신동(옛 서울 동대문구)은" in text, text  # 동 has a final consonant: 은, not 는


async def test_a_meeting_of_a_split_dong_goes_to_the_admins_like_its_reports(tmp_path: Path) -> None:
    h = Harness(tmp_path, backend=SQLITE)  # an older SQLite file (PostgreSQL starts at 0011)
    db = Database(h.db_path)
    await db.open(migrate_upto=9)
    await seed.centre_with_staff(db, YONGSIN, GROUP, 2101)
    await seed.volunteer(db, 5002, YONGSIN, approved=True)
    await db.close()
    await h.start()
    try:
        h.group(GROUP, "용신동 센터")
        admin = h.person(ADMIN_ID, "관리자")
        await admin.send("/start")
        volunteer = h.person(5002, "봉사자")
        await flows.propose_meeting(h, volunteer, "골목 청소", home="📍 용신동(옛 서울 동대문구)")
        await h.settle()
        to_group = [m.text for m in h.messages(GROUP) if "골목 청소" in m.text]
        to_admin = [m.text for m in h.messages(ADMIN_ID) if "골목 청소" in m.text]
        assert not to_group and to_admin, (to_group, to_admin, volunteer.texts()[-1:])
    finally:
        await h.close()


def _as_before_the_upgrade(sent, code: str) -> None:  # type: ignore[no-untyped-def]
    """The picker as the bot drew it with the 2023 table: its first button was this 동."""
    first = sent.buttons[0][0]
    prefix = str(first["callback_data"]).rpartition(":")[0]
    first["callback_data"] = f"{prefix}:{code}"
    first["text"] = "용신동 · 동대문구"


async def test_an_old_invite_picker_of_a_split_dong_makes_no_invite(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    await admin.send("/invite 홍제")
    picker = admin.last()
    _as_before_the_upgrade(picker, YONGSIN)
    await admin.press("용신동 · 동대문구", message=picker)
    rows = [r[0] for r in await h.rows("SELECT area_code FROM invites")]
    assert YONGSIN not in rows, admin.last().text


async def test_an_old_registration_picker_of_a_split_dong(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    await minsu.send("민수")
    await minsu.send("건너뛰기")
    await minsu.send("홍제")
    picker = minsu.last()
    _as_before_the_upgrade(picker, YONGSIN)
    answer = await minsu.press("용신동 · 동대문구", message=picker)
    assert "지난 버튼" in str(answer.get("text"))  # said at once, and the question stays
    await minsu.send("홍제")
    await minsu.press("홍제1동 · 서대문구")
    await minsu.press("소식 받을게요")
    [user] = await h.rows("SELECT home_area, registered_at FROM users WHERE id = 1001")
    assert user["home_area"] == flows.HONGJE1 and user["registered_at"] is not None
