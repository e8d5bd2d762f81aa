"""Input fuzz (hypothesis): hostile text through every free-text step. No crash, no generic
error, and every message the bot sends passes the fake server's Telegram validation."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import flows
from tests.harness import ADMIN_ID, Harness

SPECIAL = st.sampled_from(
    [
        "<b>bold</b>", "</i>", "<script>alert(1)</script>", "a & b", "&amp;", "&nbsp;", "<", ">", "*bold*",
        "_it_", "`code`", "[link](http://x)", "'; DROP TABLE reports; --", "\" OR 1=1 --", "\u202ertl",
        "مرحبا بالعالم", "שלום", "😀👍🏽🇰🇷", "\x00\x01\x07", "\t\r\n", "홍제1동", "2026-11-28 19:30", "12",
        "²", "١٢", "/start", "  ", "%s%s%n", "{name}", "{0}", "\\u0000",
    ]
)  # fmt: skip
TEXT = st.one_of(
    SPECIAL,
    st.text(min_size=1, max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=5000),
    st.lists(SPECIAL, min_size=2, max_size=6).map(" ".join),
).filter(lambda s: s.strip() != "" and not s.startswith("/"))


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(texts=st.lists(TEXT, min_size=8, max_size=8))
async def test_hostile_text_at_every_free_text_step(texts: list[str]) -> None:
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory() as folder:
        h = Harness(Path(folder))
        await h.start()
        try:
            await _walk(h, texts)
        finally:
            await h.close()
            logging.getLogger().removeHandler(errors)
    assert [r.getMessage() for r in errors.records if r.name != "delivery.sender"] == []
    assert [why for method, why in h.tg.rejected if method not in ("answerCallbackQuery",)] == []
    for chat in list(h.tg.chats):
        assert not any("문제가 생겼어요" in text for text in h.texts(chat)), chat


async def _walk(h: Harness, texts: list[str]) -> None:
    a, b, c, d, e, f, g, i = texts
    admin = h.person(ADMIN_ID, a[:60] or "관리자")
    staff = h.person(2001, b[:60] or "직원")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, c[:60] or "민수")
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    for text in (a, b):  # registration: the name step
        await minsu.send(text)
        if "전화번호" in minsu.last().text:
            break
    else:
        await minsu.send("민수")
    await minsu.send("건너뛰기")
    await minsu.send(c)  # the area search
    await minsu.send("홍제")
    await minsu.press("홍제1동 · 서대문구")
    await minsu.press("소식 받을게요")
    # The report: place, description (refused when too long, then a short one).
    await minsu.send("/report")
    await minsu.press("아니요, 급하지 않아요")
    await minsu.press("기타")
    await minsu.press("다른 동 찾기")
    await minsu.send(d)
    await minsu.send("홍제1")
    await minsu.press("홍제1동 · 서대문구")
    await minsu.send(e)
    if "무엇을 보셨나요?" not in minsu.last().text:
        await minsu.send("골목 끝")
    await minsu.send(f)
    if "사진이 있으면" not in minsu.last().text:
        await minsu.send(f[:900] or "내용")
    await minsu.press("사진 없이 계속")
    await minsu.press("연락해도 돼요")
    await minsu.press("✅ 보내기")
    # Staff: note, duplicate reference, transfer search with the same texts.
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("📝 메모")
    await staff.send(g)
    await staff.send("/cancel")
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("🔁 중복 표시")
    await staff.send(i)
    await staff.send("/cancel")
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("➡️ 다른 동으로 이관")
    await staff.send(a)
    await staff.send("/cancel")
    # A meeting: title, agenda, place, typed date, capacity.
    await minsu.send("/meeting")
    await minsu.send(b)
    if "무엇을 이야기할까요?" not in minsu.last().text:
        await minsu.send("골목 모임")
    await minsu.send(c)
    if "어느 동의 골목회의" not in minsu.last().text:
        await minsu.send("안건")
    await minsu.press("📍 홍제1동")
    await minsu.send(d)
    if "날짜" not in minsu.last().text:
        await minsu.send("경로당")
    await minsu.send(e)
    await minsu.send("2026-11-28 19:30")
    await minsu.press("온라인")
    await minsu.send(f)
    await minsu.send("10")
    await minsu.press("✅ 보내기")
    # Commands with hostile arguments.
    await admin.send(f"/invite {g}")
    await admin.send(f"/accesslog {i}")
    await minsu.send(f"/join {a}")
    await minsu.send(g)  # outside any conversation
    assert len(await h.rows("SELECT id FROM reports")) == 1  # the walk really went through
    assert len(await h.rows("SELECT id FROM meetings")) == 1
