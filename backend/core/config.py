"""Settings of the back-end, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = f"sqlite:///{ROOT / 'var' / 'backend.sqlite3'}"
PLACEHOLDER_TOKENS = {"", "changeme", "change-me", "secret", "token"}


class SettingsError(RuntimeError):
    """A setting is missing or unusable; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    api_token: str
    timezone: str

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
        )


def database_url_from_env() -> str:
    """The database URL for commands that need no API token (migrate, seed, import)."""
    return os.environ.get("DATABASE_URL") or DEFAULT_SQLITE


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
