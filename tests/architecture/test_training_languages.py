"""Every NLU training example says which language it is in.

The language identifier in the NLU pipeline learns from the training examples, each
labelled by its intent block's metadata (`metadata: {language: sw}`); unlabelled
examples count as English. Examples of another language live in data/nlu/<code>/.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "data" / "nlu"
LANGUAGES = ("fr", "es", "pt", "sw", "ar")


def blocks(path: Path) -> list[dict]:
    return [
        b for b in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) if "intent" in b
    ]


def test_every_language_has_training_data() -> None:
    for code in LANGUAGES:
        files = sorted((NLU / code).glob("*.yml"))
        assert files, f"no training data in data/nlu/{code}/"
        count = sum(
            len([ln for ln in b["examples"].splitlines() if ln.strip()]) for f in files for b in blocks(f)
        )
        assert count >= 600, f"data/nlu/{code}/ has only {count} examples"


def test_intent_blocks_are_labelled_with_their_folder_language() -> None:
    for code in LANGUAGES:
        for path in sorted((NLU / code).glob("*.yml")):
            for block in blocks(path):
                label = (block.get("metadata") or {}).get("language")
                assert label == code, (
                    f"{path.relative_to(ROOT)}: intent {block['intent']} is labelled {label!r}"
                )


def test_english_files_are_english() -> None:
    for path in sorted(NLU.glob("*.yml")):
        for block in blocks(path):
            label = (block.get("metadata") or {}).get("language", "en")
            assert label == "en", f"{path.relative_to(ROOT)}: intent {block['intent']} is labelled {label!r}"


def test_no_subfolder_outside_the_supported_languages() -> None:
    folders = {p.name for p in NLU.iterdir() if p.is_dir()}
    assert folders <= set(LANGUAGES), sorted(folders - set(LANGUAGES))
