"""Webhook mode: only requests with the secret token are processed."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import aiohttp

from tests.harness import Harness

SECRET = "webhook-secret-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _update(update_id: int, h: Harness, text: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": int(time.time()), "chat": h.tg.chats[1001],
            "from": h.tg.users[1001], "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }  # fmt: skip


async def test_webhook_refuses_missing_or_wrong_secret_and_handles_the_right_one(tmp_path: Path) -> None:
    port = _free_port()
    h = Harness(tmp_path, webhook_url="https://golmok.example/hook", webhook_secret=SECRET, webhook_port=port)
    await h.start()
    try:
        assert h.tg.webhook == {"url": "https://golmok.example/hook", "secret_token": SECRET}
        h.person(1001, "민수")
        h.tg.started.add(1001)
        url = f"http://127.0.0.1:{port}/hook"
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0000000000"}):
                async with http.post(url, json=_update(1, h, "/help"), headers=headers) as response:
                    assert response.status == 403
            await asyncio.sleep(0.3)
            assert await h.rows("SELECT update_id FROM inbox") == []
            assert h.tg.chat(1001) == []
            good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(url, json=_update(2, h, "/help"), headers=good) as response:
                assert response.status == 200
        for _ in range(200):
            if h.tg.chat(1001):
                break
            await asyncio.sleep(0.02)
        assert "명령어" in h.tg.chat(1001)[-1].text
        [row] = await h.rows("SELECT update_id, handled_at FROM inbox")
        assert row["update_id"] == 2 and row["handled_at"] is not None
    finally:
        await h.close()


async def test_an_update_that_arrives_after_a_later_one_is_handled(tmp_path: Path) -> None:
    """Telegram posts updates over up to 40 connections at once, so a lower update_id (another
    person's) can arrive after a higher one was handled: it must be handled too, not wait for
    a restart."""
    port = _free_port()
    h = Harness(tmp_path, webhook_url="https://golmok.example/hook", webhook_secret=SECRET, webhook_port=port)
    await h.start()
    try:
        h.person(1001, "민수")
        h.tg.started.add(1001)
        url = f"http://127.0.0.1:{port}/hook"
        good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with aiohttp.ClientSession() as http:
            for update_id in (11, 10):
                async with http.post(url, json=_update(update_id, h, "/help"), headers=good) as response:
                    assert response.status == 200
                for _ in range(250):
                    handled = await h.rows("SELECT update_id FROM inbox WHERE handled_at IS NOT NULL")
                    if update_id in [row["update_id"] for row in handled]:
                        break
                    await asyncio.sleep(0.02)
        rows = await h.rows("SELECT update_id, handled_at FROM inbox ORDER BY update_id")
        assert [(row["update_id"], row["handled_at"] is not None) for row in rows] == [(10, True), (11, True)]
        assert len([m for m in h.tg.chat(1001) if "명령어" in m.text]) == 2
    finally:
        await h.close()


def test_webhook_url_without_a_strong_secret_is_refused() -> None:
    import pytest
    from pydantic import ValidationError

    from core.settings import Settings

    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token="123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # type: ignore[arg-type]
            webhook_url="https://golmok.example/hook",
            webhook_secret="short",  # type: ignore[arg-type]
        )


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def test_health_and_readiness_answer_a_load_balancer(tmp_path: Path) -> None:
    """/healthz while the process serves; /readyz only while the database answers too; the hook
    itself still takes nothing but POST."""
    port = _free_port()
    h = Harness(tmp_path, webhook_url="https://golmok.example/hook", webhook_secret=SECRET, webhook_port=port)
    await h.start()
    base = f"http://127.0.0.1:{port}"
    try:
        assert await _get(f"{base}/healthz") == (200, "ok\n")
        assert await _get(f"{base}/readyz") == (200, "ready\n")
        assert (await _get(f"{base}/hook"))[0] == 405

        async def hold_the_database() -> None:
            async with h.db.transaction():
                await asyncio.sleep(3.0)  # a write that takes too long (a disk that stalls)

        holder = asyncio.create_task(hold_the_database())
        await asyncio.sleep(0.1)
        assert await _get(f"{base}/readyz") == (503, "database not answering\n")
        assert (await _get(f"{base}/healthz"))[0] == 200  # alive, only not ready
        await holder
        assert (await _get(f"{base}/readyz"))[0] == 200
        assert h.runtime is not None and h.runtime.webhook is not None
        webhook = h.runtime.webhook
        await h.stop()
        assert webhook.ready is False  # a stopping instance takes no traffic
    finally:
        await h.close()


async def test_instances_starting_together_each_register_the_webhook(tmp_path: Path) -> None:
    """Telegram takes about one setWebhook a second: the instance that meets a 429 waits as told
    and comes up; both then take updates, and Telegram was asked only for what golmok handles."""
    first = Harness(
        tmp_path / "a",
        webhook_url="https://golmok.example/hook",
        webhook_secret=SECRET,
        webhook_port=_free_port(),
    )
    second = Harness(
        tmp_path / "b",
        webhook_url="https://golmok.example/hook",
        webhook_secret=SECRET,
        webhook_port=_free_port(),
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    second.tg = first.tg  # one bot, one Telegram
    first.tg.webhook_interval = 2.0
    try:
        await first.start()
        started = time.monotonic()
        await second.start()
        assert time.monotonic() - started >= 1.0  # it waited out the 429 rather than failing
        refused = [text for method, text in first.tg.rejected if method == "setWebhook"]
        assert len(refused) == 1 and refused[0].startswith("Too Many Requests: retry after")
        assert first.tg.allowed_updates == ["message", "callback_query", "my_chat_member"]
        for h in (first, second):
            assert h.runtime is not None and h.runtime.webhook is not None
            assert (await _get(f"http://127.0.0.1:{h.runtime.webhook.port}/readyz"))[0] == 200
    finally:
        await second.stop()
        await first.close()


def test_the_update_kinds_asked_for_are_those_the_handlers_answer(tmp_path: Path) -> None:
    from telegram.ext import (
        BaseHandler,
        CallbackQueryHandler,
        ChatMemberHandler,
        CommandHandler,
        ConversationHandler,
        MessageHandler,
        TypeHandler,
    )

    from app.handlers import UPDATE_TYPES
    from app.runtime import build_application

    def kinds(handler: BaseHandler) -> set[str]:  # type: ignore[type-arg]
        if isinstance(handler, ConversationHandler):
            inner = [
                *handler.entry_points,
                *handler.fallbacks,
                *(h for hs in handler.states.values() for h in hs),
            ]
            return set().union(*(kinds(h) for h in inner))
        if isinstance(handler, CallbackQueryHandler):
            return {"callback_query"}
        if isinstance(handler, (CommandHandler, MessageHandler)):
            return {"message"}
        if isinstance(handler, TypeHandler):  # ui.flow.settle: sees every update asked for, asks for none
            return set()
        if isinstance(handler, ChatMemberHandler):
            assert handler.chat_member_types == ChatMemberHandler.MY_CHAT_MEMBER
            return {"my_chat_member"}
        raise AssertionError(f"a handler of a kind this test does not know: {handler!r}")

    h = Harness(tmp_path)
    app = build_application(h.settings(), h.clock)
    answered = set().union(*(kinds(x) for group in app.handlers.values() for x in group))
    assert answered == set(UPDATE_TYPES)


async def test_an_edit_to_an_earlier_message_is_not_taken_as_an_answer(tmp_path: Path) -> None:
    """Telegram is not asked for edited messages, so a volunteer who fixes a typo in an earlier
    message mid-form does not answer the question asked now with it."""
    h = Harness(tmp_path)
    await h.start()
    try:
        person = h.person(1001, "민수")
        await person.send("/help")
        before = len(h.tg.chat(1001))
        edited = await h.tg.push(
            "edited_message", {**h.tg._user_message(1001, 1001, text="/start"), "edit_date": 1}
        )
        await h.settle()
        assert edited in h.tg.dropped and len(h.tg.chat(1001)) == before
        assert await h.rows("SELECT update_id FROM inbox WHERE update_id = ?", (edited,)) == []
    finally:
        await h.close()
