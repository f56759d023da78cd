"""Tell Telegram where to deliver updates: `python -m connectors.telegram <command>`.

    set-webhook --url https://pes.example.org/webhooks/telegram/webhook
                [--allowed-updates message,edited_message,callback_query]
                [--drop-pending-updates] [--max-connections N]
    delete-webhook [--drop-pending-updates]
    webhook-info

Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET (set-webhook only: Telegram then sends
it in X-Telegram-Bot-Api-Secret-Token with every update, and the channel refuses requests
without it) and TELEGRAM_API_BASE_URL (optional: a local Bot API server or a fake).
Exit status: 0 done, 1 Telegram refused or could not be reached, 2 bad usage or settings.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from connectors.telegram_output import (
    DEFAULT_API_BASE_URL,
    TelegramConfigError,
    api_base_url,
    check_secret,
    check_token,
    make_bot,
)

# The updates the channel reads; the rest would only be acknowledged and dropped.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")


class UsageError(Exception):
    """A missing or malformed setting or argument (exit status 2)."""


@dataclass(frozen=True)
class Settings:
    token: str
    secret: str | None
    base_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, need_secret: bool) -> Settings:
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise UsageError("TELEGRAM_BOT_TOKEN is not set (the token @BotFather gave for the bot)")
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
        if need_secret and secret is None:
            raise UsageError(
                "TELEGRAM_WEBHOOK_SECRET is not set (16-256 characters of A-Z, a-z, 0-9, '_' and '-'; "
                "the same value the Rasa server gets)"
            )
        try:
            check_token(token)
            if secret is not None:
                check_secret(secret)
            base_url = api_base_url(env.get("TELEGRAM_API_BASE_URL"))
        except (TelegramConfigError, ValueError) as exc:
            raise UsageError(str(exc)) from exc
        return cls(token=token, secret=secret, base_url=base_url)


def _webhook_url(url: str, base_url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"--url must be an absolute URL, got {url!r}")
    # Telegram itself delivers over HTTPS only; a local Bot API server or a fake may not.
    if parts.scheme != "https" and base_url.startswith(DEFAULT_API_BASE_URL):
        raise UsageError("Telegram delivers webhooks over HTTPS only: --url must start with https://")
    return url


def _allowed_updates(value: str) -> list[str]:
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    unknown = sorted(set(kinds) - set(Update.ALL_TYPES))
    if not kinds or unknown:
        known = ", ".join(Update.ALL_TYPES)
        raise UsageError(f"--allowed-updates: unknown update types {unknown}; known: {known}")
    return kinds


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m connectors.telegram",
        description="Register the Telegram webhook of the PES assistant.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    set_hook = commands.add_parser("set-webhook", help="deliver updates to URL, signed with the secret")
    set_hook.add_argument("--url", required=True, help="public HTTPS URL of /webhooks/telegram/webhook")
    set_hook.add_argument(
        "--allowed-updates",
        default=",".join(ALLOWED_UPDATES),
        help="comma-separated update types (default: %(default)s)",
    )
    set_hook.add_argument("--drop-pending-updates", action="store_true", help="discard updates waiting now")
    set_hook.add_argument("--max-connections", type=int, help="simultaneous deliveries, 1-100 (Telegram: 40)")
    delete_hook = commands.add_parser("delete-webhook", help="stop delivering updates")
    delete_hook.add_argument(
        "--drop-pending-updates", action="store_true", help="discard updates waiting now"
    )
    commands.add_parser("webhook-info", help="where updates go and the last delivery error")
    return main


@dataclass(frozen=True)
class Command:
    """A command whose arguments have been checked, ready to send."""

    command: str
    url: str | None = None
    allowed_updates: tuple[str, ...] = ()
    drop_pending_updates: bool = False
    max_connections: int | None = None


def checked(args: argparse.Namespace, settings: Settings) -> Command:
    if args.command != "set-webhook":
        return Command(args.command, drop_pending_updates=bool(getattr(args, "drop_pending_updates", False)))
    if args.max_connections is not None and not 1 <= args.max_connections <= 100:
        raise UsageError("--max-connections must be between 1 and 100")
    return Command(
        "set-webhook",
        url=_webhook_url(args.url, settings.base_url),
        allowed_updates=tuple(_allowed_updates(args.allowed_updates)),
        drop_pending_updates=args.drop_pending_updates,
        max_connections=args.max_connections,
    )


async def _run(command: Command, settings: Settings, out: TextIO) -> None:
    bot = make_bot(settings.token, settings.base_url)
    try:
        await bot.initialize()  # getMe: a rejected token stops here, before anything changes
    except InvalidToken as exc:
        await bot.shutdown()
        # PTB's own message repeats the token; ours does not.
        raise TelegramError("the bot token was rejected (Unauthorized)") from exc
    try:
        await _send(bot, command, settings, out)
    finally:
        await bot.shutdown()


async def _send(bot: Bot, request: Command, settings: Settings, out: TextIO) -> None:
    if request.command == "set-webhook":
        await bot.set_webhook(
            url=str(request.url),
            secret_token=settings.secret,
            allowed_updates=list(request.allowed_updates),
            drop_pending_updates=request.drop_pending_updates,
            max_connections=request.max_connections,
        )
        kinds = ", ".join(request.allowed_updates)
        print(f"webhook set for @{bot.username}: {request.url} (updates: {kinds})", file=out)
    elif request.command == "delete-webhook":
        await bot.delete_webhook(drop_pending_updates=request.drop_pending_updates)
        print(f"webhook deleted for @{bot.username}", file=out)
    else:
        info = await bot.get_webhook_info()
        print(f"bot: @{bot.username}", file=out)
        print(f"url: {info.url or '(none: updates are not delivered)'}", file=out)
        print(f"pending updates: {info.pending_update_count}", file=out)
        print(f"allowed updates: {', '.join(info.allowed_updates) or '(default)'}", file=out)
        if info.max_connections:
            print(f"max connections: {info.max_connections}", file=out)
        if info.last_error_message:
            print(f"last error: {info.last_error_message} at {info.last_error_date}", file=out)


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env(
            os.environ if env is None else env, need_secret=args.command == "set-webhook"
        )
        asyncio.run(_run(checked(args, settings), settings, out))
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except BadRequest as exc:  # a NetworkError in PTB's tree, but an answer from Telegram
        print(f"error: Telegram refused: {exc.message}", file=err)
        return 1
    except NetworkError as exc:
        print(
            f"error: Telegram could not be reached ({urlsplit(settings.base_url).netloc}): {exc.message}",
            file=err,
        )
        return 1
    except TelegramError as exc:
        print(f"error: Telegram refused: {exc.message}", file=err)
        return 1
    return 0
