"""Links that start the bot with a purpose (`https://t.me/<bot>?start=<payload>`): a staff invite
that enrols with one tap, and a centre's registration link that opens registration with its dong
already chosen. The payload may hold A-Z, a-z, 0-9, _ and - (64 at most), so the invite code
goes without its dashes.

Registration owns /start; the centres feature owns what an invite does. It registers that here
(app/runtime.wire_features), so registration hands an invite on without importing it."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import Bot, Update

from ui.common import Context

INVITE = "inv-"
DONG = "dong-"
_INVITE = re.compile(r"inv-([A-Z0-9]{12})")
_DONG = re.compile(r"dong-(\d{10})")

# (update, context, the invite code) -> None: what following a staff invite link does
InviteHandler = Callable[[Update, Context, str], Awaitable[None]]
_on_invite: list[InviteHandler] = []


def on_invite(handler: InviteHandler) -> None:
    _on_invite[:] = [handler]


async def take_invite(update: Update, context: Context, payload: str) -> bool:
    """Hand a /start invite payload to whoever registered for it; False if it is not one."""
    code = invite_code(payload)
    if code is None:
        return False
    if not _on_invite:
        raise RuntimeError("no invite handler registered (app/runtime.wire_features wires it)")
    await _on_invite[0](update, context, code)
    return True


def link(bot: Bot, payload: str) -> str:
    """The bot's own name comes from getMe (PTB asks at start)."""
    return f"https://t.me/{bot.username}?start={payload}"


def invite_payload(code: str) -> str:
    return INVITE + code.replace("-", "")


def dong_payload(area_code: str) -> str:
    return DONG + area_code


def invite_code(payload: str) -> str | None:
    match = _INVITE.fullmatch(payload)
    return match.group(1) if match else None


def dong_code(payload: str) -> str | None:
    match = _DONG.fullmatch(payload)
    return match.group(1) if match else None
