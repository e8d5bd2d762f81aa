"""Run the sandbox until interrupted: `python bot.py --sandbox`, or `sh scripts/run.sh` with no token."""

from __future__ import annotations

import asyncio
import errno
import signal
import socket
import sys

from aiohttp import web

from sandbox import page
from sandbox.app import Sandbox, SandboxRefused, SandboxSettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def banner(settings: SandboxSettings) -> str:
    line = (
        f"golmok sandbox: open http://{settings.host}:{settings.port} in a browser. Every role is on "
        "that page and nothing reaches Telegram. To run the real bot, put TELEGRAM_BOT_TOKEN in .env "
        "(see .env.example) and start again."
    )
    if settings.host not in LOOPBACK:
        line += (
            f" Careful: SANDBOX_HOST={settings.host} lets other machines open the page, and it has "
            "no login."
        )
    return line


async def serve(settings: SandboxSettings) -> int:
    sandbox = Sandbox(settings)
    try:
        sandbox.check_database()
    except SandboxRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    runner = web.AppRunner(page.build(sandbox), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        setting = "SANDBOX_HOST to an address of this machine" if isinstance(exc, socket.gaierror) or \
            exc.errno == errno.EADDRNOTAVAIL else "SANDBOX_PORT to another port"
        print(f"golmok sandbox could not listen on {settings.host}:{settings.port} ({exc.strerror}); "
              f"set {setting}.", file=sys.stderr)  # fmt: skip
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
