"""What the benchmarks share: the real bot (`python bot.py`) in its own process against the
local fake Bot API in this one, so that the bot's memory and CPU are its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from botapi.server import FakeTelegram  # noqa: E402
from tests.harness import TOKEN  # noqa: E402


class BotProcess:
    def __init__(
        self, tg: FakeTelegram, db_path: Path, log_path: Path, admins: str = "", script: str = "bot.py"
    ) -> None:
        self.script = ROOT / script
        # e.g. BENCH_PYTHON_ARGS="-m cProfile -o /tmp/bot.prof" to profile the bot under load
        self.python_args = os.environ.get("BENCH_PYTHON_ARGS", "").split()
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "DATABASE_PATH": str(db_path),
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "ADMIN_USER_IDS": admins,
            "POLLING_TIMEOUT": "1",
            # Benchmarks run on the real clock at any hour: no quiet hours (equal start and end),
            # or a campaign started at night would wait for the morning.
            "QUIET_HOURS_START": "00:00",
            "QUIET_HOURS_END": "00:00",
        }
        self.tg = tg
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        """Start the bot and wait until it polls for updates (it is up)."""
        polls = len(self.tg.polls)
        with self.log_path.open("ab") as out:
            command = [sys.executable, *self.python_args, str(self.script)]
            self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        while len(self.tg.polls) <= polls:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"the bot did not start; see {self.log_path}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            deadline = time.monotonic() + 20
            while self.proc.poll() is None:
                if time.monotonic() > deadline:
                    self.proc.kill()
                await asyncio.sleep(0.05)

    def rss_mb(self) -> float:
        """Resident memory now (VmRSS), in MB."""
        assert self.proc is not None
        return _status_kb(self.proc.pid, "VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        assert self.proc is not None
        return _status_kb(self.proc.pid, "VmHWM") / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time the bot process has used."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)
