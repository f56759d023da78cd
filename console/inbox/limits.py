"""How long a staff reply may be on each channel.

SMS costs per segment and long concatenated messages arrive out of order on some phones,
so SMS replies stop at three segments (counted as the gateways count them: GSM 03.38,
or UTF-16 as soon as one character is outside it). Telegram refuses messages over 4096
UTF-16 code units; web chat and the REST channel take 4000 characters, like a transcript line.
"""

from __future__ import annotations

import smsutil

SMS_CHANNELS = frozenset({"africastalking", "twilio"})
MAX_SMS_SEGMENTS = 3
TELEGRAM_CHANNEL = "telegram"
TELEGRAM_MAX_UNITS = 4096
OTHER_MAX_CHARS = 4000


class ReplyTooLong(ValueError):
    """The reply does not fit the channel; the message says by how much."""


def sms_segments(text: str) -> int:
    return len(smsutil.split(text).parts)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_reply_length(channel: str, text: str) -> None:
    if channel in SMS_CHANNELS:
        segments = sms_segments(text)
        if segments > MAX_SMS_SEGMENTS:
            raise ReplyTooLong(
                f"this reply needs {segments} SMS segments; at most {MAX_SMS_SEGMENTS} are sent on "
                f"{channel}: shorten it or send it in two replies"
            )
    elif channel == TELEGRAM_CHANNEL:
        units = _utf16_units(text)
        if units > TELEGRAM_MAX_UNITS:
            raise ReplyTooLong(
                f"this reply is {units} characters long; Telegram takes at most {TELEGRAM_MAX_UNITS}"
            )
    elif len(text) > OTHER_MAX_CHARS:
        raise ReplyTooLong(
            f"this reply is {len(text)} characters long; at most {OTHER_MAX_CHARS} are sent on {channel}"
        )
