"""Reading programme rule files (YAML) into validated definitions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from backend.programmes.rules_schema import ProgrammeDefinition

RULES_DIR = Path(__file__).with_name("rules")


class RuleFileError(ValueError):
    """A rule file cannot be used; the message names the file and the problem."""


def load_file(path: Path) -> ProgrammeDefinition:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: expected a mapping with code, name, rules...")
    try:
        return ProgrammeDefinition.model_validate(data)
    except ValidationError as exc:
        raise RuleFileError(f"{path.name}: {exc}") from exc


def load_directory(directory: Path = RULES_DIR) -> list[ProgrammeDefinition]:
    definitions = [load_file(p) for p in sorted(directory.glob("*.yml"))]
    codes = [d.code for d in definitions]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RuleFileError(f"programme codes used by more than one file: {', '.join(duplicates)}")
    return definitions


def checksum(definition: ProgrammeDefinition) -> str:
    canonical = json.dumps(definition.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
