"""Language identification: the decision steps, the langdetect model, the Rasa component.

The last tests train a tiny NLU model (no neural parts, a few seconds) with the
component in its pipeline and parse through Rasa's own graph, so they check what
`POST /model/parse` shows: a top-level "language" key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.model_training import train_nlu
from rasa.shared.nlu.training_data.message import Message

from bot.language_detection import BlendedModel, LangdetectModel, LanguageIdentifier, NgramModel, Source
from bot.language_id import LanguageIdentifierComponent


class ExplodingModel:
    """A model that must not be consulted: proves a decision was taken before it."""

    def rank(self, text: str) -> list[tuple[str, float]]:
        raise AssertionError(f"the model was asked about {text!r}")


class FixedModel:
    """Answers a fixed ranking, e.g. one that includes languages we do not serve."""

    def __init__(self, ranking: list[tuple[str, float]]) -> None:
        self.ranking = ranking

    def rank(self, text: str) -> list[tuple[str, float]]:
        return self.ranking


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(model=LangdetectModel())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("i am looking for a job as a driver in mombasa", "en"),
        ("je cherche un travail de chauffeur à nairobi", "fr"),
        ("busco trabajo de cocinero en la ciudad", "es"),
        ("estou procurando emprego de motorista na cidade", "pt"),
        ("nataka kazi ya udereva mjini mombasa", "sw"),
        ("naomba msaada wa kujiandikisha tafadhali", "sw"),
        ("أبحث عن عمل سائق في المدينة", "ar"),
    ],
)
def test_full_sentences_get_their_language(identifier: LanguageIdentifier, text: str, code: str) -> None:
    assert identifier.identify(text).code == code


def test_arabic_script_is_decided_before_the_model() -> None:
    guess = LanguageIdentifier(model=ExplodingModel()).identify("مرحبا")
    assert (guess.code, guess.source) == ("ar", Source.SCRIPT)


@pytest.mark.parametrize("text", ["ok", "sawa", "si", "no", "👍", "2"])
def test_very_short_messages_follow_the_conversation_hint(text: str) -> None:
    identifier = LanguageIdentifier(model=ExplodingModel())
    guess = identifier.identify(text, hint="sw")
    assert (guess.code, guess.source) == ("sw", Source.HINT)


@pytest.mark.parametrize("hint", [None, "", "de", "klingon"])
def test_very_short_messages_without_a_usable_hint_fall_back_to_english(hint: str | None) -> None:
    guess = LanguageIdentifier(model=ExplodingModel()).identify("ok", hint=hint)
    assert (guess.code, guess.source) == ("en", Source.DEFAULT)


def test_a_longer_message_overrides_the_hint(identifier: LanguageIdentifier) -> None:
    guess = identifier.identify("bonjour je voudrais parler avec un conseiller", hint="sw")
    assert (guess.code, guess.source) == ("fr", Source.MODEL)


def test_button_payloads_carry_no_language() -> None:
    identifier = LanguageIdentifier(model=ExplodingModel())
    assert identifier.identify('/change_language{"language":"fr"}', hint="pt").code == "pt"
    assert identifier.identify("/greet").code == "en"


def test_only_supported_languages_are_answered() -> None:
    model = FixedModel([("so", 0.7), ("de", 0.2), ("sw", 0.1)])
    guess = LanguageIdentifier(model=model).identify("waxaan raadinayaa shaqo wanaagsan")
    assert guess.code == "sw"


def test_a_model_without_an_answer_falls_back() -> None:
    identifier = LanguageIdentifier(model=FixedModel([]))
    assert identifier.identify("12345 678 999 000", hint="fr").code == "fr"
    assert identifier.identify("12345 678 999 000").code == "en"


def test_digits_and_symbols_do_not_crash_the_real_model(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("+254 712 345 678 !!! ???").code == "en"


def test_the_answer_is_repeatable(identifier: LanguageIdentifier) -> None:
    text = "habari nataka kazi ya ujenzi"
    assert len({identifier.identify(text).code for _ in range(5)}) == 1


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="default language"):
        LanguageIdentifier(model=FixedModel([]), default_language="de")
    with pytest.raises(ValueError, match="no profile"):
        LangdetectModel(languages=("en", "xx"))


def make_component(**overrides: Any) -> LanguageIdentifierComponent:
    config = {**LanguageIdentifierComponent.get_default_config(), **overrides}
    storage = LocalModelStorage.create(Path("/nonexistent-unused"))
    context = ExecutionContext(GraphSchema({}), "test")
    return LanguageIdentifierComponent.create(config, storage, Resource("langid"), context)


def test_component_adds_language_to_the_output_properties() -> None:
    component = make_component()
    message = Message(data={"text": "je cherche un emploi de serveur", "metadata": {}})
    component.process([message])
    output = message.as_dict(only_output_properties=True)
    assert output["language"] == "fr"
    assert output["language_source"] == "model"


def test_component_reads_the_hint_from_message_metadata() -> None:
    component = make_component()
    message = Message(data={"text": "sawa", "metadata": {"language_hint": "sw"}})
    component.process([message])
    assert message.get("language") == "sw"
    no_metadata = Message(data={"text": "sawa"})
    component.process([no_metadata])
    assert no_metadata.get("language") == "en"


TINY_CONFIG = """
recipe: default.v1
language: en
assistant_id: langid-test
pipeline:
  - name: WhitespaceTokenizer
  - name: bot.language_id.LanguageIdentifierComponent
  - name: KeywordIntentClassifier
