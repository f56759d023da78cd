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

from actions.identity import phone_events
from actions.pes_client import get_client
from actions.reg_fields import response_text


@dataclass(frozen=True)
class Language:
    code: str
    # The name in the language itself: it needs no translation in any answer.
    endonym: str
    aliases: tuple[str, ...]


LANGUAGES: tuple[Language, ...] = (
    Language(
        "en", "English", ("english", "kiingereza", "anglais", "ingles", "inglês", "الإنجليزية", "انجليزي")
    ),
    Language(
        "fr", "Français", ("french", "francais", "kifaransa", "frances", "francês", "الفرنسية", "فرنسي")
    ),
    Language(
        "es",
        "Español",
        ("spanish", "espanol", "castellano", "kihispania", "espagnol", "espanhol", "الإسبانية"),
    ),
    Language(
        "pt", "Português", ("portuguese", "portugues", "kireno", "portugais", "portugués", "البرتغالية")
    ),
    Language(
        "sw", "Kiswahili", ("swahili", "kiswahili", "kisw", "souahili", "suajili", "suaíli", "السواحلية")
    ),
    Language("ar", "العربية", ("arabic", "arabe", "kiarabu", "árabe", "العربية", "عربي")),
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


def babel_locale(code: str | None) -> str:
    """The Babel (CLDR) locale for a conversation language; English when unknown."""
    return code if code in BY_CODE else "en"


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
        # Said in the new language: a response named here would be rendered with the
        # slot as it was before this action's events apply, i.e. in the old language.
        text = response_text(domain, "utter_language_changed", language.code)
        dispatcher.utter_message(text=text.replace("{language_name}", language.endonym))
        return events


# How sure the NLU must be before the conversation follows a message into another
# language. A short reply ("ok", "sawa", "merci") never switches it.
SWITCH_NOW_WORDS = 4
SWITCH_NOW_CONFIDENCE = 0.9
CANDIDATE_WORDS = 2
CANDIDATE_CONFIDENCE = 0.6
FIRST_MESSAGE_CONFIDENCE = 0.6
NAME_SLOTS = ("reg_name",)


def _words(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalpha() for ch in w)])


def follow_language(
    current: str,
    candidate: str | None,
    parsed: dict[str, Any],
    first_message: bool,
) -> tuple[str, str | None]:
    """(conversation language, candidate) after one user message.

    `parsed` is the message's parse result: "language", "language_source" (script,
    model, hint, default) and "language_confidence". The language changes when:
    - the message is long and confident (SWITCH_NOW_*), or in Arabic script with words;
    - two consecutive messages of two or more words point to the same other language
      (the first one becomes the candidate);
    - it is the conversation's first message and the model is fairly sure.
    Hint and default guesses never change anything: they only repeat what is known.
    """
    code = str(parsed.get("language") or "")
    source = str(parsed.get("language_source") or "")
    confidence = float(parsed.get("language_confidence") or 0.0)
    text = str(parsed.get("text") or "")
    if code not in BY_CODE or source not in ("model", "script") or text.startswith("/"):
        return current, candidate
    if code == current:
        return current, None
    words = _words(text)
    if first_message and confidence >= FIRST_MESSAGE_CONFIDENCE:
        return code, None
    if source == "script" and words >= CANDIDATE_WORDS:
        return code, None
    if words >= SWITCH_NOW_WORDS and confidence >= SWITCH_NOW_CONFIDENCE:
        return code, None
    if words < CANDIDATE_WORDS:
        return current, candidate
    if confidence >= CANDIDATE_CONFIDENCE:
        return (code, None) if candidate == code else (current, code)
    # An unsure message of two or more words breaks a run of the candidate language.
    return current, None


class ActionTrackLanguage(Action):
    """Keeps the `language` slot on the conversation's language after every user message.

    Run by Rasa's slot extraction (custom mapping of the `language` slot), so the
    answer to the message that changed the language is already in the new one.
    """

    def name(self) -> str:
        return "action_track_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return self.language_events(tracker) + await phone_events(tracker, get_client())

    @staticmethod
    def language_events(tracker: Tracker) -> list[EventType]:
        parsed = tracker.latest_message or {}
        if (parsed.get("intent") or {}).get("name") == "change_language":
            return []
        # A name says nothing about the language its owner wants to be answered in.
        if tracker.get_slot("requested_slot") in NAME_SLOTS:
            return []
        current = str(tracker.get_slot("language") or "en")
        candidate = tracker.get_slot("language_candidate")
        user_turns = 0
        for event in reversed(tracker.events):
            if event.get("event") == "session_started":
                break
            user_turns += event.get("event") == "user"
        language, new_candidate = follow_language(current, candidate, parsed, first_message=user_turns <= 1)
        events: list[EventType] = []
        if language != current:
            events.append(SlotSet("language", language))
        if new_candidate != candidate:
            events.append(SlotSet("language_candidate", new_candidate))
        return events
