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
