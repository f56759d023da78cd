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
from typing import Any, Protocol

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "pt", "sw", "ar")

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Word tokens for the n-gram model (scikit-learn's default drops one-letter words).
WORD_TOKENS = r"(?u)\b\w+\b"


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


class NgramModel:
    """Character and word n-grams of the project's own training messages, per language.

    langdetect's profiles come from Wikipedia prose; chat messages are short, misspelt
    and mixed ("nataka job ya driver"). This classifier learns from the messages the
    NLU is trained on (each labelled with its language), so it knows "sawa", "slt",
    "obg" and "3ayez". Probabilities come from a multinomial logistic regression.
    """

    def __init__(self, pipeline: Any) -> None:
        self._pipeline = pipeline

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], c: float = 20.0) -> NgramModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        if len(set(labels)) < 2:
            raise ValueError("an n-gram language model needs examples of at least two languages")
        features = FeatureUnion(
            [
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)),
                ("words", TfidfVectorizer(analyzer="word", token_pattern=WORD_TOKENS, sublinear_tf=True)),
            ]
        )
        pipeline = Pipeline([("features", features), ("classifier", LogisticRegression(C=c, max_iter=3000))])
        pipeline.fit([normalise(t) for t in texts], list(labels))
        return cls(pipeline)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(str(code) for code in self._pipeline.classes_)

    def rank(self, text: str) -> list[tuple[str, float]]:
        cleaned = normalise(text)
        if not _WORD.search(cleaned):
            return []
        probabilities = self._pipeline.predict_proba([cleaned])[0]
        ranking = [
            (str(code), float(p)) for code, p in zip(self._pipeline.classes_, probabilities, strict=True)
        ]
        return sorted(ranking, key=lambda pair: pair[1], reverse=True)

    def save(self, path: Path) -> None:
        import joblib

        joblib.dump(self._pipeline, path)

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        import joblib

        return cls(joblib.load(path))


@dataclass
class BlendedModel:
    """A weighted average of several models' probabilities (weights need not sum to 1)."""

    parts: Sequence[tuple[LanguageModel, float]]

    def rank(self, text: str) -> list[tuple[str, float]]:
        scores: dict[str, float] = {}
        total = 0.0
        for model, weight in self.parts:
            ranking = model.rank(text)
            if not ranking:
                continue
            total += weight
            for code, prob in ranking:
                scores[code] = scores.get(code, 0.0) + weight * prob
        if total == 0.0:
            return []
        return sorted(
            ((code, score / total) for code, score in scores.items()), key=lambda p: p[1], reverse=True
        )


def normalise(text: str) -> str:
    """Lower case; URLs, e-mail addresses and bare numbers removed (they say nothing of the
    language). Digits inside words stay: Arabizi writes letters with them ("3ayez")."""
    text = re.sub(r"https?://\S+|\S+@\S+", " ", text.lower())
    return re.sub(r"\s+", " ", re.sub(r"(?<![^\W\d_])[0-9]+(?![^\W\d_])", " ", text)).strip()


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
    3. no letters at all ("2", "👍"): hint, else default;
    4. short messages (fewer than `min_words` words or `min_letters` letters, like
       "ok", "si", "sawa", "merci"): without a `short_model` (langdetect is right about
       half the time on them, at ~0.99 confidence), hint, else default. With one (the
       n-gram model trained on our own short messages): its answer when it is sure
       (>= `short_confidence`) and the hint is not a plausible reading; the hint when
       the model gives it at least `hint_floor`; else the model's answer when it is
       fairly sure (>= `short_fallback`); else hint, else default;
    5. longer messages: `model`'s best supported language.
    """

    model: LanguageModel
    short_model: LanguageModel | None = None
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    default_language: str = "en"
    min_words: int = 3
    min_letters: int = 4
    arabic_share: float = 0.5
    short_confidence: float = 0.8
    hint_floor: float = 0.15
    short_fallback: float = 0.4

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
        if letter_count(stripped) == 0:
            return self._fallback(hint)
        short = word_count(stripped) < self.min_words or letter_count(stripped) < self.min_letters
        model = self.short_model if short else self.model
        if model is None:
            return self._fallback(hint)
        ranking = [(code, prob) for code, prob in model.rank(stripped) if code in self.languages]
        best = self.best_supported(ranking)
        if best is None:
            return self._fallback(hint)
        if not short:
            return LanguageGuess(best[0], Source.MODEL, best[1])
        valid_hint = self._valid(hint)
        hint_prob = dict(ranking).get(valid_hint or "", 0.0)
        if best[1] >= self.short_confidence and (valid_hint is None or hint_prob < self.hint_floor):
            return LanguageGuess(best[0], Source.MODEL, best[1])
        if valid_hint and hint_prob >= self.hint_floor:
            return LanguageGuess(valid_hint, Source.HINT, hint_prob)
        if best[1] >= self.short_fallback:
            return LanguageGuess(best[0], Source.MODEL, best[1])
        return self._fallback(hint)
