"""A bare python-telegram-bot echo bot: the baseline of bench/throughput.py.

It uses the stock Updater (getUpdates long polling) and answers every text with the same text,
nothing stored. Environment: TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL (the fake Bot API), and
ECHO_TRANSPORT=aiohttp to use golmok's transport (delivery/telegram_http.py) instead of PTB's
default httpx, for comparison.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(message.text)


def main() -> None:
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    builder = builder.base_url(os.environ["TELEGRAM_API_BASE_URL"])
    if os.environ.get("ECHO_TRANSPORT") == "aiohttp":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from delivery.telegram_http import AiohttpRequest

        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(pool_size=1))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=1)


if __name__ == "__main__":
    main()
