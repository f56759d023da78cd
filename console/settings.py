"""The console's settings, read from the environment once, at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        rasa = env.get("PES_RASA_PUBLIC_URL") or DEFAULT_RASA_URL
        console = env.get("PES_CONSOLE_PUBLIC_URL") or None
        return cls(
            rasa_public_url=_public_url("PES_RASA_PUBLIC_URL", rasa),
            console_public_url=_public_url("PES_CONSOLE_PUBLIC_URL", console) if console else None,
        )
