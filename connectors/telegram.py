"""Telegram: POST /webhooks/telegram/webhook, with python-telegram-bot.

Inbound, an update becomes one message to Rasa:
- a text message; "/start <payload>" (a deep link) greets her and keeps the payload in
  metadata "start_payload"; "/help" and "/language" are the intents of the same name;
  any other "/word" is read as the word, so that typed text never passes as a button
  payload with made-up entities;
- a button tap (callback query): answered at once so her spinner stops, then its data
  mapped back to the button's payload (a long payload travels as "b:<n>", the n-th
  button of the latest bot message, read from Rasa's tracker store);
- her own contact (the "share my phone number" button): `/share_phone{"phone": ...}`
  with the E.164 number, also in metadata "phone" because Telegram vouches for it;
- `from.language_code`, when it is one of our languages, goes along as "language_hint".

What the bot cannot use gets a short answer in her language instead of reaching Rasa:
stickers, photos, voice notes, locations, documents, polls, someone else's contact, and
edited messages (re-reading an old answer could change a form behind her back, so she
is asked to send the correction as a new message). Updates that are not a person
writing to the bot (channel posts, membership changes, poll results, unknown kinds) are
acknowledged and ignored: an answer there would go to a channel's readers or to
someone who just blocked the bot.

The request must carry X-Telegram-Bot-Api-Secret-Token, the secret given to setWebhook
(`python -m connectors.telegram set-webhook`); otherwise 403 and nothing is processed.
Telegram redelivers an update it thinks failed: the update id is claimed in the back-end
first, so a redelivery is processed once (if the back-end is down it is processed anyway).
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

import phonenumbers
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint
from sanic.request import Request
from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError

from connectors.base import BadPayload, ChannelInput, Forbidden, Inbound, Outcome
from connectors.conversation import ConversationView, conversation_view
from connectors.pes_api import MessagingError, get_messaging_api
from connectors.telegram_output import (
    ASK_PHONE,
    TelegramConfigError,
    TelegramOutput,
    api_base_url,
    check_secret,
    check_token,
    http_client,
    make_bot,
)
from connectors.telegram_render import button_title, button_token_index
from connectors.telegram_text import notice, supported_language

logger = logging.getLogger(__name__)

WEBHOOK_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A deep-link payload as Telegram allows it in t.me/<bot>?start=<payload>.
START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Commands a Telegram user may type, and the intent each one stands for.
COMMANDS = {"start": "/greet", "help": "/help", "language": "/change_language"}
SHARE_PHONE_INTENT = "share_phone"
# Nothing a webhook could legitimately carry is this big (Telegram's texts are <= 4096 chars).
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True)
class TelegramInbound(Inbound):
    # A sentence of the channel's own to answer with (a key of telegram_text.NOTICES).
    notice: str | None = None
    # The tap to acknowledge, and the small notice to show on it, if any.
    callback_query_id: str | None = None
    callback_notice: str | None = None
    # The conversation's language, else the Telegram app's: the language of notices.
    language: str | None = None
    # The previous bot message put up the "share my phone number" keyboard.
    clear_reply_keyboard: bool = False


def _credential(credentials: dict[str, Any], key: str, variable: str) -> str:
    value = credentials.get(key)
    if value is None or not str(value).strip():
        raise TelegramConfigError(
            f"Telegram channel: '{key}' is missing in credentials.yml (set {variable} in the environment)"
        )
    return str(value).strip()


def e164(raw: str) -> str | None:
    """A contact's number in E.164; Telegram sends it international, often without the '+'."""
    digits = raw.strip()
    if not digits.startswith("+"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _decode(body: bytes) -> dict[str, Any]:
    if not body:
        raise BadPayload("empty body")
    if len(body) > MAX_BODY_BYTES:
        raise BadPayload("body too large")
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadPayload("body is not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise BadPayload(f"body is not JSON: {exc.msg}") from exc
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadPayload("not a Telegram update (no integer update_id)")
    return data


class TelegramChannel(ChannelInput):
    """Telegram's webhook, verified by the secret token set with setWebhook."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, access_token: str, secret_token: str, api_base_url: str | None = None) -> None:
        self.secret_token = check_secret(secret_token)
        self._http = http_client()
        self.bot = make_bot(check_token(access_token), api_base_url, self._http)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramChannel:
        credentials = credentials or {}
        token = _credential(credentials, "access_token", "TELEGRAM_BOT_TOKEN")
        secret = _credential(credentials, "secret_token", "TELEGRAM_WEBHOOK_SECRET")
        # Without the (optional) line in credentials.yml, the environment still decides.
        base_url = credentials.get("api_base_url") or os.environ.get("TELEGRAM_API_BASE_URL") or ""
        base_url = str(base_url).strip()
        try:
            api_base_url(base_url)
        except ValueError as exc:
            raise TelegramConfigError(f"Telegram channel: api_base_url: {exc}") from exc
        return cls(token, secret, base_url or None)

    # -- verify and parse ----------------------------------------------------------------
    async def verify(self, request: Request) -> None:
        sent = request.headers.get(WEBHOOK_HEADER)
        if not sent:
            raise Forbidden(f"missing {WEBHOOK_HEADER}")
        if not hmac.compare_digest(sent.encode("utf-8"), self.secret_token.encode("utf-8")):
            raise Forbidden(f"wrong {WEBHOOK_HEADER}")

    async def parse(self, request: Request) -> list[Inbound]:
        data = _decode(request.body or b"")
        try:
            update = Update.de_json(data, self.bot)
            reading = read_update(update)
        except BadPayload:
            raise
        except Exception as exc:  # any shape PTB or we cannot read is a malformed update
            raise BadPayload(f"not a Telegram update: {type(exc).__name__}") from exc
        if reading is None:
            logger.info("telegram: update %s ignored (nothing a person wrote to the bot)", update.update_id)
            return []
        view = await conversation_view(reading.sender_id, request.app)
        text = reading.text
        if reading.callback_query_id is not None:
            text = resolve_tap(reading.callback_data, reading.keyboard, view)
        return [
            TelegramInbound(
                sender_id=reading.sender_id,
                text=text,
                message_id=str(update.update_id),
                metadata=reading.metadata,
                notice=reading.notice,
                callback_query_id=reading.callback_query_id,
                callback_notice="expired_button" if reading.callback_query_id and not text else None,
                language=view.language or reading.language_hint,
                clear_reply_keyboard=view.last_utter_action == ASK_PHONE,
            )
        ]

    # -- dispatch hooks ------------------------------------------------------------------
    async def before_dispatch(self, request: Request, inbound: Inbound) -> Outcome | None:
        if not isinstance(inbound, TelegramInbound):
            return None
        if inbound.callback_query_id:
            # First of all, so that her spinner stops even if the back-end is slow.
            await self._answer_tap(inbound)
        if not await self._first_delivery(inbound):
            return Outcome(inbound, processed=False, note="duplicate")
        if inbound.notice:
            await self._output(inbound).send_notice(
                inbound.sender_id, notice(inbound.notice, inbound.language)
            )
            return Outcome(inbound, processed=False, note=inbound.notice)
        return None

    def output_for(self, request: Request, inbound: Inbound) -> OutputChannel:
        return self._output(inbound)

    def get_output_channel(self) -> OutputChannel:
        return TelegramOutput(self.bot)

    async def on_handling_error(self, inbound: Inbound, output: OutputChannel) -> None:
        if isinstance(output, TelegramOutput):
            language = inbound.language if isinstance(inbound, TelegramInbound) else None
            await output.send_notice(inbound.sender_id, notice("error", language))

    def extra_routes(self, blueprint: Blueprint) -> None:
        @blueprint.listener("after_server_stop")
        async def close_bot(*_: Any) -> None:
            # The HTTP client opens with the Bot (initialize() is never needed to send), so it
            # is closed here rather than by Bot.shutdown().
            await self._http.shutdown()

    # -- helpers -------------------------------------------------------------------------
    def _output(self, inbound: Inbound) -> TelegramOutput:
        clear = isinstance(inbound, TelegramInbound) and inbound.clear_reply_keyboard
        return TelegramOutput(self.bot, clear_reply_keyboard=clear)

    async def _first_delivery(self, inbound: TelegramInbound) -> bool:
        if not inbound.message_id:
            return True
        try:
            return await get_messaging_api().claim_inbound(self.name(), inbound.message_id, inbound.sender_id)
        except MessagingError as exc:
            # A rare duplicate is better than a lost message.
            logger.warning("telegram: could not check update %s for redelivery: %s", inbound.message_id, exc)
        except Exception:  # a misconfigured client must not cost her the message either
            logger.exception("telegram: redelivery check for update %s failed", inbound.message_id)
        return True

    async def _answer_tap(self, inbound: TelegramInbound) -> None:
        text = notice(inbound.callback_notice, inbound.language) if inbound.callback_notice else None
        try:
            await self.bot.answer_callback_query(str(inbound.callback_query_id), text=text)
        except TelegramError as exc:  # a spinner left turning must not cost her the answer itself
            logger.warning("telegram: could not answer button tap %s: %s", inbound.callback_query_id, exc)


@dataclass(frozen=True)
class Reading:
    """What an update says, before the conversation is consulted."""

    sender_id: str
    language_hint: str | None
    metadata: dict[str, Any]
    text: str | None = None
    notice: str | None = None
    # A button tap: its id (to answer it), its data and the keyboard it was tapped on.
    callback_query_id: str | None = None
    callback_data: str | None = None
    keyboard: list[tuple[str, str]] | None = None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadPayload(f"{what} is missing or not an integer")
    return value


def read_update(update: Update) -> Reading | None:
    """Decide what the update says; None for updates that are not a person writing to the bot.

    PTB builds objects without checking required fields, so the ones used here are checked.
    """
    if update.callback_query is not None:
        return _read_tap(update.callback_query)
    message = update.message or update.edited_message
    if message is None:
        return None
    if message.chat is None:
        raise BadPayload("message without chat")
    sender = str(_int(message.chat.id, "chat.id"))
    hint = supported_language(_text(message.from_user.language_code) if message.from_user else None)
    metadata: dict[str, Any] = {"language_hint": hint} if hint else {}

    def says(text: str, **extra: Any) -> Reading:
        return Reading(sender, hint, {**metadata, **extra}, text=text)

    def answer(kind: str) -> Reading:
        return Reading(sender, hint, metadata, notice=kind)

    if message.chat.type != "private":
        return answer("group")
    if update.edited_message is not None:
        return answer("edited")
    if message.contact is not None:
        phone, problem = _own_phone(message)
        if phone is None:
            return answer(problem)
        return says(f"/{SHARE_PHONE_INTENT}{json.dumps({'phone': phone})}", phone=phone)
    text = _text(message.text)
    if not text or not text.strip():
        return answer("unsupported")
    if not text.startswith("/"):
        return says(text)
    command, _, argument = text[1:].partition(" ")
    command = command.split("@", 1)[0].strip().lower()  # "/start@pes_bot" in a group
    if command == "start":
        payload = argument.strip()
        if START_PAYLOAD.fullmatch(payload):
            return says(COMMANDS["start"], start_payload=payload)
        return says(COMMANDS["start"])
    if command in COMMANDS:
        return says(COMMANDS[command])
    # Typed, not tapped: read as words, never as an intent with entities.
    words = text.lstrip("/").strip()
    return says(words) if words else answer("unsupported")


def _own_phone(message: Message) -> tuple[str | None, str]:
    """Her number in E.164 if the contact is her own (Telegram vouches for it), else why not."""
    contact, sender = message.contact, message.from_user
    if contact is None or sender is None or contact.user_id is None or contact.user_id != sender.id:
        return None, "foreign_contact"
    phone = e164(_text(contact.phone_number) or "")
    return (phone, "") if phone else (None, "invalid_phone")


def _read_tap(query: CallbackQuery) -> Reading:
    if not _text(query.id):
        raise BadPayload("callback_query without id")
    if query.from_user is None:
        raise BadPayload("callback_query without from")
    shown = query.message if isinstance(query.message, Message) else None
    if shown is not None and shown.chat is not None:
        sender = str(_int(shown.chat.id, "message.chat.id"))
    else:
        # The tap comes from her private chat with the bot, whose id is her user id.
        sender = str(_int(query.from_user.id, "from.id"))
    hint = supported_language(_text(query.from_user.language_code))
    return Reading(
        sender,
        hint,
        {"language_hint": hint} if hint else {},
        callback_query_id=query.id,
        callback_data=_text(query.data),
        keyboard=_keyboard_of(shown),
    )


def _keyboard_of(message: Message | None) -> list[tuple[str, str]] | None:
    """(title, callback data) of each button of the tapped message, if Telegram sent it."""
    if message is None or message.reply_markup is None:
        return None
    return [
        (button.text, str(button.callback_data))
        for row in message.reply_markup.inline_keyboard
        for button in row
        if button.callback_data is not None
    ]


def resolve_tap(
    data: str | None, keyboard: list[tuple[str, str]] | None, view: ConversationView
) -> str | None:
    """What a tap says: the button's payload, else its title as if typed; None if unknown.

    Telegram does not check that callback data came from a button, so data is trusted
    only when it is on the tapped message's keyboard (as Telegram stored it) or among the
    buttons the conversation offered last.
    """
    if not data:
        return None
    on_keyboard = dict((d, t) for t, d in keyboard) if keyboard is not None else {}
    index = button_token_index(data)
    if index is None:
        offered = {str(b.get("payload")) for b in view.buttons}
        return data if data in on_keyboard or data in offered else None
    title = on_keyboard.get(data)
    payload = view.payload_for(index)
    # The title check catches a token from another message of the same turn.
    if payload is not None and (keyboard is None or title == button_title(view.buttons[index - 1])):
        return payload
    # An older message's button (the conversation has moved on): her choice, in words.
    return title


if __name__ == "__main__":
    from connectors.telegram_webhook import main

    sys.exit(main())
