"""What the alley-meeting dialogues share: the text typed, the answer to text
that shows nothing."""

from __future__ import annotations

from telegram import Update

from messages import t
from ui.common import Context, reply

DRAFT = "meeting"  # user_data key of a proposal being written
FOLLOW = "meeting_followup"  # user_data key of a follow-up (outcome, new time, staff comment)


def text_of(update: Update) -> str:
    message = update.effective_message
    assert message is not None and message.text is not None
    return message.text.strip()


async def invisible(update: Update, context: Context, state: int) -> int:
    """Text of only blanks or zero-width characters: say so and stay at the same question."""
    await reply(update, t(await context.lang(), "text.invisible"))
    return state
