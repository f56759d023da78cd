"""`make eval`: intent quality per language and language identification, as a report.

Runs in the Rasa environment against a trained model:

    .venv-rasa/bin/python -m tools.nlu_eval --model models/pes-<hash>.tar.gz --out reports

For every held-out set `tests/nlu/test_nlu_<code>.yml` (written apart from the training
data, never trained on) it parses each message through the model and reports:
- intent precision, recall and F1 per language (macro over the intents of that set),
  FAQ topic accuracy, and the misrecognised messages;
- entities (occupation, town, programme, ...): precision, recall and F1 of the
  (entity, normalised value) pairs annotated in the held-out messages;
- language identification per message (all messages, and those of 1-4 words) for the
  pipeline's identifier and for plain langdetect (all its 55 profiles, seeded) on the
  same messages;
- per conversation: the held-out messages of one language, in a fixed shuffled order,
  cut into conversations of six turns that start in English (the default). The
  assistant's conversation language is the sticky slot (actions.language); plain
  langdetect's is the language of each message. A conversation is right when, from its
  third turn on, the conversation language is the user's at every turn.

Writes `<out>/nlu_eval.md`, `<out>/nlu_eval.json` and two confusion-matrix images.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEST_DIR = ROOT / "tests" / "nlu"
LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")
CONVERSATION_TURNS = 6
ANNOTATED_ENTITIES = frozenset(
    {"occupation", "town", "programme", "language", "number", "employment_type", "field", "education"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Item:
    text: str
    intent: str  # base intent ("faq" for every FAQ topic)
    topic: str | None  # "faq/<topic>" for FAQ questions
    language: str
    predicted_intent: str = ""
    predicted_topic: str | None = None
    ours: str = ""
    langdetect: str = ""
    entities: frozenset[tuple[str, str]] = frozenset()
    predicted_entities: frozenset[tuple[str, str]] = frozenset()

    @property
    def has_letters(self) -> bool:
        """Dates and phone numbers ("23/04/2002", "0722 123 456") carry no language: the
        identifier gives them the conversation's (the channel's hint); they are left out
        of the language scores."""
        return any(ch.isalpha() for ch in self.text)

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass
class LanguageReport:
    language: str
    messages: int
    intent_precision: float
    intent_recall: float
    intent_f1: float
    faq_topic_accuracy: float | None
    entity_precision: float
    entity_recall: float
    entity_f1: float
    entity_mentions: int
    without_letters: int
    langid_ours: float
    langid_langdetect: float
    short_messages: int
    short_ours: float
    short_langdetect: float
    conversations: int
    conversations_ours: float
    conversations_langdetect: float
    errors: list[str] = field(default_factory=list)


def load_test_sets(languages: Sequence[str] = LANGUAGES) -> list[Item]:
    from rasa.shared.nlu.training_data.loading import load_data

    items: list[Item] = []
    for code in languages:
        path = TEST_DIR / f"test_nlu_{code}.yml"
        if not path.is_file():
            continue
        for message in load_data(str(path)).intent_examples:
            full = message.get("intent_response_key") or message.get("intent")
            intent = str(message.get("intent"))
            topic = str(full) if "/" in str(full) else None
            items.append(
                Item(
                    text=str(message.get("text")),
                    intent=intent,
                    topic=topic,
                    language=code,
                    entities=entity_pairs(message.get("entities")),
                )
            )
    return items


def entity_pairs(entities: Any) -> frozenset[tuple[str, str]]:
    """(entity, value) pairs, values lower-cased: "Mombasa" and "mombasa" are one town."""
    return frozenset((str(e["entity"]), str(e.get("value")).lower()) for e in entities or [])


async def parse_all(model: Path, items: list[Item]) -> dict[str, dict[str, Any]]:
    """Parses every message; returns the identifier's view of each (for the sticky slot)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    views: dict[str, dict[str, Any]] = {}
    for item in items:
        parsed = await agent.parse_message(item.text)
        views[item.text] = {
            k: parsed.get(k) for k in ("text", "language", "language_source", "language_confidence")
        }
        item.predicted_intent = str((parsed.get("intent") or {}).get("name"))
        item.ours = str(parsed.get("language"))
        # Only the entities the held-out sets annotate (not e.g. a phone number).
        item.predicted_entities = frozenset(
            pair for pair in entity_pairs(parsed.get("entities")) if pair[0] in ANNOTATED_ENTITIES
        )
        selector = (parsed.get("response_selector") or {}).get("faq") or {}
        item.predicted_topic = (selector.get("response") or {}).get("intent_response_key")
    return views


