"""What the local Bot API keeps and refuses with: Telegram's limits, a message as the bot sent it
(`Sent`), the errors it answers, the faults a test injects, and the checks of an uploaded photo."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
ANSWER_TEXT_LIMIT = 200


def seen(text: str) -> str:
    """What a person reads: the directional isolates the bot puts around names (U+2068, U+2069)
    draw nothing, so tests compare texts without them (`Sent.html` keeps them)."""
    return text.replace("\u2068", "").replace("\u2069", "")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Sent:
    """One message the bot sent, in its current state (edits change it in place)."""

    chat_id: int
    message_id: int
    kind: str  # text | photo | location | document
    text: str  # the text as a person sees it (entities parsed, invisible isolates taken out)
    html: str  # what the bot sent
    buttons: list[list[dict[str, Any]]]
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    edits: int = 0

    def button_labels(self) -> list[str]:
        return [seen(button["text"]) for row in self.buttons for button in row]

    def button_data(self, label: str) -> str:
        for row in self.buttons:
            for button in row:
                if seen(button["text"]) == label:
                    return str(button["callback_data"])
        raise KeyError(f"no button {label!r}; buttons are {self.button_labels()}")


# Every kind of update the Bot API knows (the fields of Update besides update_id).
UPDATE_KINDS = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
    "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost", "message_reaction", "message_reaction_count", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "purchased_paid_media", "managed_bot", "guest_message",
})  # fmt: skip


@dataclass
class Faults:
    """Injected failures for reliability tests (rates from 0 to 1)."""

    error_5xx: float = 0.0
    timeout: float = 0.0
    too_many: float = 0.0
    retry_after: int = 1
    hang: float = 5.0  # how long a "timeout" keeps the caller waiting
    methods: tuple[str, ...] = ("sendMessage", "editMessageText", "sendPhoto", "sendLocation")
    seed: int = 1


def check_uploaded_photo(content: bytes) -> None:
    """What Telegram checks of an uploaded photo: an image it can read, at most 10 MB, width and
    height together at most 10,000 pixels, and a side ratio of at most 20."""
    if len(content) > 10 * 1024 * 1024:
        raise ApiError(400, "Bad Request: file is too big")
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        if width + height > 10000 or max(width, height) > 20 * max(1, min(width, height)):
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        return
    if content[:3] == b"\xff\xd8\xff":  # JPEG: dimensions not checked here
        return
    raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
