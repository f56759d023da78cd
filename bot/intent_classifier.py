"""Rasa NLU intent classifier: a linear model over word and character n-grams.

Why not DIET: with six languages (about 22,000 short, misspelt training messages) DIET
needed most of the training time and still confused intents in the languages with
fewer examples. A linear support vector machine over TF-IDF word 1-2
grams, character 1-4 grams inside words and character 3-5 grams across word
boundaries learns in seconds. Spelling variants ("kazi", "kaz", "kazii"; "emploi",
"emplois", "emplwa") share most of their character n-grams, and the grams across
boundaries keep short phrases whose words are spelt together or apart ("jveux" /
"j veux", "sitaki" / "si taki", "la2 shokran") close. Measured on the held-out sets
(`make eval`, README) against DIET on the same data; the grams across boundaries added
1-2 points of macro-F1 in French, Spanish and Swahili. Entities come from the
CRFEntityExtractor (config.yml).

Text is normalised before both training and prediction: lower case, accents removed
(people type "inscripcion" as often as "inscripción"), the Arabic letters that are
spelt interchangeably folded (أ/إ/آ -> ا, ة -> ه, ى -> ي), tatweel dropped, and a
letter repeated three times or more shortened to two ("pleeeease" -> "pleease").

Confidences are the softmax of the SVM's scores times a temperature fitted on
out-of-fold scores (2 folds; the SVM kept is fitted on all examples), so they behave
like probabilities and the FallbackClassifier's threshold has a measured meaning. The
ranking lists the top intents.

config.yml:
    - name: bot.intent_classifier.LinearIntentClassifier
      C: 1.0
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.model_files import load_stored, source_fingerprint

logger = logging.getLogger(__name__)

MODEL_FILE = "intent_model.joblib"
_ARABIC_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_REPEATS = re.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    """The form both training and prediction see (see the module docstring)."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_ARABIC_FOLDS))
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_REPEATS.sub(r"\1\1", stripped).split())


class IntentModel:
    """The fitted features and SVM, and the temperature that turns scores into confidences."""

    def __init__(self, pipeline: Any, temperature: float) -> None:
        self._pipeline = pipeline
        self._temperature = temperature

    @classmethod
    def train(cls, texts: list[str], labels: list[str], config: dict[str, Any]) -> IntentModel:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.svm import LinearSVC

        def tfidf(analyzer: str, ngrams: str, min_df: int = 1) -> TfidfVectorizer:
            return TfidfVectorizer(
                analyzer=analyzer, ngram_range=tuple(config[ngrams]), sublinear_tf=True, min_df=min_df
            )

        # words; character n-grams inside words; character n-grams across word boundaries
        char_min_df = int(config["char_min_df"])
        features = FeatureUnion(
            [
                ("words", tfidf("word", "word_ngrams")),
                ("chars", tfidf("char_wb", "char_ngrams", char_min_df)),
                ("spans", tfidf("char", "span_ngrams", char_min_df)),
            ]
        )
        svm = LinearSVC(C=float(config["C"]), random_state=int(config["random_seed"]))
        pipeline = Pipeline([("features", features), ("svm", svm)])
        folds = int(config["temperature_folds"])
        texts, labels = _at_least(folds, texts, labels)
        cleaned, targets = [normalise(t) for t in texts], np.asarray(labels)
        # Scores of every example by a model that did not see it (k folds), to fit the
        # temperature; then the model that is kept learns from all examples. Shuffled:
        # the examples come grouped by file and language, and folds cut from that order
        # would hold out whole languages and make the model look less sure than it is.
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=int(config["random_seed"]))
        held_out = cross_val_predict(pipeline, cleaned, targets, cv=splits, method="decision_function")
        pipeline.fit(cleaned, targets)
        truth = np.searchsorted(pipeline.classes_, targets)
        return cls(pipeline, fit_temperature(held_out, truth))

    def rank(self, text: str, limit: int) -> list[tuple[str, float]]:
        from scipy.special import softmax

        scores = self._pipeline.decision_function([normalise(text)])[0]
        probabilities = softmax(scores * self._temperature)
        pairs = zip(self._pipeline.classes_, probabilities, strict=True)
        ranked = sorted(((str(name), float(p)) for name, p in pairs), key=lambda pair: -pair[1])
        return ranked[:limit]

    def save(self, path: Path) -> None:
        import joblib

        joblib.dump({"pipeline": self._pipeline, "temperature": self._temperature}, path)

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        import joblib

        stored = joblib.load(path)
        return cls(stored["pipeline"], float(stored["temperature"]))


def fit_temperature(scores: Any, truth: Any) -> float:
    """The factor t for which softmax(t * scores) best predicts the true intents
    (lowest negative log-likelihood): temperature scaling of the SVM's scores."""
    import numpy as np
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax

    rows = np.arange(len(truth))

    def loss(t: float) -> float:
        return float(-log_softmax(scores * t, axis=1)[rows, truth].mean())

    return float(minimize_scalar(loss, bounds=(0.05, 100.0), method="bounded").x)


def _at_least(count: int, texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    """Repeats the examples of intents that have fewer than `count` (trigger-only intents
    such as handoff_closed have one or two): the folds need one each."""
    by_intent: dict[str, list[str]] = {}
    for text, label in zip(texts, labels, strict=True):
        by_intent.setdefault(label, []).append(text)
    extra_texts, extra_labels = list(texts), list(labels)
    for label, examples in by_intent.items():
        for index in range(len(examples), count):
            extra_texts.append(examples[index % len(examples)])
            extra_labels.append(label)
    return extra_texts, extra_labels


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 1.0,
            "word_ngrams": [1, 2],
            "char_ngrams": [1, 4],
            "span_ngrams": [3, 5],
            "char_min_df": 2,
            "temperature_folds": 2,
            "ranking_length": 10,
            "random_seed": 7,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "scipy", "joblib"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return source_fingerprint(Path(__file__))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        model = load_stored(model_storage, resource, MODEL_FILE, IntentModel.load)
        if model is None:
            logger.warning("No intent model in this Rasa model: every message gets no intent.")
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        texts: list[str] = []
        labels: list[str] = []
        for message in training_data.intent_examples:
            text, intent = message.get(TEXT), message.get(INTENT)
            if text and intent:
                texts.append(str(text))
                labels.append(str(intent))
        if len(set(labels)) < 2:
            logger.warning("Intent classifier not trained: it needs examples of two intents at least.")
            return self._resource
        self._model = IntentModel.train(texts, labels, self._config)
        with self._storage.write_to(self._resource) as directory:
            self._model.save(Path(directory) / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if self._model is None or not text:
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            ranking = self._model.rank(str(text), int(self._config["ranking_length"]))
            best_name, best_confidence = ranking[0]
            message.set(INTENT, {"name": best_name, "confidence": best_confidence}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": name, "confidence": confidence} for name, confidence in ranking],
                add_to_output=True,
            )
        return messages
