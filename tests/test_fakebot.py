"""The fake Bot API refuses what Telegram refuses, so such bugs fail the tests."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

from botapi.html_check import HtmlError, parse_html
from botapi.server import FakeTelegram
from tests.harness import fake_and_bot


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    async with fake_and_bot() as pair:
        yield pair


async def test_text_over_4096_characters_is_refused(fake: tuple[FakeTelegram, Bot]) -> None:
    _, bot = fake
    await bot.send_message(1, "가" * 4096)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(1, "가" * 4097)
    # Counted after entity parsing, in UTF-16 units like Telegram.
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(1, "😀" * 2049)


async def test_callback_data_over_64_bytes_is_refused(fake: tuple[FakeTelegram, Bot]) -> None:
    _, bot = fake
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 64)]])
    await bot.send_message(1, "hi", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="가" * 22)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(1, "hi", reply_markup=too_long)


@pytest.mark.parametrize(
    "html",
    ["a < b", "a & b", "<b>open", "<b><i>x</b></i>", "<div>x</div>", "<a>x</a>", "x > y", "<span>x</span>"],
)
async def test_html_telegram_cannot_parse_is_refused(fake: tuple[FakeTelegram, Bot], html: str) -> None:
    _, bot = fake
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(1, html, parse_mode="HTML")


def test_valid_html_gives_the_visible_text() -> None:
    assert parse_html('<b>a</b> &lt;3 <a href="tg://user?id=1">x</a> &amp; &#44032;') == "a <3 x & 가"
    with pytest.raises(HtmlError):
        parse_html("&nbsp;")


async def test_users_who_never_wrote_cannot_be_messaged(fake: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = fake
    tg.add_user(2, "B")
    with pytest.raises(Forbidden):
        await bot.send_message(2, "hello")
    tg.blocked.add(1)
    with pytest.raises(Forbidden):
        await bot.send_message(1, "hello")


async def test_edits_need_a_real_message_and_a_change(fake: tuple[FakeTelegram, Bot]) -> None:
    _, bot = fake
    sent = await bot.send_message(1, "one")
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("one", chat_id=1, message_id=sent.message_id)
    await bot.edit_message_text("two", chat_id=1, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text("x", chat_id=1, message_id=999)


async def test_the_overall_rate_limit_answers_429_with_retry_after(fake: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = fake
    tg.rate_limit = 3
    for i in range(3):
        await bot.send_message(1, f"m{i}")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(1, "one too many")
    assert refused.value._retry_after.total_seconds() == 1 and tg.rate_limited == 1


async def test_an_uploaded_photo_must_be_an_image(fake: tuple[FakeTelegram, Bot]) -> None:
    _, bot = fake
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(1, b"not a picture", filename="x.png")
    too_wide = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 5000, 100) + b"\x08\x02\x00\x00\x00"
    )
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(1, too_wide, filename="x.png")
