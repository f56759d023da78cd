"""A bot message as SMS: plain text, numbered options, GSM-7 where possible, a segment budget.

Every SMS segment is paid for, and one non-GSM character turns the whole message into
UCS-2 (70 characters instead of 160). So Latin text is made GSM-7-safe where the
meaning survives: typographic punctuation becomes ASCII, emoji go (feature phones
show them as boxes), and accented letters GSM-7 lacks (ê, ç, ã, ...) lose their accent;
those it has (é, è, à, ñ, ü, ...) stay. A message that needs UCS-2 anyway (Arabic) is
left as written, emoji aside.

Budget: a reply should fit in 2 segments. A longer one is split at line boundaries
(then at word boundaries, never inside a word) into several SMS of at most 2 segments,
except that a question and its numbered options stay together up to 3 segments: SMS
are not delivered in order, and options without their question make no sense.
Counting uses smsutil (GSM 03.38 with its two-unit extension characters; UTF-16 for
UCS-2, where a character outside the BMP takes two units). The messages of one bot turn
are joined into as few SMS as the budget allows (merge): each SMS costs a segment at least.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import smsutil

from connectors.sms import keywords

BUDGET_SEGMENTS = 2
LIST_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
MAX_SEGMENTS = 3

GSM7 = "gsm7"
UCS2 = "ucs2"

_GSM_CHARS = frozenset(smsutil.codecs.GSM_CHARSET)

# Characters GSM-7 lacks, with a plain equivalent that keeps the meaning.
_PLAIN = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "´": "'",
    "`": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "‹": "'",
    "›": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "•": "-",
    "·": "-",
    "…": "...",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "×": "x",
    "÷": "/",
    "™": "TM",
    "©": "(c)",
    "®": "(R)",
    "°": "o",
    "\t": " ",
}
_SPACES = frozenset(
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
# Invisible characters that only matter next to emoji (joiners, variation selectors, keycaps).
_EMOJI_GLUE = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def _is_emoji(char: str) -> bool:
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return True
    return code >= 0x2190 and unicodedata.category(char) == "So"


def strip_emoji(text: str) -> str:
    kept = "".join(c for c in text if not _is_emoji(c) and c not in _EMOJI_GLUE)
    # Emoji leave doubled spaces behind ("Great 👍 news").
    return re.sub(r"[ ]{2,}", " ", kept)


def _plain_char(char: str) -> str:
    if char in _GSM_CHARS:
        return char
    if char in _SPACES:
        return " "
    if char in _PLAIN:
        return _PLAIN[char]
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if bare and all(c in _GSM_CHARS for c in bare):
        return bare
    return char


def gsm_safe(text: str) -> str:
    """The text in GSM-7 if that keeps its meaning; otherwise as written, without emoji."""
    without_emoji = strip_emoji(text)
    plain = "".join(_plain_char(c) for c in without_emoji)
    return plain if is_gsm(plain) else without_emoji


def is_gsm(text: str) -> bool:
    return all(c in _GSM_CHARS for c in text)


@dataclass(frozen=True)
class Measure:
    encoding: str  # "gsm7" or "ucs2"
    segments: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)


def measure(text: str) -> Measure:
    """Encoding and number of segments of one SMS, as the network bills it."""
    result = smsutil.split(text)
    if result.encoding == "gsm0338":
        return Measure(GSM7, max(1, len(result.parts)), result.total_bytes)
    return Measure(UCS2, max(1, len(result.parts)), result.total_bytes // 2)


def segments(text: str) -> int:
    return measure(text).segments


# -- markup ---------------------------------------------------------------------------

_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_HTML_BREAK = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_BULLET = re.compile(r"^\s*[*+]\s+", re.MULTILINE)


def _same_address(title: str, url: str) -> bool:
    def bare(value: str) -> str:
        return re.sub(r"^(https?://)?(www\.)?", "", value.strip().lower()).rstrip("/")

    return bare(title) == bare(url)


def _link(title: str, url: str) -> str:
    # A link whose text is its address is there to be visited: keep the address.
    # Otherwise the words carry the meaning and the address is markup an SMS cannot show.
    return url if _same_address(title, url) else title


def plain_text(text: str) -> str:
    """Drop link and emphasis markup; one line per line, no blank lines (they cost characters)."""
    text = _MD_LINK.sub(lambda m: _link(m.group(1), m.group(2)), text)
    text = _HTML_LINK.sub(lambda m: _link(_HTML_TAG.sub("", m.group(2)), m.group(1)), text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text)
    text = _BOLD.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("- ", text)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# -- options --------------------------------------------------------------------------


def option_titles(message: dict[str, Any]) -> list[str]:
    """The titles of the buttons (or quick replies) a bot message offers."""
    offered = message.get("buttons") or message.get("quick_replies") or []
    titles = []
    for button in offered:
        if isinstance(button, dict):
            title = plain_text(str(button.get("title") or button.get("payload") or "")).replace("\n", " ")
            # A title numbered for a chat list ("1. Cook") would read "2. 1. Cook" here.
            titles.append(LIST_NUMBER.sub("", title) or title)
    return titles


def options_block(titles: list[str], language: str | None) -> str:
    if not titles:
        return ""
    lines = [f"{i}. {title}" for i, title in enumerate(titles, start=1)]
    lines.append(keywords.reply_hint(len(titles), language))
    return "\n".join(lines)


def message_body(message: dict[str, Any]) -> str:
    """The text of a bot message as Rasa hands it to an output channel (no options)."""
    parts = []
    if message.get("text"):
        parts.append(str(message["text"]))
    for element in message.get("elements") or []:
        if isinstance(element, dict):
            line = " - ".join(str(element[k]) for k in ("title", "subtitle") if element.get(k))
            if line:
                parts.append(line)
    custom = message.get("custom")
    if not parts and isinstance(custom, dict) and isinstance(custom.get("text"), str):
        parts.append(custom["text"])
    return plain_text("\n".join(parts))


# -- composition to the budget ------------------------------------------------------------


def _pack(pieces: Iterable[str], separator: str, limit: int) -> list[str]:
    """Join pieces greedily into chunks of at most `limit` segments."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if segments(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = piece
    if current:
        chunks.append(current)
    return chunks


