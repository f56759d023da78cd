"""Train the Rasa model only when its inputs changed since the last model.

The model is named after a hash of config.yml, domain/, data/ and bot/ (the custom NLU
components), so an unchanged project reuses models/pes-<hash>.tar.gz at once.
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

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("config.yml", "domain", "data", "bot")


def fingerprint(config: str = "config.yml") -> str:
    digest = hashlib.sha256()
    paths: list[Path] = []
    for item in INPUTS:
        path = ROOT / (config if item == "config.yml" else item)
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in paths:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_path(config: str = "config.yml") -> Path:
    stem = Path(config).stem.replace("config", "pes") if config != "config.yml" else "pes"
    return ROOT / "models" / f"{stem}-{fingerprint(config)}.tar.gz"


def train(config: str = "config.yml", force: bool = False) -> Path:
    target = model_path(config)
    if target.exists() and not force:
        print(f"[pes] model up to date: {target.relative_to(ROOT)}", flush=True)
        return target
    print(f"[pes] training {target.name} (domain/, data/ or {config} changed)", flush=True)
    started = time.monotonic()
    subprocess.run(
        [
            str(ROOT / ".venv-rasa" / "bin" / "rasa"),
            "train",
            "--config",
            config,
            "--domain",
            "domain",
            "--data",
            "data",
            "--out",
            "models",
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
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
    args = parser.parse_args()
    if args.print_path:
        print(model_path(args.config))
        return 0
    train(args.config, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
