"""Sending to Telegram: the bot client and its settings, the output channel, and what to do
when Telegram says no.

A failed send never raises into Rasa: an exception in an output channel stops the turn
before Rasa saves the conversation, which would lose her message and the bot's state
for a reply she may never see anyway. So every Telegram error is logged here: a user
who blocked the bot (Forbidden) is expected and logged quietly; flood control
(RetryAfter) is waited out once; a connection that could not be made is tried once more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Sequence
from typing import Any

from rasa.core.channels.channel import OutputChannel
from telegram import Bot, ReplyKeyboardRemove
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from connectors.telegram_render import (
    contact_keyboard,
    inline_keyboard,
    response_language,
    split_text,
)
from connectors.telegram_text import DEFAULT_LANGUAGE

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
# The registration question whose answer the "share my phone number" button gives.
ASK_PHONE = "utter_ask_reg_phone"
# Longer flood waits are not sat out inside a webhook request: the message is dropped
# and logged (Telegram asks for such waits only when the bot floods a chat).
MAX_RETRY_AFTER_SECONDS = 30.0
NETWORK_RETRY_DELAY_SECONDS = 1.0

Markup = Any  # InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


# What Telegram accepts as a webhook secret; we also want it long enough not to be guessed.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")
TOKEN_PATTERN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


class TelegramConfigError(ValueError):
    """The channel's credentials are missing or malformed (raised at start-up)."""


def check_token(token: str) -> str:
    if not TOKEN_PATTERN.fullmatch(token):
        raise TelegramConfigError("Telegram bot token must look like '123456:ABC-...' (from @BotFather)")
    return token


def check_secret(secret: str) -> str:
    if not SECRET_PATTERN.fullmatch(secret):
        raise TelegramConfigError(
            "Telegram webhook secret must be 16-256 characters of A-Z, a-z, 0-9, '_' and '-'"
        )
    return secret


def api_base_url(value: str | None) -> str:
    """The Bot API base URL PTB expects: ".../bot", to which it appends the token.

    Accepts the server's root ("http://127.0.0.1:8081") as well, and PTB's "{token}" form.
    """
    url = (value or "").strip() or DEFAULT_API_BASE_URL
    if not url.startswith(("https://", "http://")):
        raise TelegramConfigError(f"Telegram API base URL must start with https:// or http://, got {url!r}")
    if "{token}" in url or url.endswith("/bot"):
        return url
    return url.rstrip("/") + "/bot"


def http_client() -> HTTPXRequest:
    """The Bot API client: every call has a timeout; one pool serves all sends."""
    return HTTPXRequest(connection_pool_size=16, connect_timeout=5.0, read_timeout=10.0, pool_timeout=5.0)


def make_bot(token: str, base_url: str | None = None, request: HTTPXRequest | None = None) -> Bot:
    client = request or http_client()
    # The channel never polls, so getUpdates shares the one client instead of opening its own.
    return Bot(token, base_url=api_base_url(base_url), request=client, get_updates_request=client)


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def chat_id_of(recipient_id: str) -> int | str:
    """Telegram takes a numeric chat id (negative for groups) or a public "@channel" name."""
    text = str(recipient_id).strip()
    try:
        return int(text)
    except ValueError:
        return text


class TelegramOutput(OutputChannel):
    """Renders bot messages for Telegram and sends them with the Bot API (plain text only).

    `clear_reply_keyboard`: the conversation's previous bot message showed the "share my
    phone number" keyboard; the first message of this turn that has no inline buttons
    takes it away again, whether she tapped it or typed her number.
    """

    def __init__(self, bot: Bot, *, clear_reply_keyboard: bool = False) -> None:
        self.bot = bot
        self.clear_reply_keyboard = clear_reply_keyboard

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text, (), kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, buttons, kwargs)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, quick_replies, kwargs)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._call(recipient_id, "send_photo", photo=image)

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        # Rasa's attachment is a link (or a dict from a custom action): she gets the link.
        link = attachment.get("url") if isinstance(attachment, dict) else attachment
        if link:
            await self._send(recipient_id, str(link), (), {})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # Raw JSON is never shown to a user; a custom payload with a text sends the text.
        text = json_message.get("text") if isinstance(json_message, dict) else None
        if isinstance(text, str) and text.strip():
            await self._send(recipient_id, text, (), {})
        else:
            logger.info("telegram: custom payload for %s not sent (no text)", recipient_id)

    async def send_notice(self, recipient_id: str, text: str) -> bool:
        """A sentence of the channel's own; True when Telegram took it."""
        return await self._call(recipient_id, "send_message", text=text)

    async def _send(
        self, recipient_id: str, text: str, buttons: Sequence[dict[str, Any]], kwargs: dict[str, Any]
    ) -> None:
        parts = split_text(text or "")
        if not parts:
            if not buttons:
                return
            parts = ["⬇️"]  # Telegram needs a text to hang buttons on
        markup = self._markup(buttons, kwargs)
        for number, part in enumerate(parts, start=1):
            last = number == len(parts)
            if not await self._call(
                recipient_id, "send_message", text=part, reply_markup=markup if last else None
            ):
                return  # the rest would fail the same way, and out of order if it did not

    def _markup(self, buttons: Sequence[dict[str, Any]], kwargs: dict[str, Any]) -> Markup:
        if buttons:
            return inline_keyboard(buttons)
        if kwargs.get("utter_action") == ASK_PHONE:
            self.clear_reply_keyboard = False
            return contact_keyboard(response_language(kwargs) or DEFAULT_LANGUAGE)
        if self.clear_reply_keyboard:
            self.clear_reply_keyboard = False
            return ReplyKeyboardRemove()
        return None

    async def _call(self, recipient_id: str, method: str, **params: Any) -> bool:
        chat_id = chat_id_of(recipient_id)
        send = getattr(self.bot, method)
        for attempt in (1, 2):
            try:
                await send(chat_id=chat_id, **params)
                return True
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                if attempt == 2 or wait > MAX_RETRY_AFTER_SECONDS:
                    logger.warning(
                        "telegram: flood control for chat %s (retry after %ss); dropped", chat_id, wait
                    )
                    return False
                await asyncio.sleep(wait)
            except Forbidden as exc:
                # She blocked the bot or deleted her account: nothing to deliver, nothing to fix.
                logger.info("telegram: chat %s cannot be reached: %s", chat_id, exc.message)
                return False
            except BadRequest as exc:
                logger.error("telegram: %s to chat %s refused: %s", method, chat_id, exc.message)
                return False
            except TimedOut:
                # The message may have arrived: sending it again could show it twice.
                logger.warning("telegram: %s to chat %s timed out", method, chat_id)
                return False
            except NetworkError as exc:
                if attempt == 2:
                    logger.error("telegram: %s to chat %s failed: %s", method, chat_id, exc.message)
                    return False
                await asyncio.sleep(NETWORK_RETRY_DELAY_SECONDS)
            except TelegramError as exc:
                logger.error("telegram: %s to chat %s failed: %s", method, chat_id, exc.message)
                return False
        return False