def _cut_word(word: str, limit: int) -> list[str]:
    # Only a "word" longer than a whole SMS (a pasted token) is ever cut.
    pieces, current = [], ""
    for char in word:
        if current and segments(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def _split_line(line: str, limit: int) -> list[str]:
    if segments(line) <= limit:
        return [line]
    words: list[str] = []
    for word in line.split(" "):
        words.extend(_cut_word(word, limit) if segments(word) > limit else [word])
    return _pack(words, " ", limit)


def _split(text: str, limit: int) -> list[str]:
    lines = [piece for line in text.split("\n") for piece in _split_line(line, limit)]
    return _pack(lines, "\n", limit)


def compose(body: str, options: str = "") -> list[str]:
    """The SMS to send for one bot message, each within the budget (options within the hard max)."""
    body, options = gsm_safe(body), gsm_safe(options)
    whole = "\n".join(p for p in (body, options) if p)
    if not whole:
        return []
    if segments(whole) <= BUDGET_SEGMENTS:
        return [whole]
    if options and segments(whole) <= MAX_SEGMENTS:
        return [whole]
    if not options:
        return _split(whole, BUDGET_SEGMENTS)
    chunks = _split(body, BUDGET_SEGMENTS) if body else []
    if chunks and segments(f"{chunks[-1]}\n{options}") <= MAX_SEGMENTS:
        chunks[-1] = f"{chunks[-1]}\n{options}"
        return chunks
    return chunks + _split(options, MAX_SEGMENTS)


def merge(sms: list[str]) -> list[str]:
    """Join consecutive SMS of one bot turn while the result stays within the budget.

    "Thank you." and "What is your date of birth?" as two SMS cost two segments; as one,
    one. Joining never costs more: two SMS are at least two segments already.
    """
    merged: list[str] = []
    for text in sms:
        if merged and segments(f"{merged[-1]}\n{text}") <= BUDGET_SEGMENTS:
            merged[-1] = f"{merged[-1]}\n{text}"
        else:
            merged.append(text)
    return merged


def render_message(message: dict[str, Any], language: str | None) -> list[str]:
    """A bot message (as Rasa passes it to `send_response`) as the SMS to send."""
    return compose(message_body(message), options_block(option_titles(message), language))
