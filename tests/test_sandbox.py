"""The sandbox without a browser: its start, its world, its page's API and its clock."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botapi.html_check import parse_html
from sandbox.app import Sandbox, SandboxRefused, SandboxSettings
from sandbox.render import TAGS, page_html
from tests.sandboxes import (
    ADMIN,
    GROUP,
    RESIDENT,
    STAFF,
    VOLUNTEER,
    VOLUNTEER_EN,
    Client,
    running,
    settled,
    texts,
)

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = "3층 할머니가 일주일째 안 보여요"


async def report(client: Client, volunteer: int, description: str = DESCRIPTION) -> None:
    """A report as the page makes one: typed and pressed through the page's API."""
    await client.say(volunteer, "/report")
    not_urgent, category, home, confirm = (
        ("아니요, 급하지 않아요", "홀몸 어르신 안부", "홍제1동", "보내기")
        if volunteer != VOLUNTEER_EN
        else ("No, not urgent", "Older person living alone", "홍제1동", "Send")
    )  # fmt: skip
    for label in (not_urgent, category, home):
        before = await client.chat(volunteer)
        await client.press(volunteer, label)
        await client.until(volunteer, lambda m, b=before: m != b)  # type: ignore[misc]
    await client.say(volunteer, "홍제시장 뒤 파란 대문")
    await client.say(volunteer, description)
    for label in ("사진 없이" if volunteer != VOLUNTEER_EN else "without a photo",
                  "연락해도 돼요" if volunteer != VOLUNTEER_EN else "may contact", confirm):  # fmt: skip
        before = await client.chat(volunteer)
        await client.press(volunteer, label)
        await client.until(volunteer, lambda m, b=before: m != b)  # type: ignore[misc]


async def test_first_start_makes_the_demo_world(tmp_path: Path) -> None:
    async with running(tmp_path) as (sandbox, client):
        state = await client.get("/api/state")
        roles = {p["id"]: p["role"] for p in state["people"]}
        assert roles == {ADMIN: "admin", STAFF: "staff", VOLUNTEER: "volunteer", VOLUNTEER_EN: "volunteer",
                         RESIDENT: "resident"}  # fmt: skip
        assert state["chats"][0]["id"] == GROUP
        assert state["now_label"] == "2026-12-02 10:00"
        # The staff group is linked: the two volunteers' registrations wait there for approval.
        group = await client.until(GROUP, lambda m: len(m) == 2)
        assert all("새 시민찾동이" in m["html"] for m in group)
        assert sandbox.bot_settings().api_base_url.startswith("http://127.0.0.1:")
        assert sandbox.bot_settings().admin_user_ids == [ADMIN]
        rows = await sandbox.runtime.deps.db.fetchall(  # type: ignore[union-attr]
            "SELECT id, lang, home_area FROM users ORDER BY id"
        )
        assert [(r["id"], r["lang"], r["home_area"]) for r in rows] == [
            (ADMIN, "ko", None), (STAFF, "ko", None), (VOLUNTEER, "ko", "1141062000"),
            (VOLUNTEER_EN, "en", "1141062000"),
        ]  # fmt: skip


async def test_report_reaches_the_group_without_details_and_staff_take_it(tmp_path: Path) -> None:
    async with running(tmp_path) as (_, client):
        await report(client, VOLUNTEER)
        group = await client.until(GROUP, lambda m: any("이웃 알림" in x["html"] for x in m))
        alert = next(m for m in group if "이웃 알림" in m["html"])
        assert DESCRIPTION not in json.dumps(group, ensure_ascii=False)  # details only in private
        await client.press(STAFF, "맡기", chat=GROUP)
        await client.until(GROUP, lambda m: any(x["id"] == alert["id"] and x["edited"] for x in m))
        await client.press(STAFF, "자세히", chat=GROUP)
        private = await client.until(STAFF, lambda m: any(DESCRIPTION in x["html"] for x in m))
        assert private[-1]["from"] == "bot"
        # The volunteer is told the report's state changed (and not who took it or any details).
        mine = await client.until(VOLUNTEER, lambda m: "처리 상태가 <b>" in m[-1]["html"])
        assert "홍제1동-2026-0001" in mine[-1]["html"] and "<b>확인</b>" in mine[-1]["html"]