policies: []
"""

TINY_NLU = """
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - bonjour
- intent: search_vacancies
  examples: |
    - jobs
    - kazi
"""


@pytest.fixture(scope="module")
def tiny_agent(tmp_path_factory: pytest.TempPathFactory) -> Agent:
    workdir = tmp_path_factory.mktemp("langid_model")
    (workdir / "config.yml").write_text(TINY_CONFIG, encoding="utf-8")
    (workdir / "nlu.yml").write_text(TINY_NLU, encoding="utf-8")
    model_path = train_nlu(
        config=str(workdir / "config.yml"),
        nlu_data=str(workdir / "nlu.yml"),
        output=str(workdir / "models"),
        fixed_model_name="langid",
    )
    assert model_path, "training the tiny model failed"
    return Agent.load(model_path)


async def test_parse_result_has_a_top_level_language_key(tiny_agent: Agent) -> None:
    parsed = await tiny_agent.parse_message("bonjour, je cherche du travail à mombasa")
    assert parsed["language"] == "fr"
    assert parsed["intent"]["name"] == "greet"


async def test_parse_uses_the_channel_hint_for_short_messages(tiny_agent: Agent) -> None:
    assert tiny_agent.processor is not None
    parsed = await tiny_agent.processor.parse_message(
        UserMessage("kazi", sender_id="u1", metadata={"language_hint": "sw"})
    )
    assert parsed["language"] == "sw"
    assert parsed["intent"]["name"] == "search_vacancies"


SHORT_TRAINING = {
    "en": [
        "hello",
        "thanks a lot",
        "yes please",
        "find me a job",
        "i need work",
        "ok thanks",
        "good morning",
    ],
    "fr": ["bonjour", "merci beaucoup", "oui stp", "je cherche du travail", "slt", "merci", "bonne journee"],
    "sw": ["habari", "asante sana", "ndio", "nataka kazi", "sawa", "asante", "niaje msee"],
}


@pytest.fixture(scope="module")
def ngram() -> NgramModel:
    texts = [t for texts in SHORT_TRAINING.values() for t in texts]
    labels = [code for code, texts in SHORT_TRAINING.items() for _ in texts]
    return NgramModel.train(texts, labels)


def test_ngram_model_knows_the_short_words_it_was_trained_on(ngram: NgramModel) -> None:
    assert ngram.rank("asante")[0][0] == "sw"
    assert ngram.rank("merci")[0][0] == "fr"
    assert ngram.rank("thanks")[0][0] == "en"
    assert set(ngram.languages) == {"en", "fr", "sw"}
    assert ngram.rank("12345 !!!") == []


def test_ngram_model_survives_saving_and_loading(ngram: NgramModel, tmp_path: Path) -> None:
    ngram.save(tmp_path / "m.joblib")
    assert NgramModel.load(tmp_path / "m.joblib").rank("habari yako") == ngram.rank("habari yako")


def test_ngram_model_needs_two_languages() -> None:
    with pytest.raises(ValueError, match="two languages"):
        NgramModel.train(["hello", "hi"], ["en", "en"])


def test_short_messages_use_the_short_model_when_sure() -> None:
    identifier = LanguageIdentifier(
        model=ExplodingModel(), short_model=FixedModel([("fr", 0.93), ("en", 0.05)])
    )
    guess = identifier.identify("merci", hint="en")
    assert (guess.code, guess.source) == ("fr", Source.MODEL)


def test_an_ambiguous_short_message_keeps_the_conversation_language() -> None:
    # "ok" is plausible in every language: the hint decides.
    short = FixedModel([("en", 0.45), ("fr", 0.2), ("sw", 0.2), ("pt", 0.15)])
    identifier = LanguageIdentifier(model=ExplodingModel(), short_model=short)
    assert identifier.identify("ok", hint="sw").code == "sw"
    assert identifier.identify("ok").code == "en"
    unsure = LanguageIdentifier(model=ExplodingModel(), short_model=FixedModel([("fr", 0.3), ("es", 0.3)]))
    assert unsure.identify("taxi", hint="pt").source == Source.HINT


def test_blended_model_averages_by_weight() -> None:
    blend = BlendedModel([(FixedModel([("fr", 1.0)]), 0.75), (FixedModel([("es", 1.0)]), 0.25)])
    assert blend.rank("x") == [("fr", 0.75), ("es", 0.25)]
    assert BlendedModel([(FixedModel([]), 1.0)]).rank("x") == []


LABELLED_NLU = """
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello there
    - good morning
    - hi how are you
- intent: greet
  metadata:
    language: sw
  examples: |
    - habari yako
    - hujambo rafiki
    - mambo vipi
- intent: search_vacancies
  examples: |
    - i need a job
    - any work for me
- intent: search_vacancies
  metadata:
    language: sw
  examples: |
    - nataka kazi
    - kuna kazi yoyote
"""


async def test_the_component_trains_on_labelled_examples_and_persists(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_text(TINY_CONFIG, encoding="utf-8")
    (tmp_path / "nlu.yml").write_text(LABELLED_NLU, encoding="utf-8")
    model_path = train_nlu(
        config=str(tmp_path / "config.yml"),
        nlu_data=str(tmp_path / "nlu.yml"),
        output=str(tmp_path / "models"),
        fixed_model_name="labelled",
    )
    assert model_path
    agent = Agent.load(model_path)
    parsed = await agent.parse_message("mambo")
    # One word: langdetect alone would not be asked; the trained n-gram model answers.
    assert (parsed["language"], parsed["language_source"]) == ("sw", "model")
    assert 0.0 < parsed["language_confidence"] <= 1.0
