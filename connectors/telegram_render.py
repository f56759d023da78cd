"""How a bot message fits Telegram's limits: text parts, inline keyboards, the contact button.

Pure functions, no I/O: the output channel sends what these build, and the input side
uses `button_token_index` to read a short callback token back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from connectors.telegram_text import notice

# Telegram counts a message's length in UTF-16 code units (an emoji counts twice).
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes
# Callback data standing for "button <n> of the latest message", when the payload is too long.
BUTTON_REF_PREFIX = "b:"
_TOKEN = re.compile(r"b:([1-9][0-9]{0,2})")
# Buttons whose titles are this short share a row; longer ones get a row each, so that
# a translated title is never cut off on a narrow phone.
SHORT_TITLE = 14
MAX_PER_ROW = 3


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Parts of at most `limit`, cut between lines where possible, else between words."""
    if utf16_len(text) <= limit:
        return [text] if text.strip() else []
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        for piece in _fit(line, limit):
            if current and utf16_len(current) + utf16_len(piece) > limit:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    # Telegram refuses an empty message; the line breaks at a cut carry no meaning.
    return [p.strip("\n") for p in parts if p.strip()]


def _fit(line: str, limit: int) -> Iterator[str]:
    """The line itself if it fits, else runs of words (and of characters for a giant word)."""
    if utf16_len(line) <= limit:
        yield line
        return
    run = ""
    for word in re.split(r"(?<=\s)(?=\S)", line):
        if utf16_len(word) > limit:
            if run:
                yield run
                run = ""
            yield from _hard_cut(word, limit)
        elif utf16_len(run) + utf16_len(word) > limit:
            yield run
            run = word
        else:
            run += word
    if run:
        yield run


def _hard_cut(word: str, limit: int) -> Iterator[str]:
    chunk = ""
    for char in word:  # code points: a surrogate pair is never cut in two
        if utf16_len(chunk) + utf16_len(char) > limit:
            yield chunk
            chunk = ""
        chunk += char
    if chunk:
        yield chunk


def callback_data(payload: str, index: int) -> str:
    """The payload itself when Telegram can carry it, else the token of button `index` (1-based)."""
    encoded = payload.encode("utf-8")
    if payload and len(encoded) <= CALLBACK_DATA_LIMIT and not _TOKEN.fullmatch(payload):
        return payload
    return f"{BUTTON_REF_PREFIX}{index}"


def button_token_index(data: str) -> int | None:
    """The button number a token like "b:3" stands for; None for anything else."""
    match = _TOKEN.fullmatch(data)
    return int(match.group(1)) if match else None


def button_title(button: dict[str, Any]) -> str:
    return str(button.get("title") or button.get("payload") or "").strip() or "…"


def inline_keyboard(buttons: Sequence[dict[str, Any]]) -> InlineKeyboardMarkup:
    """Rasa's buttons as an inline keyboard; a button with a "url" opens the link."""
    keys: list[InlineKeyboardButton] = []
    for index, button in enumerate(buttons, start=1):
        title = button_title(button)
        url = button.get("url")
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            keys.append(InlineKeyboardButton(title, url=url))
        else:
            keys.append(
                InlineKeyboardButton(
                    title, callback_data=callback_data(str(button.get("payload") or ""), index)
                )
            )
    return InlineKeyboardMarkup(_rows(keys))


def _rows(keys: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    if not all(utf16_len(k.text) <= SHORT_TITLE for k in keys):
        return [[k] for k in keys]
    width = 2 if len(keys) == 4 else MAX_PER_ROW
    return [keys[i : i + width] for i in range(0, len(keys), width)]


def contact_keyboard(language: str | None) -> ReplyKeyboardMarkup:
    """One button under the input field that sends her own number (Telegram asks her first)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(notice("share_phone", language), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def response_language(kwargs: dict[str, Any]) -> str | None:
    """The language of a rendered domain response, read from its variation's condition.

    Responses vary on the `language` slot; the English default has no condition. So the
    condition tells the language of the very text being sent, even in the turn where the
    language changed (the stored conversation still has the old one).
    """
    for condition in kwargs.get("condition") or []:
        if isinstance(condition, dict) and condition.get("name") == "language" and condition.get("value"):
            return str(condition["value"])
    return None
