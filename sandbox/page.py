"""The sandbox's web page and its small JSON API, on 127.0.0.1 only unless told otherwise.

The page (sandbox/static, plain HTML, CSS and JavaScript: no build step, nothing loaded from
outside) lists every chat; the API lets it act as any person in the world: type, press a
button, share a contact, a location or a photo. What the bot does arrives as server-sent events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiohttp import web

from botapi.records import Sent
from core.clock import from_db
from sandbox.app import Sandbox
from sandbox.render import page_html, plain_html

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
MAX_PHOTO = 10 * 1024 * 1024  # Telegram's limit for a photo
TEXT_LIMIT = 4096  # what a Telegram client lets a person type
HEARTBEAT = 15.0  # seconds between comments that keep an idle event stream open
SANDBOX_KEY = web.AppKey("sandbox", Sandbox)
TYPES = {"png": "image/png", "jpg": "image/jpeg", "ics": "text/calendar", "csv": "text/csv",
         "json": "application/json"}  # fmt: skip


class Refusal(web.HTTPBadRequest):
    """A friendly reason the page shows as it is (bad input never breaks the page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(text=json.dumps({"error": reason}), content_type="application/json")


def build(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=MAX_PHOTO + 64 * 1024)
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", _index)
    app.router.add_static("/static/", STATIC, show_index=False)
    app.router.add_get("/api/state", _state)
    app.router.add_get("/api/events", _events)
    app.router.add_get("/api/chats/{chat}", _chat)
    app.router.add_post("/api/chats/{chat}/text", _text)
    app.router.add_post("/api/chats/{chat}/press", _press)
    app.router.add_post("/api/chats/{chat}/contact", _contact)
    app.router.add_post("/api/chats/{chat}/location", _location)
    app.router.add_post("/api/chats/{chat}/photo", _photo)
    app.router.add_get("/api/files/{chat}/{message}", _file)
    app.router.add_post("/api/people", _add_person)
    app.router.add_post("/api/clock", _clock)
    app.router.add_post("/api/reset", _reset)
    return app


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def _zone(sandbox: Sandbox) -> ZoneInfo:
    return sandbox.bot_settings().zone


async def _state(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    world = sandbox.world
    tg = world.tg
    now = sandbox.clock.now().astimezone(_zone(sandbox))
    people = [
        {"id": uid, "name": user["first_name"], "lang": user.get("language_code", "ko"),
         "role": world.roles.get(uid, ""), "phone": world.phones.get(uid, "")}
        for uid, user in sorted(tg.users.items())
    ]  # fmt: skip
    chats = []
    for chat_id, chat in tg.chats.items():
        messages = [m for (c, _), m in tg.messages.items() if c == chat_id]
        last = max(messages, key=lambda m: m.message_id, default=None)
        chats.append({
            "id": chat_id, "type": chat["type"], "title": chat.get("title") or chat.get("first_name"),
            "role": world.roles.get(chat_id, "group" if chat_id < 0 else ""),
            "count": len(messages), "last": _preview(last),
        })  # fmt: skip
    chats.sort(key=lambda c: (c["id"] > 0, abs(c["id"])))  # groups first, then people in order
    return web.json_response({
        "now": now.isoformat(), "now_label": now.strftime("%Y-%m-%d %H:%M"), "zone": str(now.tzinfo),
        "bot": tg.bot["username"], "people": people, "chats": chats,
    })  # fmt: skip


def _preview(sent: Sent | None) -> str:
    if sent is None:
        return ""
    if sent.kind == "user" and not sent.text:
        return "📎"
    return sent.text.split("\n", 1)[0][:80]


async def _chat(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    chat_id = _chat_id(request)
    world = sandbox.world
    keyed = sorted((mid, m) for (c, mid), m in world.tg.messages.items() if c == chat_id)
    keyboard: list[list[dict[str, Any]]] | None = None
    out = []
    for _, sent in keyed:
        if sent.kind != "user":
            if sent.reply_keyboard:
                keyboard = sent.reply_keyboard
            elif sent.extra.get("remove_keyboard"):
                keyboard = None
        out.append(_message(sandbox, sent))
    return web.json_response({"id": chat_id, "messages": out, "keyboard": keyboard})


def _message(sandbox: Sandbox, sent: Sent) -> dict[str, Any]:
    world = sandbox.world
    at = world.times.get((sent.chat_id, sent.message_id))
    label = from_db(at).astimezone(_zone(sandbox)).strftime("%m-%d %H:%M") if at else ""
    files = f"/api/files/{sent.chat_id}/{sent.message_id}"
    out: dict[str, Any] = {"id": sent.message_id, "kind": sent.kind, "at": label, "edited": sent.edits > 0,
                           "from": "bot", "buttons": sent.buttons}  # fmt: skip
    if sent.kind == "user":
        sender = int(sent.extra["from"])
        out["from"] = sender
        out["from_name"] = world.tg.users.get(sender, {}).get("first_name", str(sender))
        out["html"] = plain_html(sent.text)
        if "contact" in sent.extra:
            out["html"] = "📞 " + plain_html(sent.extra["contact"]["phone_number"])
        if "location" in sent.extra:
            where = sent.extra["location"]
            out["location"] = [where["latitude"], where["longitude"]]
        if "photo" in sent.extra:
            out["photo"] = files
        if "sticker" in sent.extra:
            out["html"] = "🙂"
        return out
    out["html"] = page_html(sent.html) if sent.html else ""
    if sent.kind == "photo":
        out["photo"] = files
    elif sent.kind == "document":
        out["document"] = {"name": sent.extra.get("filename") or "file", "url": files}
    elif sent.kind == "location":
        out["location"] = [sent.extra["latitude"], sent.extra["longitude"]]
    return out


def _chat_id(request: web.Request) -> int:
    try:
        chat_id = int(request.match_info["chat"])
    except ValueError:
        raise Refusal("no such chat") from None
    if chat_id not in _sandbox(request).world.tg.chats:
        raise Refusal("no such chat")
    return chat_id


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Refusal("the request was not JSON") from None
    if not isinstance(body, dict):
        raise Refusal("the request was not a JSON object")
    return body


def _int(value: object, reason: str) -> int:
    """A whole number as JSON or a form sends it; anything else (1e400, true, 1.5) is refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) <= 20:
        return int(value)
    raise Refusal(reason)


def _str(body: dict[str, Any], key: str, reason: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise Refusal(reason)
    return value


def _speaker(request: web.Request, body: dict[str, Any], chat_id: int) -> int:
    """Who acts: a person in the world; in a private chat, only its owner."""
    user_id = _int(body.get("from"), "choose who is speaking")
    if user_id not in _sandbox(request).world.tg.users:
        raise Refusal("choose who is speaking")
    if chat_id > 0 and user_id != chat_id:
        raise Refusal("only its owner writes in a private chat")
    return user_id


async def _text(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    body = await _body(request)
    user_id = _speaker(request, body, chat_id)
    text = _str(body, "text", "type something first")
    if not text.strip():
        raise Refusal("type something first")
    if len(text.encode("utf-16-le")) // 2 > TEXT_LIMIT:
        raise Refusal(f"Telegram takes at most {TEXT_LIMIT} characters in one message")
    await _sandbox(request).world.tg.text(user_id, text, chat_id)
    return web.json_response({"ok": True})


async def _press(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    body = await _body(request)
    user_id = _speaker(request, body, chat_id)
    tg = _sandbox(request).world.tg
    try:
        sent = tg.messages[(chat_id, _int(body.get("message"), "that message is gone"))]
    except KeyError:
        raise Refusal("that message is gone") from None
    data = _str(body, "data", "that button is no longer there")
    if not any(button.get("callback_data") == data for row in sent.buttons for button in row):
        raise Refusal("that button is no longer there")
    query_id = await tg.press(user_id, sent, data)
    return web.json_response({"ok": True, "query": query_id})


async def _contact(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    if chat_id < 0:
        raise Refusal("a phone number is shared in your own chat with the bot")
    user_id = _speaker(request, await _body(request), chat_id)
    world = _sandbox(request).world
    await world.tg.contact(user_id, world.phones.get(user_id) or "010-5550-0000")
    return web.json_response({"ok": True})


async def _location(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    if chat_id < 0:
        raise Refusal("a place is shared in your own chat with the bot")
    body = await _body(request)
    user_id = _speaker(request, body, chat_id)
    try:
        latitude, longitude = float(body["latitude"]), float(body["longitude"])
    except (KeyError, TypeError, ValueError):
        raise Refusal("a place needs a latitude and a longitude") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Refusal("latitude is -90 to 90 and longitude -180 to 180")
    await _sandbox(request).world.tg.location(user_id, latitude, longitude)
    return web.json_response({"ok": True})


async def _photo(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    if chat_id < 0:
        raise Refusal("photos go in a private chat with the bot")
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise Refusal("a photo is at most 10 MB") from None
    user_id = _speaker(request, {"from": form.get("from")}, chat_id)
    upload = form.get("file")
    if isinstance(upload, web.FileField):
        content = upload.file.read()
    elif form.get("sample"):
        content = (STATIC / "sample.jpg").read_bytes()
    else:
        raise Refusal("choose a picture")
    if not content.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        raise Refusal("a photo is a JPEG or PNG picture")
    world = _sandbox(request).world
    await world.tg.photo(user_id, world.store_file(content))
    return web.json_response({"ok": True})


async def _file(request: web.Request) -> web.Response:
    chat_id = _chat_id(request)
    world = _sandbox(request).world
    try:
        sent = world.tg.messages[(chat_id, int(request.match_info["message"]))]
    except (KeyError, ValueError):
        raise web.HTTPNotFound() from None
    if sent.kind == "document":
        name = str(sent.extra.get("filename") or "file")
        kind = TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
        disposition = "attachment; filename*=UTF-8''" + quote(name, safe="")
        return web.Response(body=bytes(sent.extra["content"]), content_type=kind,
                            headers={"Content-Disposition": disposition})  # fmt: skip
    content = world.photo_bytes(sent)
    if content is None:
        raise web.HTTPNotFound()
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return web.Response(body=content, content_type=kind)


async def _add_person(request: web.Request) -> web.Response:
    body = await _body(request)
    name = " ".join(_str(body, "name", "a person needs a name").split())
    lang = str(body.get("lang", "ko"))
    if not name:
        raise Refusal("a person needs a name")
    if len(name) > 64:
        raise Refusal("Telegram names are at most 64 characters")
    if lang not in ("ko", "en"):
        raise Refusal("language is ko or en")
    user_id = _sandbox(request).world.add_person(name, lang)
    return web.json_response({"ok": True, "id": user_id})


async def _clock(request: web.Request) -> web.Response:
    body = await _body(request)
    step = str(body.get("step", ""))
    if step not in ("hour", "day", "morning"):
        raise Refusal("the clock moves by hour, day or to morning")
    await _sandbox(request).move_clock(step)
    return await _state(request)


async def _reset(request: web.Request) -> web.Response:
    await _sandbox(request).reset()
    return await _state(request)


async def _events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: one line of JSON per change; the page fetches what it shows."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    listeners = _sandbox(request).world.listeners
    listeners.append(queue.put_nowait)
    try:
        await response.write(b": hello\n\n")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), HEARTBEAT)
            except TimeoutError:
                await response.write(b": still here\n\n")
                continue
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        # A reset hands the same list to the new world; removing from it once is enough.
        with contextlib.suppress(ValueError):
            listeners.remove(queue.put_nowait)
    return response

