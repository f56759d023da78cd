"""The console's settings, read from the environment once, at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_CONSOLE_DB = f"sqlite:///{Path(__file__).resolve().parents[1] / 'var' / 'console.sqlite3'}"
MIN_SECRET_LENGTH = 32
DEFAULT_SYNC_SECONDS = 2.0
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class SettingsError(ValueError):
    """A setting is present but unusable; the message names the variable."""


def _public_url(name: str, value: str) -> str:
    """An http(s) origin with an optional path, without a trailing slash."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:5005, not {value!r}")
    if parts.query or parts.fragment or any(c in value for c in "\"'<> "):
        raise SettingsError(f"{name} must be a plain URL without query, fragment, quotes or spaces")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as exc:
        raise SettingsError(f"{name} has an invalid port: {value!r}") from exc
    return value.strip().rstrip("/")


@dataclass(frozen=True)
class Settings:
    # Where browsers reach the Rasa server's socket.io endpoint (the widget's data-server).
    rasa_public_url: str = DEFAULT_RASA_URL
    # Where browsers reach this console; None: the address the request came to.
    console_public_url: str | None = None
    widget_dir: Path = WIDGET_DIR
    # The staff accounts' own database (never the back-end's).
    console_database_url: str = DEFAULT_CONSOLE_DB
    # Keys the session token hashes and the CSRF tokens. Settings built in code (tests)
    # get a fresh random key; from the environment it is None when unset, and
    # require_secret_key() stops the app's start-up with a message that names it.
    secret_key: str | None = field(default_factory=lambda: secrets.token_urlsafe(48), repr=False)
    # Off only for plain-http development on this machine (make run, tests).
    cookie_secure: bool = True
    session_max_age_minutes: int = 12 * 60
    session_idle_minutes: int = 30
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    # The staff inbox imports escalations from the PES back-end and reads and writes
    # conversations through the Rasa server's HTTP API; without all four it stays read-only.
    pes_api_url: str | None = None
    pes_api_token: str | None = field(default=None, repr=False)
    rasa_url: str | None = None
    rasa_auth_token: str | None = field(default=None, repr=False)
    sync_seconds: float = DEFAULT_SYNC_SECONDS

    def __post_init__(self) -> None:
        if self.secret_key is not None and len(self.secret_key) < MIN_SECRET_LENGTH:
            raise SettingsError(
                f"PES_CONSOLE_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters long"
            )
        if not self.cookie_secure and self.console_public_url:
            host = urlsplit(self.console_public_url).netloc.rsplit(":", 1)[0]
            if not self.console_public_url.startswith("http://") or host not in LOCAL_HOSTS:
                raise SettingsError(
                    "PES_CONSOLE_COOKIE_SECURE=false is only allowed for http://127.0.0.1 development, "
                    f"not for PES_CONSOLE_PUBLIC_URL={self.console_public_url}"
                )
        for name in (
            "session_max_age_minutes",
            "session_idle_minutes",
            "lockout_attempts",
            "lockout_minutes",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be a positive number")
        if not 0 < self.sync_seconds < float("inf"):
            raise SettingsError("PES_CONSOLE_SYNC_SECONDS must be a positive number of seconds")

    def inbox_missing(self) -> list[str]:
        """The variables the inbox still needs to reach the back-end and Rasa (empty: all set)."""
        wanted = (
            ("PES_API_URL", self.pes_api_url),
            ("PES_API_TOKEN", self.pes_api_token),
            ("RASA_URL", self.rasa_url),
            ("RASA_AUTH_TOKEN", self.rasa_auth_token),
        )
        return [name for name, value in wanted if not value]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        rasa = env.get("PES_RASA_PUBLIC_URL") or DEFAULT_RASA_URL
        console = env.get("PES_CONSOLE_PUBLIC_URL") or None
        secure = env.get("PES_CONSOLE_COOKIE_SECURE", "true").strip().lower()
        pes_api, rasa_api = env.get("PES_API_URL"), env.get("RASA_URL")
        if secure not in ("true", "false", "1", "0"):
            raise SettingsError(f"PES_CONSOLE_COOKIE_SECURE must be true or false, not {secure!r}")
        return cls(
            rasa_public_url=_public_url("PES_RASA_PUBLIC_URL", rasa),
            console_public_url=_public_url("PES_CONSOLE_PUBLIC_URL", console) if console else None,
            console_database_url=env.get("CONSOLE_DATABASE_URL") or DEFAULT_CONSOLE_DB,
            secret_key=env.get("PES_CONSOLE_SECRET_KEY") or None,
            cookie_secure=secure in ("true", "1"),
            lockout_attempts=_positive_int(env, "PES_CONSOLE_LOCKOUT_ATTEMPTS", 5),
            lockout_minutes=_positive_int(env, "PES_CONSOLE_LOCKOUT_MINUTES", 15),
            pes_api_url=_public_url("PES_API_URL", pes_api) if pes_api else None,
            pes_api_token=env.get("PES_API_TOKEN") or None,
            rasa_url=_public_url("RASA_URL", rasa_api) if rasa_api else None,
            rasa_auth_token=env.get("RASA_AUTH_TOKEN") or None,
            sync_seconds=_positive_float(env, "PES_CONSOLE_SYNC_SECONDS", DEFAULT_SYNC_SECONDS),
        )

    def require_secret_key(self) -> str:
        if not self.secret_key:
            raise SettingsError(
                "PES_CONSOLE_SECRET_KEY is not set: give the console a random secret of at least "
                f"{MIN_SECRET_LENGTH} characters (make run generates one into var/secrets.env)"
            )
        return self.secret_key


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise SettingsError(f"{name} must be a positive number of seconds, not {raw!r}")
    return value
