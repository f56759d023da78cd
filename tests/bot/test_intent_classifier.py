"""The linear intent classifier: normalisation, ranking, and the Rasa component.

The component test trains a small NLU model through Rasa's own graph (no neural parts,
a few seconds) and parses with it, so it checks what `POST /model/parse` returns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.model_training import train_nlu

from bot.intent_classifier import IntentModel, LinearIntentClassifier, fit_temperature, normalise


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("Inscripción", "inscripcion"),
        ("ÉCOLE  de   Cuisine", "ecole de cuisine"),
        ("أريد عملاً", "اريد عملا"),
        ("إلى المدرسة", "الي المدرسه"),
        ("plzzzzz heeeelp", "plzz heelp"),
        ("مـــرحبا", "مرحبا"),
        ("3ayez sho8l", "3ayez sho8l"),
    ],
)
def test_spelling_variants_are_folded_together(typed: str, seen: str) -> None:
    assert normalise(typed) == seen


EXAMPLES = {
    "greet": ["hello", "hi there", "bonjour", "salut", "mambo", "niaje", "hola", "oi"],
    "search_vacancies": [
        "i need a job",
        "any jobs in mombasa",
        "je cherche un emploi",
        "nataka kazi",
        "kuna kazi yoyote",
        "busco trabajo",
        "procuro emprego",
        "jobs for drivers",
    ],
    "human_handoff": [
        "talk to a person",
        "i want a human",
        "call me please",
        "parler a un conseiller",
        "nataka kuongea na mtu",
        "quiero hablar con alguien",
        "falar com atendente",
        "put me through to an agent",
    ],
}


@pytest.fixture(scope="module")
def model() -> IntentModel:
    texts = [text for examples in EXAMPLES.values() for text in examples]
    labels = [intent for intent, examples in EXAMPLES.items() for _ in examples]
    return IntentModel.train(texts, labels, LinearIntentClassifier.get_default_config())


def test_misspelt_and_accented_messages_find_their_intent(model: IntentModel) -> None:
    assert model.rank("Je cherche un emplói", 3)[0][0] == "search_vacancies"
    assert model.rank("NATAKA KAZIII", 3)[0][0] == "search_vacancies"
    assert model.rank("helloooo", 3)[0][0] == "greet"


def test_the_ranking_is_a_probability_distribution(model: IntentModel) -> None:
    ranking = model.rank("can i talk to a person", 10)
    assert ranking[0][0] == "human_handoff"
    assert len(ranking) == 3
    confidences = [p for _, p in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0, abs=1e-6)


def test_the_ranking_is_cut_to_the_configured_length(model: IntentModel) -> None:
    assert len(model.rank("hello", 2)) == 2


def test_the_model_survives_saving_and_loading(model: IntentModel, tmp_path: Path) -> None:
    model.save(tmp_path / "m.joblib")
    again = IntentModel.load(tmp_path / "m.joblib")
    assert again.rank("nataka kazi mombasa", 3) == model.rank("nataka kazi mombasa", 3)


def test_an_intent_with_a_single_example_still_trains(model: IntentModel) -> None:
    # Trigger-only intents (the inbox's handoff_closed) have one or two examples.
    texts = [t for examples in EXAMPLES.values() for t in examples] + ["handoff_closed"]
    labels = [i for i, examples in EXAMPLES.items() for _ in examples] + ["handoff_closed"]
    trained = IntentModel.train(texts, labels, LinearIntentClassifier.get_default_config())
    assert {name for name, _ in trained.rank("hello", 10)} == {*EXAMPLES, "handoff_closed"}


def test_the_temperature_follows_how_often_the_top_score_is_right() -> None:
    import numpy as np

    scores = np.array([[1.0, -1.0, -1.0], [-1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]] * 10)
    always_right = np.array([0, 1, 2] * 10)
    # The best score is right two times in three: confidences must stay lower.
    sometimes_wrong = np.array([0, 1, 0] * 10)
    sharp, soft = fit_temperature(scores, always_right), fit_temperature(scores, sometimes_wrong)
    assert sharp > soft > 0


CONFIG = """
recipe: default.v1
language: en
assistant_id: intent-test
pipeline:
  - name: WhitespaceTokenizer
  - name: bot.intent_classifier.LinearIntentClassifier
  - name: FallbackClassifier
    threshold: 0.3
policies: []
"""


def nlu_yaml() -> str:
    blocks = []
    for intent, examples in EXAMPLES.items():
        lines = "\n".join(f"    - {text}" for text in examples)
        blocks.append(f"- intent: {intent}\n  examples: |\n{lines}\n")
    return 'version: "3.1"\nnlu:\n' + "\n".join(blocks)


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Agent:
    workdir = tmp_path_factory.mktemp("intent_model")
    (workdir / "config.yml").write_text(CONFIG, encoding="utf-8")
    (workdir / "nlu.yml").write_text(nlu_yaml(), encoding="utf-8")
    model_path = train_nlu(
        config=str(workdir / "config.yml"),
        nlu_data=str(workdir / "nlu.yml"),
        output=str(workdir / "models"),
        fixed_model_name="intents",
    )
    assert model_path, "training the small model failed"
    return Agent.load(model_path)


async def test_parse_returns_the_intent_and_its_ranking(agent: Agent) -> None:
    parsed = await agent.parse_message("naomba kazi ya udereva")
    assert parsed["intent"]["name"] == "search_vacancies"
    assert 0.3 < parsed["intent"]["confidence"] <= 1.0
    names = [entry["name"] for entry in parsed["intent_ranking"]]
    assert names[0] == "search_vacancies"
    assert set(names) == set(EXAMPLES)


async def test_an_empty_message_gets_no_intent_rather_than_a_guess(agent: Agent) -> None:
    parsed = await agent.parse_message("")
    assert parsed["intent"]["name"] in (None, "nlu_fallback")
