"""The `h` fixture: a real bot (tests/harness.py) on a SQLite file in the test's own folder,
against the local Bot API, started and closed around each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import Harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.close()
