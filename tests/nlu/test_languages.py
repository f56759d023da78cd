"""Intent quality and language identification in all six languages (held-out sets).

Uses the model in PES_TEST_MODEL (`make test-nlu` passes the trained one) and the same
evaluation as `make eval` (tools.nlu_eval), so the figures in reports/nlu_eval.md and
these thresholds speak of the same thing. Intent F1 and language identification are held
to the product's targets; entity F1 to the measured figures minus a margin for training
noise. Falling below one is a real regression.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools import nlu_eval

ROOT = Path(__file__).resolve().parents[2]

# Measured on the held-out sets with the model of config.yml (README, "Languages"):
# intent macro F1 en 0.998, fr 0.948, es 0.944, pt 0.974, sw 0.973, ar 0.941; entity F1
# en 0.913, fr 0.974, es 0.944, pt 0.962, sw 0.921, ar 0.883; language right (messages
# with a letter) en 1.000, fr 0.988, es 0.980, pt 0.983, sw 0.979, ar 0.983; on 1-4 word
# messages en 1.000, fr 0.964, es 0.975, pt 0.976, sw 0.970, ar 0.975. Intents and
# language are held to the product's targets (intent F1 0.93, language 97 % per message,
# 90 % on 1-4 words; the short-message bar is set higher, at 95 %, because it is met with
# room); entities keep a margin of a few messages for training noise.
MIN_INTENT_F1 = {"en": 0.95, "fr": 0.93, "es": 0.93, "pt": 0.93, "sw": 0.93, "ar": 0.93}
MIN_ENTITY_F1 = {"en": 0.87, "fr": 0.93, "es": 0.90, "pt": 0.92, "sw": 0.88, "ar": 0.85}
MIN_LANGUAGE_ACCURACY = {"en": 0.97, "fr": 0.97, "es": 0.97, "pt": 0.97, "sw": 0.97, "ar": 0.97}
MIN_SHORT_LANGUAGE_ACCURACY = {"en": 0.95, "fr": 0.95, "es": 0.95, "pt": 0.95, "sw": 0.95, "ar": 0.95}
MIN_CONVERSATION_ACCURACY = 0.93


@pytest.fixture(scope="module")
def evaluation() -> tuple[list[nlu_eval.LanguageReport], list[nlu_eval.Item]]:
    given = os.environ.get("PES_TEST_MODEL")
    if not given:
        pytest.skip("PES_TEST_MODEL is not set: `make test-nlu` trains the model and sets it")
    return nlu_eval.evaluate(Path(given))


@pytest.fixture(scope="module")
def by_language(
    evaluation: tuple[list[nlu_eval.LanguageReport], list[nlu_eval.Item]],
) -> dict[str, nlu_eval.LanguageReport]:
    return {r.language: r for r in evaluation[0]}


def test_every_language_has_a_held_out_set(by_language: dict[str, nlu_eval.LanguageReport]) -> None:
    assert set(by_language) == set(nlu_eval.LANGUAGES)
    for report in by_language.values():
        assert report.messages >= 150, f"{report.language}: only {report.messages} held-out messages"


@pytest.mark.parametrize("code", nlu_eval.LANGUAGES)
def test_intents_are_recognised_in_every_language(
    by_language: dict[str, nlu_eval.LanguageReport], code: str
) -> None:
    report = by_language[code]
    assert report.intent_f1 >= MIN_INTENT_F1[code], (
        f"{code}: macro F1 {report.intent_f1}; {report.errors[:15]}"
    )


@pytest.mark.parametrize("code", nlu_eval.LANGUAGES)
def test_entities_are_found_in_every_language(
    by_language: dict[str, nlu_eval.LanguageReport], code: str
) -> None:
    report = by_language[code]
    assert report.entity_mentions >= 30, f"{code}: only {report.entity_mentions} annotated entities"
    assert report.entity_f1 >= MIN_ENTITY_F1[code], (
        f"{code}: entity F1 {report.entity_f1} (precision {report.entity_precision}, "
        f"recall {report.entity_recall})"
    )


@pytest.mark.parametrize("code", nlu_eval.LANGUAGES)
def test_each_message_gets_its_language(by_language: dict[str, nlu_eval.LanguageReport], code: str) -> None:
    report = by_language[code]
    assert report.langid_ours >= MIN_LANGUAGE_ACCURACY[code], f"{code}: {report.langid_ours}"
    short = report.short_ours
    assert short >= MIN_SHORT_LANGUAGE_ACCURACY[code], f"{code} (1-4 words): {short}"


def test_the_identifier_beats_plain_langdetect(
    evaluation: tuple[list[nlu_eval.LanguageReport], list[nlu_eval.Item]],
) -> None:
    items = [i for i in evaluation[1] if i.has_letters]
    ours = sum(i.ours == i.language for i in items) / len(items)
    plain = sum(i.langdetect == i.language for i in items) / len(items)
    short = [i for i in items if 1 <= i.words <= 4]
    short_ours = sum(i.ours == i.language for i in short) / len(short)
    short_plain = sum(i.langdetect == i.language for i in short) / len(short)
    assert ours >= plain + 0.1, (ours, plain)
    assert short_ours >= short_plain + 0.2, (short_ours, short_plain)


@pytest.mark.parametrize("code", nlu_eval.LANGUAGES)
def test_conversations_stay_in_the_users_language(
    by_language: dict[str, nlu_eval.LanguageReport], code: str
) -> None:
    report = by_language[code]
    assert report.conversations_ours >= MIN_CONVERSATION_ACCURACY, f"{code}: {report.conversations_ours}"
