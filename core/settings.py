"""Settings from the environment and `.env`, validated once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A bot token is "<bot id>:<35 characters>"; anything else is a copy-paste mistake.
TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
TELEGRAM_API = "https://api.telegram.org/bot"
# Placeholders that documentation and older copies of .env.example showed: token-shaped, not tokens.
PLACEHOLDER_WORDS = ("replace", "your-token", "botfather")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr
    database_path: Path = Path("data/golmok.sqlite3")
    # PostgreSQL instead of the SQLite file: postgresql://user:password@host:5432/dbname.
    database_url: SecretStr | None = None
    # The Bot API base, ending in "/bot" as python-telegram-bot expects (a self-hosted
    # telegram-bot-api server, or the local fake server in tests).
    telegram_api_base_url: str = TELEGRAM_API
    admin_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Seoul"
    default_language: str = "ko"
    # How long getUpdates waits for news before answering empty (long polling).
    polling_timeout: int = 25
    # A report nobody has taken: a reminder to the centre's group after this many hours, and
    # an escalation to the admins after that many.
    unassigned_reminder_hours: float = 24
    escalation_hours: float = 72
    # Non-urgent notifications wait outside these hours (Korea time); staff alerts never wait.
    quiet_hours_start: str = "21:00"
    quiet_hours_end: str = "08:00"
    # When the weekday digest reaches each centre group.
    digest_time: str = "09:00"
    # When the weekly and monthly alley-walk nudges go out to the volunteers who asked for them.
    nudge_time: str = "10:00"
    # Privacy: the personal parts of a closed report are deleted after this many days.
    report_retention_days: int = Field(default=365, ge=1)
    # A volunteer who has not used the bot for this many days is removed (warned 30 and 7 days before).
    volunteer_inactive_days: int = Field(default=730, ge=60)
    # Abuse limits.
    reports_per_day: int = Field(default=10, ge=1)
    meeting_proposals_per_week: int = Field(default=3, ge=1)
    # Webhook mode (optional; long polling when unset): Telegram posts updates to WEBHOOK_URL, which
    # must reach this process's WEBHOOK_LISTEN:WEBHOOK_PORT (usually through a TLS proxy).
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Seconds to wait for Telegram to answer any other call before counting it as timed out.
    http_timeout: float = 10.0

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        problem = postgres_url_problem(value.get_secret_value().strip())
        if problem:
            raise ValueError(f"{problem} (or be left out for the SQLite file)")
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token) or any(word in token.lower() for word in PLACEHOLDER_WORDS):
            raise ValueError("malformed token")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in re.split(r"[,\s]+", value.strip()) if part]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("quiet_hours_start", "quiet_hours_end", "digest_time", "nudge_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("use HH:MM, e.g. 21:00")
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("ko", "en"):
            raise ValueError("default_language must be ko or en")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url:
            secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
            if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
                raise ValueError(
                    "WEBHOOK_SECRET is required with WEBHOOK_URL: 16-256 characters of A-Z, a-z, 0-9, _ and -"
                )
        return self

    @property
    def database_dsn(self) -> str | None:
        """The PostgreSQL URL, or None for the SQLite file (DATABASE_PATH)."""
        return self.database_url.get_secret_value().strip() if self.database_url else None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def api_base_url(self) -> str:
        base = self.telegram_api_base_url.rstrip("/")
        return base if base.endswith("/bot") else base + "/bot"

    @property
    def api_file_url(self) -> str:
        return self.api_base_url[: -len("/bot")] + "/file/bot"


def postgres_url_problem(url: str) -> str | None:
    """What is wrong with a PostgreSQL URL (DATABASE_URL, copy-db's target), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (reading it checks it: a port that is not a number raises)
        usable = parts.scheme in ("postgresql", "postgres") and parts.hostname and parts.path not in ("", "/")
    except ValueError:
        usable = False
    return None if usable else "the URL must look like postgresql://user:password@host:5432/dbname"
