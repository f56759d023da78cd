"""Translations of the bot's responses, one file per language, and the domain built from them.

`domain/` holds every response in English, the unconditioned default. `locales/<code>.yml`
holds the same response names in one other language:

    language: fr
    responses:
      utter_greet:
        - text: "Bonjour ! ..."
          buttons:
            - title: "Trouver un emploi"
              payload: "/search_vacancies"

A translator works on one file and never touches dialogue logic. `build()` writes the
domain Rasa trains on (`var/build/domain/`): each response keeps its English variants
and gains one variant per language with the condition `language == <code>` (Rasa picks
a matching conditioned variant before the default). A response a language lacks falls
back to English, and `check()` reports it.

`check()` also guards what a translation must not change: the `{placeholders}` the
actions fill in, and the button payloads (the SMS and Telegram renderers map replies
back to them).

    python -m tools.locales check   # coverage and problems per language; exit 1 on problems
    python -m tools.locales build   # write var/build/domain/
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_DIR = ROOT / "domain"
LOCALES_DIR = ROOT / "locales"
BUILD_DIR = ROOT / "var" / "build" / "domain"
LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Variant = dict[str, Any]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    return data


def _language_of(variant: Mapping[str, Any]) -> str | None:
    for cond in variant.get("condition") or []:
        if cond.get("type") == "slot" and cond.get("name") == "language":
            return str(cond.get("value"))
    return None


def english_responses(domain_dir: Path = DOMAIN_DIR) -> dict[str, list[Variant]]:
    """Every response's English variants: unconditioned, or conditioned on language en."""
    found: dict[str, list[Variant]] = {}
    for path in sorted(domain_dir.glob("*.yml")):
        for name, variants in (_load(path).get("responses") or {}).items():
            english = [v for v in variants if _language_of(v) in (None, "en")]
            found[name] = [v for v in english if _language_of(v) is None] or english
    return found


def load_locale(code: str, locales_dir: Path = LOCALES_DIR) -> dict[str, list[Variant]]:
    path = locales_dir / f"{code}.yml"
    if not path.is_file():
        return {}
    data = _load(path)
    if data.get("language") != code:
        raise ValueError(f"{path.name}: 'language' must be {code!r}, found {data.get('language')!r}")
    responses = data.get("responses") or {}
    for name, variants in responses.items():
        if not isinstance(variants, list) or not variants or not all(isinstance(v, dict) for v in variants):
            raise ValueError(f"{path.name}: {name} must be a non-empty list of variants")
    return responses


def _placeholders(variants: Iterable[Variant]) -> set[str]:
    names: set[str] = set()
    for variant in variants:
        names |= set(PLACEHOLDER.findall(str(variant.get("text") or "")))
    return names


def _payloads(variant: Variant) -> list[str]:
    return [str(b.get("payload")) for b in variant.get("buttons") or []]


def check(code: str, domain_dir: Path = DOMAIN_DIR, locales_dir: Path = LOCALES_DIR) -> tuple[int, list[str]]:
    """(number of responses translated, problems) for one language."""
    english = english_responses(domain_dir)
    translated = load_locale(code, locales_dir)
    problems: list[str] = []
    for name in sorted(set(translated) - set(english)):
        problems.append(f"{code}: {name} is not a response of the domain")
    for name in sorted(set(english) - set(translated)):
        problems.append(f"{code}: {name} is missing (English is used)")
    for name in sorted(set(english) & set(translated)):
        theirs, ours = english[name], translated[name]
        missing = _placeholders(theirs) - _placeholders(ours)
        extra = _placeholders(ours) - _placeholders(theirs)
        if missing or extra:
            problems.append(
                f"{code}: {name} placeholders differ (missing {sorted(missing)}, unknown {sorted(extra)})"
            )
        english_payloads = {tuple(_payloads(v)) for v in theirs}
        for variant in ours:
            if not str(variant.get("text") or "").strip():
                problems.append(f"{code}: {name} has a variant without text")
            if tuple(_payloads(variant)) not in english_payloads:
                problems.append(f"{code}: {name} buttons differ from English: {_payloads(variant)}")
            if any(not str(b.get("title") or "").strip() for b in variant.get("buttons") or []):
                problems.append(f"{code}: {name} has a button without a title")
            if "condition" in variant:
                problems.append(f"{code}: {name} must not set a condition (the build adds it)")
    return len(set(english) & set(translated)), problems


def _conditioned(variant: Variant, code: str) -> Variant:
    return {"condition": [{"type": "slot", "name": "language", "value": code}], **variant}


def build(out_dir: Path = BUILD_DIR, domain_dir: Path = DOMAIN_DIR, locales_dir: Path = LOCALES_DIR) -> Path:
    """Write the domain with every language's variants; returns the folder."""
    locales = {code: load_locale(code, locales_dir) for code in LANGUAGES if code != "en"}
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for path in sorted(domain_dir.glob("*.yml")):
        data = _load(path)
        for name, variants in (data.get("responses") or {}).items():
            have = {_language_of(v) for v in variants}
            for code, responses in locales.items():
                if code in have or name not in responses:
                    continue
                conditioned = [_conditioned(v, code) for v in responses[name]]
                variants[0:0] = conditioned
        text = f"# Built by tools.locales from domain/{path.name} and locales/: edit those, not this.\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (out_dir / path.name).write_text(text, encoding="utf-8")
    return out_dir


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["check", "build"])
    args = parser.parse_args()
    if args.command == "build":
        print(f"[pes] domain with translations written to {build().relative_to(ROOT)}")
        return 0
    total = len(english_responses())
    failed = False
    for code in LANGUAGES[1:]:
        count, problems = check(code)
        print(f"{code}: {count}/{total} responses translated, {len(problems)} problems")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
