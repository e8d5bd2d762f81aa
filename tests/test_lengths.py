"""Long answers as Telegram counts them: UTF-16 code units after entity parsing, 4,096 a message.

Property tests for messages/length.py against the fake server's own validation, then end to end:
the details view with long notes, /accesslog, /meetings and /stats with an argument of any length.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from botapi.html_check import parse_html
from botapi.records import TEXT_LIMIT
from core import scheduler
from core.clock import FrozenClock
from messages import t
from messages.length import length, split, units
from storage import access_log, centres, users
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness, Person

EMOJI = "😀"  # outside the BMP: two UTF-16 code units, one Python character


def _accepted(chunk: str, limit: int = TEXT_LIMIT) -> bool:
    """What the fake server checks for sendMessage with parse_mode HTML."""
    shown = parse_html(chunk)  # raises where Telegram cannot parse the entities
    return bool(shown.strip()) and units(shown) <= limit


def _letters(text: str) -> str:
    return re.sub(r"\s", "", text)


# --- the helper ------------------------------------------------------------------------------

_PIECE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30).map(
        lambda s: html.escape(s, quote=False)
    ),
    st.sampled_from([EMOJI * 5, "👍🏽", "🇰🇷", "𝐀𝐁", "&lt;b&gt;", "&amp;", "a & b", "홍제1동", "\n"]).map(
        lambda s: html.escape(html.unescape(s), quote=False)
    ),
)
_TEMPLATED = st.sampled_from(
    ["<b>{}</b>", "<i>{}</i>", "<code>{}</code>", '<a href="tg://user?id=1">{}</a>', "• {} · <b>x</b>",
     "<blockquote>{}</blockquote>", "<b>a <i>{}</i> b</b>", "{}"]
)  # fmt: skip
_LINE = st.builds(lambda form, parts: form.format("".join(parts)), _TEMPLATED, st.lists(_PIECE, max_size=40))


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.one_of(_LINE, st.builds(lambda n: EMOJI * n, st.integers(0, 3000))), max_size=12),
    limit=st.sampled_from([16, 50, 200, TEXT_LIMIT]),
)
def test_every_chunk_is_accepted_and_every_line_is_kept(lines: list[str], limit: int) -> None:
    chunks = split(lines, header="<b>헤더</b> (3건)", limit=limit)
    for chunk in chunks:
        assert _accepted(chunk, limit), chunk
    assert _letters("".join(parse_html(c) for c in chunks)) == _letters(
        "헤더 (3건)" + "".join(parse_html(line) for line in lines)
    )


def test_length_counts_utf16_units_after_entities() -> None:
    assert length("<b>가</b>&lt;") == 2
    assert length(EMOJI) == 2 and len(EMOJI) == 1
    assert length(t("ko", "details.note_line", time="t", author="김", text=EMOJI * 1000)) > 2000


def test_one_long_line_is_cut_outside_tags_and_entities() -> None:
    line = "<b>" + ("&amp;" + EMOJI) * 3000 + "</b>"
    chunks = split([line])
    assert len(chunks) == 3
    assert all(c.startswith("<b>") and c.endswith("</b>") and _accepted(c) for c in chunks)
    assert sum(length(c) for c in chunks) == 9000


def test_lines_stay_whole_when_they_fit() -> None:
    lines = [f"• <b>{n}</b> " + "가" * 100 for n in range(100)]
    chunks = split(lines, header="H")
    assert len(chunks) > 1
    assert "\n".join(chunks).split("\n") == ["H", *lines]


# --- end to end ------------------------------------------------------------------------------


async def _centre_and_report(h: Harness, staff_name: str = "김주무관") -> tuple[Person, Person, Person]:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, staff_name)
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    return admin, staff, minsu


def _no_refusals(h: Harness) -> None:
    assert [why for method, why in h.tg.rejected if method != "answerCallbackQuery"] == []
    for chat in list(h.tg.chats):
        assert not any("문제가 생겼어요" in text for text in h.texts(chat)), chat


async def test_details_with_three_notes_of_a_thousand_emoji(h: Harness) -> None:
    _, staff, _ = await _centre_and_report(h)
    for mark in ("🍎", "🍐", "🍊"):
        await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
        await staff.press("📝 메모")
        await staff.send(mark + EMOJI * 999)  # 1,000 characters: the note limit, 2,000 units
        assert "메모를 남겼어요" in staff.last().text
    before = len(staff.texts())
    answer = await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert answer["text"] == "1:1 대화로 보냈어요."
    shown = staff.texts()[before:]
    _no_refusals(h)
    assert "3층 할머니가 일주일째 안 보여요" in shown[0]
    notes = "".join(shown[1:])
    assert all(notes.count(mark + EMOJI * 999) == 1 for mark in ("🍎", "🍐", "🍊"))
    assert len(shown) >= 3  # 6,000 units of notes: more than one message


async def test_accesslog_of_long_names_is_split_not_cut_inside_a_tag(h: Harness) -> None:
    admin, _, _ = await _centre_and_report(h, staff_name=EMOJI * 60)
    async with h.db.transaction() as tx:
        for _ in range(39):
            await access_log.record(tx, 2001, "view_details", "2026-11-22T05:00:00.000000Z", report_id=1)
    await admin.send("/accesslog")
    _no_refusals(h)
    shown = [text for text in admin.texts() if "view_details" in text or "열람·변경 기록" in text]
    assert "(최근 40건)" in shown[0]
    assert len(shown) >= 2
    assert sum(text.count("• ") for text in shown) == 40  # every line, none cut
    assert sum(text.count(EMOJI * 60 + "(2001) · view_details") for text in shown) == 39


async def test_meetings_list_with_long_outcomes_is_split_whole(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    async with h.db.transaction() as tx:
        for n in range(4):
            # Meetings held in the past with a long outcome, as the outcome step stores them.
            await tx.execute(
                "INSERT INTO meetings (draft_id, area_code, organiser_id, title, agenda, starts_at, format, "
                "status, outcome_summary, outcome_at, created_at, updated_at) "
                "VALUES (?, ?, 1001, ?, '안건', ?, 'alley', 'approved', ?, ?, ?, ?)",
                (f"d{n}", flows.HONGJE1, f"<회의 {n}> " + EMOJI * 70, f"2026-11-0{n + 1}T10:00:00.000000Z",
                 f"결과{n} " + EMOJI * 995, "2026-11-10T10:00:00.000000Z", "2026-11-01T00:00:00.000000Z",
                 "2026-11-01T00:00:00.000000Z"),
            )  # fmt: skip
    before = len(minsu.texts())
    await minsu.send("/meetings")
    _no_refusals(h)
    shown = "\n".join(minsu.texts()[before:])
    assert len(minsu.texts()) - before >= 2
    for n in range(4):
        assert f"<회의 {n}> " + EMOJI * 70 in shown and f"결과{n} " + EMOJI * 995 in shown


async def test_stats_never_echoes_a_long_argument(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    await admin.send("/stats " + "없는동" + EMOJI * 2040)
    _no_refusals(h)
    answer = admin.last().text
    assert "맞는 동을 찾지 못했어요" in answer
    assert "없는동" in answer and EMOJI * 61 not in answer and "…" in answer


async def test_campaign_text_is_measured_as_telegram_counts_it(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    await seed.volunteer(h.db, 10_000, flows.HONGJE1, approved=True)
    h.tg.add_user(10_000, "봉사자")
    h.tg.started.add(10_000)
    await staff.send("/campaign")
    await staff.send(EMOJI * 2040)  # 2,040 characters but 4,080 units: the preview cannot carry it
    _no_refusals(h)
    assert staff.last().text.startswith("글은 3,000자까지예요. 지금 4,080자예요.")
    await staff.send(EMOJI * 1400)  # 2,800 units: fits with the header
    _no_refusals(h)
    assert "미리보기" in staff.last().text and EMOJI * 1400 in staff.last().text


async def test_staff_list_of_long_names_is_split(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    await admin.send("/start")
    async with h.db.transaction() as tx:
        for n in range(50):
            await users.ensure(tx, 3000 + n, "ko", f"{n:02d}" + EMOJI * 60, None, seed.NOW)
            await centres.grant(tx, 3000 + n, flows.HONGJE1, None, seed.NOW)
    before = len(admin.texts())
    await admin.send("/staff")
    _no_refusals(h)
    shown = "\n".join(admin.texts()[before:])
    assert len(admin.texts()) - before >= 2
    assert all(f"{n:02d}" + EMOJI * 60 in shown for n in range(50))
    assert len(admin.last().buttons) == 50  # the revoke buttons, under the whole list


async def test_a_long_meeting_outcome_reaches_everyone_whole(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    organiser = h.person(1001, "민수")
    await flows.register(h, organiser)
    await flows.propose_meeting(h, organiser)
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None and h.runtime.sender is not None
    h.clock.set(datetime(2026, 11, 28, 23, 0, tzinfo=UTC))  # 11-29 08:00 in Seoul: the outcome asked
    await scheduler.run_due(h.runtime.deps)
    h.runtime.sender.wake()
    await h.settle()
    await organiser.press("📝 결과 쓰기")
    parts = ["🍎" + EMOJI * 999, "🍐" + EMOJI * 999, "🍊" + EMOJI * 999]  # the limit each: 6,000 units
    for part in parts:
        await organiser.send(part)
    assert "결과를 남겼어요" in organiser.last().text
    _no_refusals(h)
    shown = "\n".join(h.texts(flows.STAFF_GROUP))
    assert "골목회의 결과" in shown and all(shown.count(part) == 1 for part in parts)
    [row] = await h.rows("SELECT count(*) AS n FROM outbox WHERE state != 'sent'")
    assert row["n"] == 0
