"""Text that shows nothing is refused where it is typed; names lose control and bidi characters
and are isolated where they are shown (messages/text.py)."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import scheduler
from core.clock import FrozenClock
from core.errors import Refused
from features.reports import actions as reports
from messages import t
from messages.text import FSI, PDI, clean_name, isolate, visible
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness, Person

HINT = "보이는 글자가 없어요"
_SAMPLE = (
    "\u3000\u200b\u200c\u200d\u2060\ufeff\u00a0\u2002\u2003\u202f\u205f\u180e\u3164\u115f\u1160"
    "\uffa0\u2800\u034f\ufe0f\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u00ad\U000e0020"
)
INVISIBLE = st.text(
    alphabet=st.one_of(st.sampled_from(_SAMPLE), st.characters(categories=("Zs", "Cf"))),
    min_size=1,
    max_size=12,
)
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = st.characters(categories=["Cc"]) | st.sampled_from(BIDI)


# --- the helpers ---------------------------------------------------------------------------


@given(INVISIBLE)
def test_text_of_only_invisible_characters_is_not_visible(text: str) -> None:
    assert not visible(text)
    assert not visible(clean_name(text))


@given(st.text(max_size=10), st.characters(categories=("L", "N", "So")), st.text(max_size=10))
def test_a_letter_digit_or_emoji_is_visible(before: str, letter: str, after: str) -> None:
    if letter in _SAMPLE or letter in "\u3164\u115f\u1160\uffa0\u2800\u17b4\u17b5":
        return
    assert visible(before + letter + after)


@given(st.lists(st.one_of(st.text(max_size=5), CONTROLS), max_size=12).map("".join))
def test_a_cleaned_name_has_no_control_or_bidi_characters(name: str) -> None:
    cleaned = clean_name(name)
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned


def test_names_are_isolated_in_sentences() -> None:
    assert isolate("민수") == f"{FSI}민수{PDI}"
    text = t("ko", "vol.new", name="\u202eabc<b>", area="홍제1동")
    assert f"<b>{FSI}abc&lt;b&gt;{PDI}</b>" in text
    assert t("ko", "reg.done", name="민수", area="홍제1동").startswith(f"가입했어요, {FSI}민수{PDI}님")


# --- end to end: each step where text is typed ---------------------------------------------


async def _tick(h: Harness, to: datetime) -> None:
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.set(to)
    await scheduler.run_due(h.runtime.deps)
    assert h.runtime.sender is not None
    h.runtime.sender.wake()
    await h.settle()


def _seoul(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC) - timedelta(hours=9)


async def _refused(person: Person, blank: str) -> None:
    await person.send(blank)
    assert HINT in person.last().text, person.last().text


async def _walk(h: Harness, blanks: list[str]) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    await minsu.send(blanks[0])  # the name step: nothing visible
    assert "이름은" in minsu.last().text
    await minsu.send("\u202e민\u0007수\u2066")  # controls and bidi overrides are taken out
    await minsu.send("건너뛰기")
    await minsu.send("홍제")
    await minsu.press("홍제1동 · 서대문구")
    await minsu.press("소식 받을게요")
    [row] = await h.rows("SELECT display_name FROM users WHERE id = 1001")
    assert row["display_name"] == "민수"
    assert f"{FSI}민수{PDI}" in h.last(flows.STAFF_GROUP).html

    # The report: place and description.
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("홀몸 어르신 안부")
    await minsu.press("📍 홍제1동")
    await _refused(minsu, blanks[1])
    await minsu.send("홍제시장 뒤")
    await _refused(minsu, blanks[2])
    await minsu.send("할머니가 안 보여요")
    await minsu.press("사진 없이 계속")
    await minsu.press("연락해도 돼요")
    await minsu.press("✅ 보내기")
    assert "할머니가 안 보여요" in h.last(flows.STAFF_GROUP).text or "홍제1동-2026-0001" in minsu.last().text
    [report] = await h.rows("SELECT place_text, description FROM reports")
    assert (report["place_text"], report["description"]) == ("홍제시장 뒤", "할머니가 안 보여요")

    # A staff note.
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("📝 메모")
    await _refused(staff, blanks[3])
    await staff.send("통화함")
    assert "메모를 남겼어요" in staff.last().text

    # A meeting: title, description, place; then the staff comment.
    await minsu.send("/meeting")
    await _refused(minsu, blanks[4])
    await minsu.send("골목 청소")
    await _refused(minsu, blanks[5])
    await minsu.send("같이 청소해요")
    await minsu.press("📍 홍제1동")
    await _refused(minsu, blanks[6])
    await minsu.send("평상")
    await minsu.send("2026-11-28 19:30")
    await minsu.press("골목에서 (돗자리)")
    await minsu.press("제한 없음")
    await minsu.press("✅ 보내기")
    await staff.press("✏️ 수정 요청", chat=flows.STAFF_GROUP)
    await staff.press("✏️ 수정 요청 쓰기")
    await _refused(staff, blanks[7])
    await staff.send("좋아요")
    assert staff.last().text == "보냈어요."

    # A campaign text.
    await staff.send("/campaign")
    await _refused(staff, blanks[0])
    await staff.send("/cancel")


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(blanks=st.lists(INVISIBLE, min_size=8, max_size=8))
async def test_invisible_text_is_refused_at_every_step(blanks: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        h = Harness(Path(folder))
        await h.start()
        try:
            await _walk(h, blanks)
        finally:
            await h.close()
    assert [why for method, why in h.tg.rejected if method != "answerCallbackQuery"] == []


async def test_the_ideographic_space_example_from_the_issue(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("홀몸 어르신 안부")
    await minsu.press("📍 홍제1동")
    await minsu.send("홍제시장 뒤")
    await _refused(minsu, "\u3000\u3000")
    assert "0자" not in minsu.last().text


async def test_the_meeting_outcome_refuses_invisible_text(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    organiser = h.person(1001, "민수")
    await flows.register(h, organiser)
    await flows.propose_meeting(h, organiser)
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await _tick(h, _seoul(29, 8))
    await organiser.press("📝 결과 쓰기")
    await _refused(organiser, "\u200b\u3000")
    await organiser.send("모였어요")
    await _refused(organiser, "\ufeff")  # decisions
    await organiser.send("음식물은 저녁에")
    await _refused(organiser, "\u2060")  # requests
    await organiser.press("없음")
    assert "결과를 남겼어요" in organiser.last().text
    [row] = await h.rows("SELECT outcome_summary, outcome_decisions, outcome_requests FROM meetings")
    assert tuple(row) == ("모였어요", "음식물은 저녁에", None)


async def test_telegram_names_with_overrides_reach_staff_cleaned_and_isolated(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김\u202e주무관\u0000")
    await flows.centre(h, admin, staff)
    await seed.volunteer(h.db, 1001, flows.HONGJE1)
    minsu = h.person(1001, "민수")
    await flows.report(h, minsu)
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    alert = h.last(flows.STAFF_GROUP)
    assert f"{FSI}김주무관{PDI}" in alert.html and "\u202e" not in alert.html
    [row] = await h.rows("SELECT display_name FROM users WHERE id = 2001")
    assert row["display_name"] == "김주무관"


async def test_a_draft_kept_from_before_is_refused_with_the_right_reason(h: Harness) -> None:
    # A conversation persisted before this check existed may hold an invisible description:
    # sending it says why, instead of "up to 1,000 characters; yours has 0".
    await seed.volunteer(h.db, 1001, flows.HONGJE1)
    assert h.runtime is not None
    draft = reports.Draft("d1", "elderly_alone", flows.HONGJE1, "\u3000", None, None, "\u200b", None, True)
    with pytest.raises(Refused) as refused:
        await reports.submit(h.runtime.deps, 1001, draft)
    assert refused.value.key == "text.invisible"
    assert await h.rows("SELECT id FROM reports") == []
