"""Rasa NLU component that tags every parsed message with its language.

It adds a top-level "language" key (ISO 639-1) to the parse result, so
`POST /model/parse` and the tracker's `latest_message` carry it, plus
"language_source" (script / model / hint / default) and "language_confidence", so
dialogue code can decide whether a guess is strong enough to switch the conversation
language.

Training: the component learns a character and word n-gram model from the NLU training
examples. An example's language is the `language` key of its intent block's metadata:

    - intent: greet
      metadata:
        language: sw
      examples: |
        - niaje

Examples without it count as `unlabelled_language`. Long messages are decided by a
blend of that model and langdetect (restricted to our languages); short ones by the
n-gram model alone, with the channel's hint (message metadata "language_hint": the
conversation's language, Telegram's language_code) deciding the ambiguous ones. The
decision logic lives in bot.language_detection; this class adapts it to Rasa's graph.

config.yml:
    - name: bot.language_id.LanguageIdentifierComponent
      languages: [en, fr, es, pt, sw, ar]
      default_language: en
      unlabelled_language: en
      ngram_weight: 0.7
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language_detection import (
    SUPPORTED_LANGUAGES,
    BlendedModel,
    LangdetectModel,
    LanguageIdentifier,
    LanguageModel,
    NgramModel,
)
from bot.model_files import load_stored, source_fingerprint

logger = logging.getLogger(__name__)

LANGUAGE_KEY = "language"
LANGUAGE_SOURCE_KEY = "language_source"
LANGUAGE_CONFIDENCE_KEY = "language_confidence"
HINT_METADATA_KEY = "language_hint"
MODEL_FILE = "ngram.joblib"


def example_language(message: Message, unlabelled: str) -> str:
    """The language a training example is labelled with (intent block metadata)."""
    metadata = message.get("metadata") or {}
    intent_meta = metadata.get("intent") if isinstance(metadata, dict) else None
    if isinstance(intent_meta, dict) and intent_meta.get("language"):
        return str(intent_meta["language"])
    return unlabelled


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class LanguageIdentifierComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "languages": list(SUPPORTED_LANGUAGES),
            "default_language": "en",
            "unlabelled_language": "en",
            # Share of the n-gram model in the blend for longer messages (the rest is
            # langdetect). Chosen by measurement: `make eval` reports both.
            "ngram_weight": 0.7,
            "min_words": 3,
            "min_letters": 4,
            "seed": 0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["langdetect", "sklearn", "joblib"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # A change to the n-gram model's code must retrain it, not reuse Rasa's cache.
        return source_fingerprint(Path(__file__), Path(__file__).with_name("language_detection.py"))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        ngram: NgramModel | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._languages = tuple(str(code) for code in config["languages"])
        self._langdetect = LangdetectModel(self._languages, seed=int(config["seed"]))
        self._ngram = ngram
        self._identifier = self._build_identifier()

    def _build_identifier(self) -> LanguageIdentifier:
        model: LanguageModel = self._langdetect
        if self._ngram is not None:
            weight = float(self._config["ngram_weight"])
            model = BlendedModel([(self._ngram, weight), (self._langdetect, 1.0 - weight)])
        return LanguageIdentifier(
            model=model,
            short_model=self._ngram,
            languages=self._languages,
            default_language=str(self._config["default_language"]),
            min_words=int(self._config["min_words"]),
            min_letters=int(self._config["min_letters"]),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifierComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifierComponent:
        # None when training saw fewer than two languages and stored no n-gram model.
        ngram = load_stored(model_storage, resource, MODEL_FILE, NgramModel.load)
        return cls(config, model_storage, resource, ngram)

    def train(self, training_data: TrainingData) -> Resource:
        unlabelled = str(self._config["unlabelled_language"])
        texts: list[str] = []
        labels: list[str] = []
        for message in training_data.training_examples:
            text = message.get("text")
            if not text or str(text).startswith("/"):
                continue
            language = example_language(message, unlabelled)
            if language in self._languages:
                texts.append(str(text))
                labels.append(language)
        if len(set(labels)) < 2:
            logger.info("Language n-gram model not trained: examples of fewer than two languages.")
            return self._resource
        self._ngram = NgramModel.train(texts, labels)
        self._identifier = self._build_identifier()
        with self._storage.write_to(self._resource) as directory:
            self._ngram.save(Path(directory) / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.tag(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Nothing downstream reads the language at training time.
        return training_data

    def tag(self, message: Message) -> None:
        metadata = message.get("metadata") or {}
        hint = metadata.get(HINT_METADATA_KEY) if isinstance(metadata, dict) else None
        guess = self._identifier.identify(
            message.get("text") or "", hint=hint if isinstance(hint, str) else None
        )
        message.set(LANGUAGE_KEY, guess.code, add_to_output=True)
        message.set(LANGUAGE_SOURCE_KEY, guess.source.value, add_to_output=True)
        message.set(LANGUAGE_CONFIDENCE_KEY, round(guess.confidence, 3), add_to_output=True)
