"""action_change_language: switch the conversation language on an explicit request.

The NLU's synonyms normally turn "kiswahili", "french", "português" into ISO 639-1
codes already; the action normalises again so a button payload, an unmapped spelling or
an older model still lands on the right code. It does not talk to the back-end.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


@dataclass(frozen=True)
class Language:
    code: str
    # The name in the language itself: it needs no translation in any answer.
    endonym: str
    # Answers exist in this language (domain response variants). Until translations
    # land, only English does, and the action says so honestly.
    translated: bool
    aliases: tuple[str, ...]


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", True, ("english", "kiingereza", "anglais", "ingles")),
    Language("fr", "Français", False, ("french", "francais", "kifaransa")),
    Language("es", "Español", False, ("spanish", "espanol", "castellano", "kihispania")),
    Language("pt", "Português", False, ("portuguese", "portugues", "kireno")),
    Language("sw", "Kiswahili", False, ("swahili", "kiswahili", "kisw")),
    Language("ar", "العربية", False, ("arabic", "arabe", "kiarabu", "العربية", "عربي")),
)
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}


def _fold(text: str) -> str:
    """Lowercase and strip accents, so "Português" and "portugues" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_language(value: str | None) -> Language | None:
    """Map a code or a language name (any case, with or without accents) to a Language."""
    if not value:
        return None
    folded = _fold(value)
    if folded in BY_CODE:
        return BY_CODE[folded]
    for lang in LANGUAGES:
        if folded == _fold(lang.endonym) or folded in (_fold(a) for a in lang.aliases):
            return lang
    return None


def requested_language(tracker: Tracker) -> str | None:
    """The `language` entity of the latest message, if the user named one."""
    for entity in tracker.latest_message.get("entities", []) or []:
        if entity.get("entity") == "language" and entity.get("value"):
            return str(entity["value"])
    return None


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = requested_language(tracker)
        if requested is None:
            dispatcher.utter_message(response="utter_language_choose")
            return []

        language = normalise_language(requested)
        if language is None:
            dispatcher.utter_message(response="utter_language_unknown", requested=requested)
            return []

        events: list[Any] = [SlotSet("language", language.code)]
        dispatcher.utter_message(response="utter_language_changed", language_name=language.endonym)
        if not language.translated:
            dispatcher.utter_message(
                response="utter_language_english_only_for_now", language_name=language.endonym
            )
        return events
