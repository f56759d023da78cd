"""Rasa NLU component that tags every parsed message with its language.

It adds a top-level "language" key (ISO 639-1) to the parse result, so
`POST /model/parse` and the tracker's `latest_message` carry it, plus
"language_source" (script / model / hint / default) so dialogue code can decide whether
a guess is strong enough to switch the conversation language.

The channel may pass the conversation's current language as message metadata
"language_hint"; it decides very short messages ("ok", "sawa") where a statistical
guess is noise. The decision logic lives in bot.language_detection; this class only
adapts it to Rasa's graph.

config.yml:
    - name: bot.language_id.LanguageIdentifierComponent
      languages: [en, fr, es, pt, sw, ar]
      default_language: en
      min_words: 2
      min_letters: 4
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language_detection import (
    SUPPORTED_LANGUAGES,
    LangdetectModel,
    LanguageIdentifier,
)

LANGUAGE_KEY = "language"
LANGUAGE_SOURCE_KEY = "language_source"
HINT_METADATA_KEY = "language_hint"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageIdentifierComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "languages": list(SUPPORTED_LANGUAGES),
            "default_language": "en",
            # Shorter messages are decided by the hint or the default (see
            # bot.language_detection.LanguageIdentifier for the measured reasons).
            "min_words": 2,
            "min_letters": 4,
            "seed": 0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["langdetect"]

    def __init__(self, config: dict[str, Any]) -> None:
        languages = tuple(str(code) for code in config["languages"])
        self._identifier = LanguageIdentifier(
            model=LangdetectModel(languages, seed=int(config["seed"])),
            languages=languages,
            default_language=str(config["default_language"]),
            min_words=int(config["min_words"]),
            min_letters=int(config["min_letters"]),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifierComponent:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.tag(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples need no language tag: nothing downstream reads it at
        # training time, and tagging ~1,500 examples would only slow training down.
        return training_data

    def tag(self, message: Message) -> None:
        metadata = message.get("metadata") or {}
        hint = metadata.get(HINT_METADATA_KEY) if isinstance(metadata, dict) else None
        guess = self._identifier.identify(message.get("text") or "", hint=hint)
        message.set(LANGUAGE_KEY, guess.code, add_to_output=True)
        message.set(LANGUAGE_SOURCE_KEY, guess.source.value, add_to_output=True)