def plain_langdetect(items: list[Item]) -> None:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    for item in items:
        try:
            item.langdetect = detect(item.text)
        except LangDetectException:
            item.langdetect = "unknown"


def conversations(items: list[Item], seed: int = 7) -> list[list[Item]]:
    ordered = list(items)
    random.Random(seed).shuffle(ordered)
    return [
        ordered[i : i + CONVERSATION_TURNS]
        for i in range(0, len(ordered) - CONVERSATION_TURNS + 1, CONVERSATION_TURNS)
    ]


def conversation_right(turns: list[Item], parsed_by_text: dict[str, dict[str, Any]], sticky: bool) -> bool:
    from actions.language import follow_language

    current, candidate = "en", None
    for index, item in enumerate(turns):
        if sticky:
            current, candidate = follow_language(current, candidate, parsed_by_text[item.text], index == 0)
        else:
            current = item.langdetect
        if index >= 2 and current != item.language:
            return False
    return True


def share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def evaluate(model: Path, languages: Sequence[str] = LANGUAGES) -> tuple[list[LanguageReport], list[Item]]:
    from sklearn.metrics import precision_recall_fscore_support

    items = load_test_sets(languages)
    if not items:
        raise SystemExit("no held-out sets found under tests/nlu/")
    parsed_by_text = asyncio.run(parse_all(model, items))
    plain_langdetect(items)
    reports: list[LanguageReport] = []
    for code in languages:
        mine = [i for i in items if i.language == code]
        if not mine:
            continue
        labels = sorted({i.intent for i in mine})
        precision, recall, f1, _ = precision_recall_fscore_support(
            [i.intent for i in mine],
            [i.predicted_intent for i in mine],
            labels=labels,
            average="macro",
            zero_division=0,
        )
        faq = [i for i in mine if i.topic]
        found = sum(len(i.entities & i.predicted_entities) for i in mine)
        predicted = sum(len(i.predicted_entities) for i in mine)
        annotated = sum(len(i.entities) for i in mine)
        entity_precision, entity_recall = share(found, predicted), share(found, annotated)
        lettered = [i for i in mine if i.has_letters]
        short = [i for i in lettered if 1 <= i.words <= 4]
        convs = conversations(mine)
        reports.append(
            LanguageReport(
                language=code,
                messages=len(mine),
                intent_precision=round(float(precision), 4),
                intent_recall=round(float(recall), 4),
                intent_f1=round(float(f1), 4),
                faq_topic_accuracy=share(sum(i.predicted_topic == i.topic for i in faq), len(faq))
                if faq
                else None,
                entity_precision=entity_precision,
                entity_recall=entity_recall,
                entity_f1=round(2 * entity_precision * entity_recall / (entity_precision + entity_recall), 4)
                if entity_precision + entity_recall
                else 0.0,
                entity_mentions=annotated,
                without_letters=len(mine) - len(lettered),
                langid_ours=share(sum(i.ours == code for i in lettered), len(lettered)),
                langid_langdetect=share(sum(i.langdetect == code for i in lettered), len(lettered)),
                short_messages=len(short),
                short_ours=share(sum(i.ours == code for i in short), len(short)),
                short_langdetect=share(sum(i.langdetect == code for i in short), len(short)),
                conversations=len(convs),
                conversations_ours=share(
                    sum(conversation_right(c, parsed_by_text, True) for c in convs), len(convs)
                ),
                conversations_langdetect=share(
                    sum(conversation_right(c, parsed_by_text, False) for c in convs), len(convs)
                ),
                errors=[
                    f"{i.text!r}: {i.intent} -> {i.predicted_intent}"
                    for i in mine
                    if i.intent != i.predicted_intent
                ],
            )
        )
    return reports, items