async def test_the_clock_moves_and_the_unassigned_reminder_comes(tmp_path: Path) -> None:
    async with running(tmp_path) as (sandbox, client):
        await report(client, VOLUNTEER_EN, "Mail has piled up at the door for a week")
        before = await client.until(GROUP, lambda m: any("이웃 알림" in x["html"] for x in m))
        state = await client.post("/api/clock", {"step": "hour"})
        assert state["now_label"].startswith("2026-12-02 11:0")
        await asyncio.sleep(0.5)
        assert len(await client.chat(GROUP)) == len(before)  # an hour: nothing is due yet
        state = await client.post("/api/clock", {"step": "day"})
        assert state["now_label"].startswith("2026-12-03 11:0")
        group = await client.until(GROUP, lambda m: len(m) > len(before))
        assert any("24시간" in m["html"] or "아직" in m["html"] for m in group[len(before):]), texts(group)
        state = await client.post("/api/clock", {"step": "morning"})
        assert state["now_label"] == "2026-12-04 09:00"
        await settled(sandbox)


async def test_a_restart_keeps_the_world_and_old_buttons_work(tmp_path: Path) -> None:
    async with running(tmp_path) as (_, client):
        await client.until(GROUP, lambda m: len(m) == 2)
        await client.say(VOLUNTEER, "/help")
        await client.post("/api/clock", {"step": "day"})
        added = await client.post("/api/people", {"name": "새 주민", "lang": "ko"})
    async with running(tmp_path) as (_, client):
        state = await client.get("/api/state")
        assert state["now_label"].startswith("2026-12-03 10:0")  # the world's time went on from there
        assert added["id"] in {p["id"] for p in state["people"]}
        # The approval button of the first start still works: the bot edits its message in place.
        await client.press(STAFF, "확인", chat=GROUP)
        group = await client.until(GROUP, lambda m: m[1]["edited"])
        assert not group[1]["buttons"] and "확인" in group[1]["html"]
        assert any("아침 요약" in m["html"] for m in group)  # the day moved: the digest came
        # New updates go on from the old ids: the bot's inbox would drop a repeated one.
        answer = await client.say(VOLUNTEER, "/help")
        assert len(answer) >= 4


async def test_at_night_the_morning_button_goes_to_this_mornings_nine_not_tomorrows(tmp_path: Path) -> None:
    """At 03:00 the next working morning is six hours away; a whole day later would skip the
    release of what quiet hours held and that morning's digest (found trying it at night)."""
    async with running(tmp_path, datetime(2026, 12, 2, 18, 0, tzinfo=UTC)) as (_, client):  # 03:00
        state = await client.post("/api/clock", {"step": "morning"})
        assert state["now_label"] == "2026-12-03 09:00"
        state = await client.post("/api/clock", {"step": "morning"})  # at 09:00 itself: the next day
        assert state["now_label"] == "2026-12-04 09:00"


async def test_a_press_after_a_restart_or_a_reset_has_a_query_id_never_used_before(tmp_path: Path) -> None:
    """The page matches a button's answer to its press by the query id: an id used again after a
    restart or a reset showed an old press's answer (found by an outsider's probe)."""
    ids = []
    async with running(tmp_path) as (_, client):
        await client.until(GROUP, lambda m: len(m) == 2)
        ids.append((await client.press(RESIDENT, "확인", chat=GROUP))["query"])
    async with running(tmp_path) as (_, client):
        ids.append((await client.press(RESIDENT, "확인", chat=GROUP))["query"])
        await client.post("/api/reset", {})
        await client.until(GROUP, lambda m: len(m) == 2)
        ids.append((await client.press(RESIDENT, "확인", chat=GROUP))["query"])
    assert len(set(ids)) == 3, ids


async def test_the_sandbox_never_uses_a_database_it_did_not_make(tmp_path: Path) -> None:
    """A real bot's database (here: any SQLite file with no sandbox world beside it) is refused
    at start, so a reset can never delete it; so is the bot's own DATABASE_PATH."""
    real = tmp_path / "golmok.sqlite3"
    real.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(SandboxRefused, match="SANDBOX_DATABASE_PATH"):
        Sandbox(SandboxSettings(database_path=real)).check_database(bot_database=tmp_path / "other")
    assert real.read_bytes().startswith(b"SQLite format 3")
    new = tmp_path / "new.sqlite3"
    with pytest.raises(SandboxRefused, match="is the bot's DATABASE_PATH"):
        Sandbox(SandboxSettings(database_path=new)).check_database(bot_database=new)
    Sandbox(SandboxSettings(database_path=new)).check_database(bot_database=real)  # a new file is fine


