"""The bot as its own process (`python bot.py`), for the tests that kill it: started, killed
with SIGKILL (each kill timed), stopped with SIGTERM, and asked whether it is up or leads."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


class BotProcess:
    """One bot process; its log keeps every run, and `mark` where the current run began. With a
    `port`, it serves the webhook there."""

    def __init__(self, env: dict[str, str], log: Path, port: int | None = None) -> None:
        self.env = env if port is None else {**env, "WEBHOOK_PORT": str(port)}
        self.port = port
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.mark = 0
        self.starts = 0
        self.kills: list[tuple[float, float]] = []  # (signal sent, process gone), monotonic

    def start(self) -> None:
        self.mark = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "bot.py")], cwd=ROOT, env=self.env, stdout=out, stderr=out
            )
        self.starts += 1

    def this_run(self) -> str:
        return self.log.read_bytes()[self.mark :].decode(errors="replace")

    def leads(self) -> bool:
        return "this instance leads" in self.this_run()

    def kill(self) -> None:
        assert self.proc is not None
        sent = time.monotonic()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.kills.append((sent, time.monotonic()))

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def end(self) -> None:
        """Whatever happened: no process left running."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    async def ready(self, http: aiohttp.ClientSession, timeout: float = 30.0) -> None:
        """Until its webhook answers /readyz with 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{self.port}/readyz") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError("instance did not come up: " + self.log.read_text()[-2000:])

    async def logged(self, text: str, timeout: float = 30.0) -> None:
        """Until this run has logged `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.this_run():
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{text!r} not logged: " + self.log.read_text()[-2000:])
