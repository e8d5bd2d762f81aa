"""Run the sandbox until interrupted: `python bot.py --sandbox`, or `sh scripts/run.sh` with no token."""

from __future__ import annotations

import asyncio
import signal
import sys

from aiohttp import web

from sandbox import page
from sandbox.app import Sandbox, SandboxSettings


def banner(settings: SandboxSettings) -> str:
    return (
        f"golmok sandbox: open http://{settings.host}:{settings.port} in a browser. Every role is on "
        "that page and nothing reaches Telegram. To run the real bot, put TELEGRAM_BOT_TOKEN in .env "
        "(see .env.example) and start again."
    )


async def serve(settings: SandboxSettings) -> int:
    sandbox = Sandbox(settings)
    runner = web.AppRunner(page.build(sandbox), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        print(f"golmok sandbox could not listen on {settings.host}:{settings.port} ({exc.strerror}); "
              "set SANDBOX_PORT to another port.", file=sys.stderr)  # fmt: skip
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await sandbox.start()
        print(banner(settings), flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()
        await sandbox.stop()
    return 0