async def test_reset_starts_the_demo_world_again(tmp_path: Path) -> None:
    async with running(tmp_path) as (_, client):
        await client.say(VOLUNTEER, "/help")
        await client.post("/api/people", {"name": "새 주민", "lang": "en"})
        state = await client.post("/api/reset", {})
        assert len(state["people"]) == 5 and state["now_label"] == "2026-12-02 10:00"
        assert await client.chat(VOLUNTEER) == []
        await client.until(GROUP, lambda m: len(m) == 2)


async def test_bad_input_gets_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    async with running(tmp_path) as (sandbox, client):
        await client.until(GROUP, lambda m: len(m) == 2)
        before = len(sandbox.world.tg.history)
        cases = [
            ("/api/chats/999/text", {"from": VOLUNTEER, "text": "hi"}, "no such chat"),
            ("/api/chats/abc/text", {"from": VOLUNTEER, "text": "hi"}, "no such chat"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": STAFF, "text": "hi"}, "only its owner"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": 42, "text": "hi"}, "who is speaking"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": VOLUNTEER, "text": "  "}, "type something"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": VOLUNTEER, "text": "가" * 4097}, "4096"),
            (f"/api/chats/{GROUP}/press", {"from": STAFF, "message": 1, "data": "vo:ap:1"}, "no longer"),
            (f"/api/chats/{GROUP}/press", {"from": STAFF, "message": 99, "data": "x"}, "gone"),
            (f"/api/chats/{VOLUNTEER}/location", {"from": VOLUNTEER, "latitude": 91, "longitude": 0}, "-90"),
            (f"/api/chats/{VOLUNTEER}/location", {"from": VOLUNTEER, "latitude": "x"}, "latitude"),
            ("/api/people", {"name": " ", "lang": "ko"}, "name"),
            ("/api/people", {"name": "x" * 65, "lang": "ko"}, "64"),
            ("/api/people", {"name": "x", "lang": "fr"}, "ko or en"),
            ("/api/clock", {"step": "year"}, "hour, day"),
            ("/api/clock", [1, 2], "JSON object"),
            # Found by an outsider's probe: numbers out of range, and values of the wrong type.
            (f"/api/chats/{VOLUNTEER}/text", {"from": 1e400, "text": "x"}, "who is speaking"),
            (f"/api/chats/{GROUP}/press", {"from": STAFF, "message": 1e400, "data": "x"}, "gone"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": VOLUNTEER, "text": None}, "type something"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": VOLUNTEER, "text": {"a": 1}}, "type something"),
            (f"/api/chats/{VOLUNTEER}/text", {"from": True, "text": "x"}, "who is speaking"),
            ("/api/people", {"name": {"x": 1}, "lang": "ko"}, "name"),
            (f"/api/chats/{GROUP}/contact", {"from": VOLUNTEER}, "own chat"),
        ]  # fmt: skip
        for path, body, reason in cases:
            answer = await client.post(path, body, status=400)
            assert reason in answer["error"], (path, answer)
        async with client.session.post(client.base + "/api/clock", data=b"{") as response:
            assert response.status == 400 and "JSON" in (await response.json())["error"]
        form = aiohttp.FormData({"from": str(VOLUNTEER)})
        form.add_field("file", b"GIF89a not a photo", filename="x.gif")
        async with client.session.post(f"{client.base}/api/chats/{VOLUNTEER}/photo", data=form) as response:
            assert response.status == 400 and "JPEG or PNG" in (await response.json())["error"]
        big = aiohttp.FormData({"from": str(VOLUNTEER)})
        big.add_field("file", b"\xff\xd8\xff" + bytes(11 * 1024 * 1024), filename="big.jpg")
        async with client.session.post(f"{client.base}/api/chats/{VOLUNTEER}/photo", data=big) as response:
            assert response.status == 400 and "10 MB" in (await response.json())["error"]
        assert len(sandbox.world.tg.history) == before  # nothing reached the bot
        assert len((await client.get("/api/state"))["people"]) == 5


