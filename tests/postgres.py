"""A fresh PostgreSQL database per test, on the server GOLMOK_TEST_POSTGRES names (a URL with a
role that may create databases, e.g. postgresql://golmok:golmok@127.0.0.1:5432/postgres).

Without it the PostgreSQL variants are skipped with that reason; `.ci/run` starts the machine's
PostgreSQL and sets it together with GOLMOK_REQUIRE_POSTGRES=1, under which a missing or
unreachable server fails the tests instead of skipping them."""

from __future__ import annotations

import asyncio
import os
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

SERVER = os.environ.get("GOLMOK_TEST_POSTGRES", "")
REQUIRED = os.environ.get("GOLMOK_REQUIRE_POSTGRES") == "1"


def skip_without_server() -> None:
    if not SERVER:
        if REQUIRED:
            pytest.fail("GOLMOK_REQUIRE_POSTGRES=1 but GOLMOK_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL: set GOLMOK_TEST_POSTGRES (a URL; .ci/run starts one) to run this")


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """The URL of a new, empty database, dropped afterwards."""
    import psycopg

    skip_without_server()
    name = f"golmok_t_{uuid.uuid4().hex[:12]}"
    try:
        admin = await psycopg.AsyncConnection.connect(SERVER, autocommit=True)
    except psycopg.OperationalError as exc:
        if REQUIRED:
            raise
        pytest.skip(f"PostgreSQL at GOLMOK_TEST_POSTGRES is not reachable: {exc}")
    async with admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(SERVER)
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            await _drop(admin, name)


async def _drop(admin: Any, name: str) -> None:
    """Drop the test's database. A connection a failed test left open is ended by FORCE where the
    role may (pg_signal_backend, granted by .ci/run); else a few tries as the others close."""
    import psycopg

    for attempt in range(20):
        try:
            await admin.execute(
                f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if attempt == 0 else "")
            )
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            await asyncio.sleep(0.1)
    warnings.warn(f"could not drop the test database {name}: a connection to it is still open", stacklevel=1)
