"""Links that start the bot with a purpose (`https://t.me/<bot>?start=<payload>`): a staff invite
that enrols with one tap, and a centre's registration link that opens registration with its dong
already chosen. The payload may hold A-Z, a-z, 0-9, _ and - (64 at most), so the invite code
goes without its dashes."""

from __future__ import annotations

import re

from telegram import Bot

INVITE = "inv-"
DONG = "dong-"
_INVITE = re.compile(r"inv-([A-Z0-9]{12})")
_DONG = re.compile(r"dong-(\d{10})")


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
