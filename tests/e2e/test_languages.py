"""The started system in six languages: the bot answers in the user's language unasked,
stores what she says in the back-end, and does not flip language on a short reply.

A reply "is in" a language when it contains a fixed piece of that language's response
texts (locales/<code>.yml; domain/ for English): text between placeholders, at least
12 characters long, that no other language shares.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import Chat
from tools.locales import LANGUAGES, english_responses, load_locale

ROOT = Path(__file__).resolve().parents[2]


@cache
def fragments() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code in LANGUAGES:
        responses = english_responses() if code == "en" else load_locale(code)
        pieces: set[str] = set()
        for variants in responses.values():
            for variant in variants:
                for piece in re.split(r"\{[^}]*\}|\n", str(variant.get("text") or "")):
                    piece = piece.strip(" .,:;!?¿¡*-")
                    if len(piece) >= 12:
                        pieces.add(piece)
        found[code] = pieces
    shared = {p for code in found for p in found[code] if sum(p in found[c] for c in found) > 1}
    return {code: pieces - shared for code, pieces in found.items()}


def languages_of(reply: str) -> set[str]:
    return {code for code, pieces in fragments().items() if any(p in reply for p in pieces)}


SEARCHES = {
    "en": "i am looking for a job as a driver in mombasa",
    "fr": "bonjour je cherche un travail de chauffeur a mombasa",
    "es": "hola busco trabajo de chofer en mombasa",
    "pt": "ola estou procurando emprego de motorista em mombasa",
    "sw": "habari nataka kazi ya udereva mombasa",
    "ar": "السلام عليكم ابحث عن عمل سائق في مومباسا",
}


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_vacancy_search_is_answered_in_the_users_language(chat: Chat, code: str) -> None:
    reply = chat.say(SEARCHES[code])
    assert chat.slot("language") == code
    assert languages_of(reply) == {code}, reply


def test_a_short_reply_in_another_language_does_not_switch(chat: Chat) -> None:
    chat.say("habari nataka kazi ya udereva mombasa")
    assert chat.slot("language") == "sw"
    for short in ("ok", "merci", "thanks", "si"):
        chat.say(short)
        assert chat.slot("language") == "sw", short


def test_switching_language_midway_follows_the_user(chat: Chat) -> None:
    chat.say("hello, any cook jobs in nairobi?")
    assert chat.slot("language") == "en"
    chat.say("na verdade prefiro falar portugues")
    reply = chat.say("quero ver vagas de cozinheiro em nairobi por favor")
    assert chat.slot("language") == "pt"
    assert "pt" in languages_of(reply), reply


def test_asking_for_a_language_sets_it(chat: Chat) -> None:
    chat.say("hi")
    reply = chat.say("can you speak arabic")
    if chat.slot("language") != "ar":
        reply = chat.tap("العربية")
    assert chat.slot("language") == "ar"
    assert "ar" in languages_of(reply), reply


def tap_payload(chat: Chat, payload_part: str) -> str:
    for button in chat.buttons:
        if payload_part in str(button.get("payload")):
            return chat.say(str(button["payload"]))
    raise AssertionError(f"no button with {payload_part!r} among {[b.get('payload') for b in chat.buttons]}")


def test_registration_in_swahili_is_stored(chat: Chat, backend: httpx.Client) -> None:
    reply = chat.say("habari, nataka kujiandikisha tafadhali")
    assert chat.slot("language") == "sw"
    assert languages_of(reply) == {"sw"}, reply
    tap_payload(chat, "/affirm")  # consent
    chat.say("Halima Njeri")
    chat.say("12/05/2001")
    chat.say("0723 456 789")
    chat.say("Nakuru")
    tap_payload(chat, '"education":"3"')
    reply = chat.say("mpishi")
    if chat.buttons and "select" in str(chat.buttons[0].get("payload")):
        reply = chat.say(str(chat.buttons[0]["payload"]))
    chat.say("miaka 2")
    tap_payload(chat, '"item_id":"unemployed"')
    chat.say("03/2025")
    chat.say("ruka")  # gender: skip, in Swahili
    reply = chat.say("hapana")  # disability: no
    assert "Halima" in reply and languages_of(reply) == {"sw"}, reply
    reply = tap_payload(chat, "/affirm")  # submit
    assert re.search(r"PES-\d{4}-\d{6}", reply), reply
    assert languages_of(reply) == {"sw"}, reply

    record = backend.get("/jobseekers/lookup", params={"phone": "+254723456789"}).json()
    assert record["name"] == "Halima Njeri"
    assert record["date_of_birth"] == "2001-05-12"
    assert record["town"] == "Nakuru"
    assert record["status"] == "unemployed"
    assert record["status_since"].startswith("2025-03")
    assert record["experience_years"] == 2
    assert record["gender"] is None
    assert record["occupations"][0]["isco_code"].startswith("51")


def test_handoff_in_arabic_opens_an_escalation_in_arabic(chat: Chat, backend: httpx.Client) -> None:
    reply = chat.say("اريد التحدث مع موظف من فضلك")
    if chat.buttons and any("/affirm" in str(b.get("payload")) for b in chat.buttons):
        reply = tap_payload(chat, "/affirm")
    assert chat.slot("language") == "ar"
    assert "ar" in languages_of(reply), reply
    open_items = backend.get("/escalations", params={"status": "open"}).json()
    mine = [e for e in open_items if e["conversation_id"] == chat.sender]
    assert mine and mine[0]["language"] == "ar", open_items


def test_eligibility_in_french_answers_in_french(chat: Chat) -> None:
    reply = chat.say("bonjour, a quels programmes jai droit ?")
    assert chat.slot("language") == "fr"
    for answer in ["24", "/select", "8", "non", "non", "non", "non"]:
        if "fr" in languages_of(reply) and not chat.buttons and "?" not in reply:
            break
        tap = answer == "/select" and chat.buttons
        reply = tap_payload(chat, '"unemployed"') if tap else chat.say(answer)
    assert languages_of(reply) == {"fr"}, reply


def test_locale_fragments_tell_the_languages_apart() -> None:
    pieces = fragments()
    for code in LANGUAGES:
        assert len(pieces[code]) > 100, code
    assert yaml.safe_load((ROOT / "locales" / "sw.yml").read_text(encoding="utf-8"))["language"] == "sw"
