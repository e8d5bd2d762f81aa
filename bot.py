"""golmok: run the bot (`python bot.py`), try it offline (`python bot.py --sandbox`, also what runs
when no token is configured), back up its database (`python bot.py backup FILE`) or move it from
the SQLite file to PostgreSQL (`python bot.py copy-db postgresql://...`)."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from core import logs
from core.settings import Settings
from storage.db import Database

# What binding the webhook's port can meet: taken, an address this machine does not have, a
# port below 1024 without the right.
LISTEN_ERRORS = (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES)
TOKEN_HELP = (
    "golmok needs a Telegram bot token: ask @BotFather on Telegram (/newbot), then put it in "
    ".env as TELEGRAM_BOT_TOKEN=123456789:AA... (see .env.example)."
)


# Set once the bot is running: an error after that is a stop, not a failed start.
STARTED = threading.Event()


def token_missing() -> bool:
    """No token anywhere (environment or .env, or left empty as .env.example has it), and nothing
    else wrong: the sandbox's cue. A token that is there but malformed is an error to explain."""
    try:
        Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        return all(
            e["loc"] == ("telegram_bot_token",) and (e["type"] == "missing" or not str(e["input"]).strip())
            for e in exc.errors()
        )
    return False


def load_settings() -> Settings:
    try:
        return Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        fields = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        if "telegram_bot_token" in fields:
            print(TOKEN_HELP, file=sys.stderr)
        else:
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"]).upper()
                prefix = f"Setting {where}: " if where else "Settings: "
                print(f"{prefix}{error['msg']} (see .env.example)", file=sys.stderr)
        raise SystemExit(2) from None


async def run(settings: Settings) -> None:
    from app.runtime import Runtime

    runtime = Runtime(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await runtime.start()
    STARTED.set()
    waiter = asyncio.ensure_future(runtime.wait())
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        await runtime.stop()
    if waiter.done():
        waiter.result()


async def backup(settings: Settings, target: Path) -> None:
    if settings.database_dsn:
        raise SystemExit(
            "golmok's backup command copies the SQLite file; on PostgreSQL use pg_dump (README, Backup)."
        )
    db = Database(settings.database_path)
    await db.open()
    try:
        await db.backup(target)
    finally:
        await db.close()
    print(f"backed up {settings.database_path} to {target}")


async def copy_db(settings: Settings, url: str) -> int:
    """Copy the SQLite file into an empty PostgreSQL database (storage/copy_db.py) and say what
    to do next."""
    import psycopg

    from core.settings import postgres_url_problem
    from storage.copy_db import CopyRefused, copy_database

    problem = postgres_url_problem(url)
    if problem:
        print(f"copy-db: {problem}", file=sys.stderr)
        return 2
    try:
        result = await copy_database(settings.database_path, url)
    except CopyRefused as exc:
        print(f"copy-db: {exc}", file=sys.stderr)  # says where, never with the URL
        return 1
    except psycopg.Error as exc:
        print(database_failure(url, exc, doing="copy-db could not copy", setting="the URL"), file=sys.stderr)
        return 1
    counts = ", ".join(f"{table.name} {table.rows}" for table in result.tables)
    print(
        f"copied {result.rows} rows in {len(result.tables)} tables from {settings.database_path} to "
        f"PostgreSQL at {where(url)}; every table's row count and checksum match.\n  {counts}"
    )
    if result.running:
        print(
            "The SQLite file looked in use (the bot running, or it did not stop cleanly): what it "
            "writes after this copy is not in PostgreSQL. For the move, stop the bot, empty the "
            "target and copy again."
        )
    print(
        "Next: stop the bot if it runs, set DATABASE_URL to this database in .env, start the bot. "
        "Keep the SQLite file (python bot.py backup FILE) until you are content."
    )
    return 0


def sandbox(argv: list[str]) -> int:
    from sandbox.app import SandboxSettings
    from sandbox.serve import serve

    if argv not in ([], ["--sandbox"]):
        print("usage: python bot.py --sandbox", file=sys.stderr)
        return 2
    try:
        settings = SandboxSettings()
    except ValidationError as exc:
        for error in exc.errors():
            print(f"Setting SANDBOX_{str(error['loc'][0]).upper()}: {error['msg']}", file=sys.stderr)
        return 2
    return asyncio.run(serve(settings))


def main(argv: list[str]) -> int:
    logs.setup()
    if argv[:1] == ["--sandbox"] or (not argv and token_missing()):
        return sandbox(argv)
    settings = load_settings()
    if argv[:1] == ["backup"]:
        if len(argv) != 2:
            print("usage: python bot.py backup FILE", file=sys.stderr)
            return 2
        asyncio.run(backup(settings, Path(argv[1])))
        return 0
    if argv[:1] == ["copy-db"]:
        if len(argv) != 2:
            print("usage: python bot.py copy-db postgresql://user:password@host:5432/dbname", file=sys.stderr)
            return 2
        return asyncio.run(copy_db(settings, argv[1]))
    try:
        asyncio.run(run(settings))
    except Exception as exc:  # one clear line for the errors a person can fix
        from telegram.error import InvalidToken, TelegramError

        from app.runtime import LeadLost

        if isinstance(exc, LeadLost):
            print(f"golmok stopped: {exc}; start it again, it stands by", file=sys.stderr)
            return 1
        if isinstance(exc, InvalidToken):
            print("Telegram refused the token. " + TOKEN_HELP, file=sys.stderr)
            return 2
        if isinstance(exc, TelegramError):
            print(start_failure(settings, exc), file=sys.stderr)
            return 1
        if settings.database_dsn and type(exc).__module__.startswith("psycopg"):
            doing = "golmok stopped" if STARTED.is_set() else "golmok could not start"
            print(database_failure(settings.database_dsn, exc, doing=doing), file=sys.stderr)
            return 1
        if isinstance(exc, OSError) and settings.webhook_url and exc.errno in LISTEN_ERRORS:
            print(
                f"golmok could not start: cannot listen on {settings.webhook_listen}:{settings.webhook_port} "
                f"({exc.strerror or exc}). Check WEBHOOK_LISTEN and WEBHOOK_PORT, then start again.",
                file=sys.stderr,
            )
            return 1
        raise
    return 0


def where(dsn: str) -> str:
    """host:port/dbname of a PostgreSQL URL, for messages (never the password)."""
    parts = urlsplit(dsn)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


def database_failure(
    dsn: str, exc: Exception, doing: str = "golmok could not start", setting: str = "DATABASE_URL"
) -> str:
    """One line for a PostgreSQL that cannot be used (down, wrong password, no such database):
    where it is, never the password."""
    reason, password = " ".join(str(exc).split()), urlsplit(dsn).password
    if password:
        reason = reason.replace(password, "<password>")
    return (
        f"{doing}: PostgreSQL at {where(dsn)} ({urlsplit(dsn).username or 'no user'}): {reason}. "
        f"Check {setting} and that the server is running, then try again."
    )


def start_failure(settings: Settings, exc: Exception) -> str:
    """One line for a start that Telegram (or the network) refused; never the token."""
    base = settings.api_base_url.removesuffix("/bot")
    reason = logs.TOKEN_SHAPE.sub("<token>", str(exc))
    return (
        f"golmok could not start: {type(exc).__name__} talking to {base}: {reason}. "
        "Check the network, TELEGRAM_API_BASE_URL and WEBHOOK_URL, then start again."
    )


if __name__ == "__main__":
    logging.captureWarnings(True)
    raise SystemExit(main(sys.argv[1:]))
