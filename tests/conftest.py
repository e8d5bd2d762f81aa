"""The `h` fixture: a real bot (tests/harness.py) on a SQLite file in the test's own folder (or a
fresh PostgreSQL database with GOLMOK_TEST_BACKEND=postgresql), against the local Bot API,
started and closed around each test.

The PostgreSQL pass of the suite (scripts/test.sh runs it when GOLMOK_TEST_POSTGRES is set)
leaves out the modules that do the same whichever backend the suite runs on: they choose their
database themselves (the crash test's SQLite file, the sandbox's, both backends already, or
PostgreSQL already) or use none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.dialect import POSTGRES
from tests.harness import BACKEND, Harness

SAME_ON_EVERY_BACKEND = {
    "test_copy_db", "test_crash", "test_fakebot", "test_generate_areas", "test_instances",
    "test_messages", "test_postgres_schema", "test_quiet_hours", "test_rate_limit", "test_sandbox",
    "test_sandbox_browser", "test_storage", "test_telegram_http",
}  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != POSTGRES:
        return
    same = [i for i in items if i.path.stem in SAME_ON_EVERY_BACKEND or "use_cases" in i.path.parts]
    if same:
        config.hook.pytest_deselected(items=same)
        items[:] = [item for item in items if item not in same]


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = Harness(tmp_path)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.close()
