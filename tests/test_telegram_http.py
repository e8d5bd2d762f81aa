"""The Bot API transport (delivery/telegram_http.py: PTB's HTTPXRequest as golmok sets it up):
what is sent arrives as sent, uploads arrive whole with their Korean names, its timeouts hold,
failures are PTB's TimedOut and NetworkError (which the poller and the sender handle), and it
tells the rate limiter when each call has gone out, in the task that makes it."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, TimedOut

from botapi.server import FakeTelegram
from delivery.telegram_http import bot_api_request
from tests.harness import TOKEN, fake_and_bot


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    async with fake_and_bot(bot_api_request(8, timeout=0.5)) as pair:
        yield pair


async def test_a_message_with_buttons_arrives_as_sent(fake: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = fake
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("네 & 예", callback_data="a:1")]])
    message = await bot.send_message(1, "<b>안녕</b> 😀 &amp;", parse_mode="HTML", reply_markup=keyboard)
    shown = tg.chat(1)[-1]
    assert (shown.text, shown.button_labels()) == ("안녕 😀 &", ["네 & 예"])
    assert shown.button_data("네 & 예") == "a:1"
    assert message.message_id == shown.message_id and message.text == "안녕 😀 &"


async def test_an_upload_arrives_whole_with_its_name(fake: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = fake
    content = "\ufeff접수번호,분류\r\n1,안부\r\n".encode() + bytes(range(256)) * 100
    await bot.send_document(1, content, filename="보고서.csv", caption="내보내기")
    sent = tg.chat(1)[-1]
    assert sent.kind == "document" and sent.text == "내보내기"
    assert sent.extra["filename"] == "보고서.csv" and sent.extra["content"] == content


async def test_telegrams_refusal_comes_back_as_ptbs_error(fake: tuple[FakeTelegram, Bot]) -> None:
    _, bot = fake
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(1, "a" * 4097)


async def test_an_answer_that_never_comes_is_a_timeout(fake: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = fake
    tg.faults.timeout, tg.faults.hang = 1.0, 3.0
    with pytest.raises(TimedOut):
        await bot.send_message(1, "hello")


async def test_nobody_listening_is_a_network_error() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=bot_api_request(8, timeout=1))
    with pytest.raises(NetworkError, match=r"httpx\.ConnectError"):
        await bot.initialize()
    await bot.shutdown()


async def test_the_transport_says_when_each_request_has_gone_out_in_the_calling_task() -> None:
    import contextvars

    caller: contextvars.ContextVar[str] = contextvars.ContextVar("caller", default="none")
    seen: list[str] = []
    async with fake_and_bot(bot_api_request(8, 5.0, on_sent=lambda: seen.append(caller.get()))) as (tg, bot):
        caller.set("first")
        await bot.send_message(1, "하나")
        caller.set("second")
        await bot.send_message(1, "둘")
    assert seen[-2:] == ["first", "second"]  # once per call (getMe came before), in its task
    assert [m.text for m in tg.chat(1)] == ["하나", "둘"]