def confusion_image(truth: list[str], predicted: list[str], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(truth) | set(predicted))
    matrix = confusion_matrix(truth, predicted, labels=labels, normalize="true")
    size = max(6.0, 0.32 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    if len(labels) <= 12:
        for (row, col), value in Counter(
            {(r, c): matrix[r][c] for r in range(len(labels)) for c in range(len(labels))}
        ).items():
            if value:
                ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(reports: list[LanguageReport], items: list[Item], model: Path) -> str:
    total = len(items)
    lettered = [i for i in items if i.has_letters]
    short = [i for i in lettered if 1 <= i.words <= 4]
    lines = [
        "# NLU evaluation",
        "",
        f"Model `{model.name}`; held-out sets `tests/nlu/test_nlu_<code>.yml` ({total} messages,",
        "never trained on).",
        "",
        "## Intents",
        "",
        "| language | messages | precision | recall | F1 (macro) | FAQ topic accuracy "
        "| entities | entity precision | entity recall | entity F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        faq = "-" if r.faq_topic_accuracy is None else f"{r.faq_topic_accuracy:.3f}"
        lines.append(
            f"| {r.language} | {r.messages} | {r.intent_precision:.3f} | {r.intent_recall:.3f} | "
            f"{r.intent_f1:.3f} | {faq} | {r.entity_mentions} | {r.entity_precision:.3f} | "
            f"{r.entity_recall:.3f} | {r.entity_f1:.3f} |"
        )
    lines += [
        "",
        "![intent confusion](intent_confusion.png)",
        "",
        "## Language identification",
        "",
        "Share of messages whose language is right: the NLU pipeline's identifier against plain",
        "langdetect (all 55 profiles, seeded) on the same messages. Messages without a letter",
        "(dates, phone numbers; counted under 'no letters') carry no language and are left out:",
        "in a conversation they get its language from the channel's hint.",
        "",
        "| language | with letters | no letters | ours | langdetect | 1-4 words | ours | langdetect "
        "| conversations | ours | langdetect |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        lines.append(
            f"| {r.language} | {r.messages - r.without_letters} | {r.without_letters} | "
            f"{r.langid_ours:.3f} | {r.langid_langdetect:.3f} | "
            f"{r.short_messages} | {r.short_ours:.3f} | {r.short_langdetect:.3f} | {r.conversations} | "
            f"{r.conversations_ours:.3f} | {r.conversations_langdetect:.3f} |"
        )
    lines.append(
        f"| all | {len(lettered)} | {total - len(lettered)} | "
        f"{share(sum(i.ours == i.language for i in lettered), len(lettered)):.3f} | "
        f"{share(sum(i.langdetect == i.language for i in lettered), len(lettered)):.3f} | {len(short)} | "
        f"{share(sum(i.ours == i.language for i in short), len(short)):.3f} | "
        f"{share(sum(i.langdetect == i.language for i in short), len(short)):.3f} | | | |"
    )
    lines += [
        "",
        "A conversation is six held-out turns of one language starting from English; it is right",
        "when the conversation language is the user's from the third turn on.",
        "",
        "![language confusion](language_confusion.png)",
        "",
        "## Misrecognised intents",
        "",
    ]
    for r in reports:
        lines.append(f"### {r.language} ({len(r.errors)})")
        lines.append("")
        lines += [f"- {e}" for e in r.errors] or ["- none"]
        lines.append("")
    wrong_language: dict[str, list[str]] = defaultdict(list)
    for i in lettered:
        if i.ours != i.language:
            wrong_language[i.language].append(f"{i.text!r} -> {i.ours}")
    lines += ["## Messages given the wrong language", ""]
    for code, texts in wrong_language.items():
        lines.append(f"- **{code}** ({len(texts)}): " + "; ".join(texts))
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--out", default=ROOT / "reports", type=Path)
    args = parser.parse_args(argv)
    reports, items = evaluate(args.model)
    args.out.mkdir(parents=True, exist_ok=True)
    confusion_image(
        [i.intent for i in items],
        [i.predicted_intent for i in items],
        args.out / "intent_confusion.png",
        "Intents, all languages",
    )
    confusion_image(
        [i.language for i in items],
        [i.ours for i in items],
        args.out / "language_confusion.png",
        "Language of each message",
    )
    (args.out / "nlu_eval.md").write_text(markdown(reports, items, args.model), encoding="utf-8")
    (args.out / "nlu_eval.json").write_text(
        json.dumps(
            {"model": args.model.name, "languages": [asdict(r) for r in reports]},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    for r in reports:
        print(
            f"{r.language}: intent F1 {r.intent_f1:.3f}  entity F1 {r.entity_f1:.3f}  "
            f"language ours {r.langid_ours:.3f} / langdetect "
            f"{r.langid_langdetect:.3f}  1-4 words ours {r.short_ours:.3f} / langdetect "
            f"{r.short_langdetect:.3f}  "
            f"conversations ours {r.conversations_ours:.3f} / langdetect {r.conversations_langdetect:.3f}"
        )
    print(f"report: {args.out / 'nlu_eval.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
