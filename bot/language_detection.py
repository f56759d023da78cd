"""Which of the assistant's languages a user message is written in.

Pure logic, no Rasa: `LanguageIdentifier.identify()` applies the decision steps and
asks a `LanguageModel` only when the text is long enough for a statistical guess to
mean something. The model is the seam: today langdetect restricted to our languages,
later a character n-gram classifier trained on our own data.

Why the steps: langdetect on one to three words is right about half the time and
still reports ~0.99 confidence (see RASA_NOTES.md), so a threshold does not help. For
short messages the conversation's own language (passed by the channel as a hint) is the
better guess, and English the honest fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "pt", "sw", "ar")

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class Source(str, Enum):
    """How the language was decided (kept in the parse result for later decisions)."""

    SCRIPT = "script"
    MODEL = "model"
    HINT = "hint"
    DEFAULT = "default"


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    source: Source
    # The model's probability for `code`; 1.0 for a script decision, 0.0 for hint/default.
    confidence: float


class LanguageModel(Protocol):
    """A statistical language model over the supported languages."""

    def rank(self, text: str) -> list[tuple[str, float]]:
        """(code, probability) pairs, best first; empty when it cannot tell."""
        ...


class LangdetectModel:
    """langdetect with only our language profiles loaded, seeded for repeatable answers.

    Loading only our profiles is a stronger restriction than filtering the answers of
    the full 55-language detector: the probability mass cannot leak to Somali or
    Indonesian for a Kiswahili message, it stays among the languages we serve.
    """

    def __init__(self, languages: Sequence[str] = SUPPORTED_LANGUAGES, seed: int = 0) -> None:
        # Imported here so the pure decision logic can be used without langdetect.
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        profiles_dir = Path(PROFILES_DIRECTORY)
        missing = [code for code in languages if not (profiles_dir / code).is_file()]
        if missing:
            raise ValueError(f"langdetect has no profile for: {', '.join(missing)}")
        self._factory = DetectorFactory()
        self._factory.load_json_profile(
            [(profiles_dir / code).read_text(encoding="utf-8") for code in languages]
        )
        self._factory.set_seed(seed)

    def rank(self, text: str) -> list[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._factory.create()
        detector.append(text)
        try:
            return [(item.lang, float(item.prob)) for item in detector.get_probabilities()]
        except LangDetectException:
            # No usable character n-grams (digits, emoji, punctuation only).
            return []


def arabic_script_share(text: str) -> float:
    """Share of letters in the text that are Arabic script (0.0 when there are no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _ARABIC_LETTER.match(ch)) / len(letters)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


@dataclass
class LanguageIdentifier:
    """Decides the language of one message.

    Steps, first match wins:
    1. button payloads ("/intent{...}") carry no language: hint, else default;
    2. mostly Arabic script: "ar" (no other supported language uses it);
    3. very short (fewer than `min_words` words or `min_letters` letters, like "ok",
       "si", "sawa"): the hint when valid, else the default;
    4. the model's best supported language; nothing usable: hint, else default.
    """

    model: LanguageModel
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    default_language: str = "en"
    min_words: int = 2
    min_letters: int = 4
    arabic_share: float = 0.5

    def __post_init__(self) -> None:
        if self.default_language not in self.languages:
            raise ValueError(f"default language {self.default_language!r} is not in {self.languages}")
        if self.min_words < 1:
            raise ValueError("min_words must be at least 1")

    def _valid(self, code: str | None) -> str | None:
        if not code:
            return None
        code = code.strip().lower()
        return code if code in self.languages else None

    def _fallback(self, hint: str | None) -> LanguageGuess:
        valid_hint = self._valid(hint)
        if valid_hint:
            return LanguageGuess(valid_hint, Source.HINT, 0.0)
        return LanguageGuess(self.default_language, Source.DEFAULT, 0.0)

    def best_supported(self, ranking: Iterable[tuple[str, float]]) -> tuple[str, float] | None:
        candidates = [(code, prob) for code, prob in ranking if code in self.languages]
        return max(candidates, key=lambda pair: pair[1]) if candidates else None

    def identify(self, text: str, hint: str | None = None) -> LanguageGuess:
        stripped = (text or "").strip()
        if not stripped or stripped.startswith("/"):
            return self._fallback(hint)
        if "ar" in self.languages and arabic_script_share(stripped) >= self.arabic_share:
            return LanguageGuess("ar", Source.SCRIPT, 1.0)
        if word_count(stripped) < self.min_words or letter_count(stripped) < self.min_letters:
            return self._fallback(hint)
        best = self.best_supported(self.model.rank(stripped))
        if best is None:
            return self._fallback(hint)
        return LanguageGuess(best[0], Source.MODEL, best[1])
