"""A bare python-telegram-bot echo bot: the baseline of bench/throughput.py.

It uses the stock Updater (getUpdates long polling) and answers every text with the same text,
nothing stored, on PTB's default transport (httpx, as golmok's). Environment:
TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL (the fake Bot API).
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(message.text)


def main() -> None:
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    builder = builder.base_url(os.environ["TELEGRAM_API_BASE_URL"])
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=1)


if __name__ == "__main__":
    main()
