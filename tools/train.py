"""Train the Rasa model only when its inputs changed since the last model.

The model is named after a hash of config.yml, domain/, locales/, data/ and bot/ (the
custom NLU components), so an unchanged project reuses models/pes-<hash>.tar.gz at once.
Rasa trains on the domain that tools.locales builds from domain/ and locales/.
Each training's duration is appended to var/train-times.jsonl for `make bench`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from tools import locales

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("config.yml", "domain", "locales", "data", "bot")
# Training data of the other languages lives in data/nlu/<code>/ (English at the top).
LANGUAGE_FOLDERS = ("fr", "es", "pt", "sw", "ar")


def _in_language_folder(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return len(parts) > 2 and parts[:2] == ("data", "nlu") and parts[2] in LANGUAGE_FOLDERS


def inputs(english_only: bool = False, config: str = "config.yml") -> list[Path]:
    """The files a model is trained from (English only: no other language's data or locales)."""
    paths: list[Path] = []
    for item in INPUTS:
        if english_only and item == "locales":
            continue
        path = ROOT / (config if item == "config.yml" else item)
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            paths.append(path)
    if english_only:
        paths = [p for p in paths if not _in_language_folder(p)]
    return paths


def fingerprint(config: str = "config.yml", english_only: bool = False) -> str:
    digest = hashlib.sha256()
    for path in inputs(english_only, config):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_path(config: str = "config.yml", english_only: bool = False) -> Path:
    stem = Path(config).stem.replace("config", "pes") if config != "config.yml" else "pes"
    if english_only:
        stem += "-en"
    return ROOT / "models" / f"{stem}-{fingerprint(config, english_only)}.tar.gz"


def train(config: str = "config.yml", force: bool = False, english_only: bool = False) -> Path:
    """Trains (when needed) the model; `english_only` leaves the other languages out,
    the baseline `make bench` compares the six-language model with."""
    target = model_path(config, english_only)
    if target.exists() and not force:
        print(f"[pes] model up to date: {target.relative_to(ROOT)}", flush=True)
        return target
    print(f"[pes] training {target.name} (domain/, locales/, data/ or {config} changed)", flush=True)
    started = time.monotonic()
    if english_only:
        domain = locales.build(
            ROOT / "var" / "build" / "domain-en", locales_dir=ROOT / "var" / "build" / "no-locales"
        )
        data = [str(p.relative_to(ROOT)) for p in inputs(True, config) if p.parts[len(ROOT.parts)] == "data"]
    else:
        domain = locales.build()
        data = ["data"]
    subprocess.run(
        [
            str(ROOT / ".venv-rasa" / "bin" / "rasa"),
            "train",
            "--config",
            config,
            "--domain",
            str(domain.relative_to(ROOT)),
            "--data",
            *data,
            "--out",
            "models",
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
            # `make validate` runs Rasa's data validation (stricter, warnings fail).
            "--skip-validation",
        ],
        cwd=ROOT,
        check=True,
    )
    seconds = time.monotonic() - started
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "train-times.jsonl", "a") as fh:
        fh.write(json.dumps({"model": target.name, "config": config, "seconds": round(seconds, 1)}) + "\n")
    print(f"[pes] trained in {seconds:.0f} s", flush=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--print-path", action="store_true", help="print the model path only")
    parser.add_argument("--english-only", action="store_true", help="leave the other languages out")
    args = parser.parse_args()
    if args.print_path:
        print(model_path(args.config, args.english_only))
        return 0
    train(args.config, args.force, args.english_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
