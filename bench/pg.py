"""What the benchmarks on PostgreSQL share: a database of their own on a server, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# A role that may create databases (BENCH_POSTGRES or a script's --postgres overrides it).
DEFAULT_SERVER = "postgresql://golmok:golmok@127.0.0.1:5432/postgres"


@asynccontextmanager
async def bench_database(server: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on `server`, dropped afterwards (also on failure, with
    the bots' connections still open: FORCE)."""
    name = f"golmok_bench_{uuid.uuid4().hex}"
    async with await psycopg.AsyncConnection.connect(server, autocommit=True) as admin:
        await admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        async with await psycopg.AsyncConnection.connect(server, autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            await admin.execute(drop)