async def test_photos_contacts_places_and_files(tmp_path: Path) -> None:
    async with running(tmp_path) as (_, client):
        form = aiohttp.FormData({"from": str(VOLUNTEER), "sample": "1"})
        async with client.session.post(f"{client.base}/api/chats/{VOLUNTEER}/photo", data=form) as response:
            assert response.status == 200
        await client.post(f"/api/chats/{VOLUNTEER}/contact", {"from": VOLUNTEER})
        await client.post(f"/api/chats/{VOLUNTEER}/location",
                          {"from": VOLUNTEER, "latitude": 37.5893, "longitude": 126.9445})  # fmt: skip
        mine = await client.until(VOLUNTEER, lambda m: sum(x["from"] == VOLUNTEER for x in m) == 3)
        sent = [m for m in mine if m["from"] == VOLUNTEER]
        assert "photo" in sent[0] and "010-5550-0003" in sent[1]["html"]
        assert sent[2]["location"] == [37.5893, 126.9445]
        async with client.session.get(client.base + sent[0]["photo"]) as response:
            assert response.content_type == "image/jpeg" and (await response.read())[:3] == b"\xff\xd8\xff"
        # /mydata comes as a JSON file to download.
        await client.say(VOLUNTEER, "/mydata")
        mine = await client.until(VOLUNTEER, lambda m: any("document" in x for x in m))
        document = next(m["document"] for m in mine if "document" in m)
        async with client.session.get(client.base + document["url"]) as response:
            assert "attachment" in response.headers["Content-Disposition"]
            data = json.loads(await response.read())
        assert "010-5550-0003" in json.dumps(data)
        # /stats draws a chart, shown inline.
        await client.say(STAFF, "/stats")
        staff = await client.until(STAFF, lambda m: any("photo" in x for x in m))
        chart = next(m["photo"] for m in staff if "photo" in m)
        async with client.session.get(client.base + chart) as response:
            assert response.content_type == "image/png"


async def test_the_page_and_its_events(tmp_path: Path) -> None:
    async with running(tmp_path) as (_, client):
        async with client.session.get(client.base + "/") as response:
            page = await response.text()
        assert response.status == 200 and "/static/app.js" in page
        # Nothing from outside: every src and href is this server's or a data: URI.
        for url in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert url.startswith(("/", "data:")), url
        for name in ("app.js", "style.css"):
            async with client.session.get(f"{client.base}/static/{name}") as response:
                body = await response.text()
            assert response.status == 200 and "http://" not in body and "https://" not in body
            assert "@import" not in body and "url(" not in body
        async with client.session.get(client.base + "/api/events") as stream:
            await stream.content.readline()  # ": hello"
            await client.post(f"/api/chats/{VOLUNTEER}/text", {"from": VOLUNTEER, "text": "/help"})
            seen: list[dict[str, object]] = []
            while not any(e.get("type") == "message" and e.get("chat") == VOLUNTEER for e in seen):
                line = (await asyncio.wait_for(stream.content.readline(), 10)).decode()
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))


def test_no_token_starts_the_sandbox_on_loopback_and_stops_cleanly(tmp_path: Path) -> None:
    # A fresh clone: .env copied from .env.example (the token left empty), SANDBOX_PORT free.
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SANDBOX_"))}
    env["SANDBOX_PORT"] = str(port)
    proc = subprocess.Popen([sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line and "nothing reaches Telegram" in line, line
        assert "TELEGRAM_BOT_TOKEN" in line
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(b"GET /api/state HTTP/1.0\r\n\r\n")
            assert b"200 OK" in conn.recv(100)
        assert (tmp_path / "data" / "sandbox.sqlite3").exists()  # its own database file
        assert not (tmp_path / "data" / "golmok.sqlite3").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        while proc.poll() is None and time.monotonic() - started < 15:
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
    errors = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 0 and "Traceback" not in errors, errors


def test_sandbox_flag_starts_it_even_with_a_token(tmp_path: Path) -> None:
    with socket.socket() as busy:  # and a port in use gives one line, not a traceback
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
               "SANDBOX_PORT": str(busy.getsockname()[1])}  # fmt: skip
        result = subprocess.run([sys.executable, str(ROOT / "bot.py"), "--sandbox"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1 and "SANDBOX_PORT" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


TELEGRAM_TAG = st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler", "blockquote"])


@st.composite
def telegram_html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        text = html.escape(draw(st.text(max_size=20)), quote=False)
        if draw(st.booleans()):
            tag = draw(TELEGRAM_TAG)
            text = f"<{tag}>{text}</{tag}>"
        elif draw(st.booleans()):
            href = draw(st.sampled_from(["https://example.org/a?b=1&amp;c=2", "javascript:alert(1)", "tg://user?id=1"]))
            text = f'<a href="{href}">{text}</a>'
        parts.append(text)
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(telegram_html())
def test_the_page_shows_what_telegram_shows_and_nothing_more(raw: str) -> None:
    shown = page_html(raw)
    parsed = _Tags()
    parsed.feed(shown)
    parsed.close()
    assert "".join(parsed.text) == parse_html(raw)  # the same text a Telegram client shows
    for tag, attrs in parsed.tags:
        assert tag in set(TAGS.values())
        for name, value in attrs:
            assert name in ("href", "target", "rel", "class")
            if name == "href":
                assert (value or "").startswith(("http://", "https://", "tg://"))
