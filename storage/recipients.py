"""Who a message goes to, and in which language."""

from __future__ import annotations

from storage import centres, users
from storage.db import Tx


async def chat_language(tx: Tx, chat_id: int, default: str) -> str:
    """A centre group's language, or a person's (their choice, else Telegram's at first contact)."""
    if chat_id < 0:
        centre = await centres.by_chat(tx, chat_id)
        return centre.lang if centre else default
    user = await users.get(tx, chat_id)
    return user.lang if user else default
