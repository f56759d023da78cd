"""Settings of the back-end, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = f"sqlite:///{ROOT / 'var' / 'backend.sqlite3'}"
PLACEHOLDER_TOKENS = {"", "changeme", "change-me", "secret", "token"}
N = TypeVar("N", int, float)


class SettingsError(RuntimeError):
    """A setting is missing or unusable; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    api_token: str
    timezone: str
    # Job alerts are sent through the Rasa server's HTTP API; without both, they wait.
    rasa_url: str | None = None
    rasa_auth_token: str | None = None
    alert_poll_seconds: float = 2.0
    alert_rate_per_second: float = 5.0
    alert_max_per_day: int = 3

    @classmethod
    def from_env(cls) -> Settings:
        token = os.environ.get("PES_API_TOKEN", "")
        if token.strip().lower() in PLACEHOLDER_TOKENS or len(token) < 16:
            raise SettingsError(
                "PES_API_TOKEN must be set to a random string of at least 16 characters "
                "(make run generates one into var/secrets.env)"
            )
        return cls(
            database_url=database_url_from_env(),
            api_token=token,
            timezone=os.environ.get("PES_TIMEZONE", "Africa/Nairobi"),
            rasa_url=_http_url("RASA_URL"),
            rasa_auth_token=os.environ.get("RASA_AUTH_TOKEN") or None,
            alert_poll_seconds=_positive("PES_ALERT_POLL_SECONDS", 2.0, float),
            alert_rate_per_second=_positive("PES_ALERT_RATE_PER_SECOND", 5.0, float),
            alert_max_per_day=_positive("PES_ALERT_MAX_PER_DAY", 3, int),
        )


def _http_url(name: str) -> str | None:
    raw = os.environ.get(name, "").strip().rstrip("/")
    if raw and not raw.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be an http:// or https:// URL, got {raw!r}")
    return raw or None


def _positive(name: str, default: N, kind: type[N]) -> N:
    """A positive number from the environment, or the default when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    problem = SettingsError(f"{name} must be a positive {kind.__name__}, got {raw!r}")
    try:
        value = kind(raw)
    except ValueError:
        raise problem from None
    if not 0 < value < float("inf"):
        raise problem
    return value


def database_url_from_env() -> str:
    """The database URL for commands that need no API token (migrate, seed, import)."""
    return os.environ.get("DATABASE_URL") or DEFAULT_SQLITE


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
