"""Translations of the responses (locales/) and the domain built from them (tools.locales)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools import locales

DOMAIN = """
version: "3.1"
responses:
  utter_hello:
    - text: "Hello {name}!"
      buttons:
        - title: "Find jobs"
          payload: "/search_vacancies"
  utter_bye:
    - condition:
        - type: slot
          name: language
          value: en
      text: "Bye"
    - text: "Bye"
"""


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    domain, locale = tmp_path / "domain", tmp_path / "locales"
    write(domain, "basics.yml", DOMAIN)
    return domain, locale


def test_a_complete_translation_has_no_problems_and_builds_conditioned_variants(
    dirs: tuple[Path, Path],
) -> None:
    domain, locale = dirs
    write(
        locale,
        "fr.yml",
        """
language: fr
responses:
  utter_hello:
    - text: "Bonjour {name} !"
      buttons:
        - title: "Trouver un emploi"
          payload: "/search_vacancies"
  utter_bye:
    - text: "Au revoir"
""",
    )
    assert locales.check("fr", domain, locale) == (2, [])
    out = locales.build(domain.parent / "built", domain, locale)
    built = yaml.safe_load((out / "basics.yml").read_text(encoding="utf-8"))["responses"]
    french = [v for v in built["utter_hello"] if v.get("condition")]
    assert french[0]["condition"] == [{"type": "slot", "name": "language", "value": "fr"}]
    assert french[0]["text"] == "Bonjour {name} !"
    # English stays the unconditioned default; languages without a file add nothing.
    assert [v["text"] for v in built["utter_hello"] if not v.get("condition")] == ["Hello {name}!"]
    assert len(built["utter_bye"]) == 3


def test_a_translation_may_not_change_placeholders_or_payloads(dirs: tuple[Path, Path]) -> None:
    domain, locale = dirs
    write(
        locale,
        "sw.yml",
        """
language: sw
responses:
  utter_hello:
    - text: "Habari {jina}!"
      buttons:
        - title: "Tafuta kazi"
          payload: "/tafuta_kazi"
  utter_unknown:
    - text: "?"
""",
    )
    count, problems = locales.check("sw", domain, locale)
    assert count == 1
    text = "\n".join(problems)
    assert "utter_hello placeholders differ (missing ['name'], unknown ['jina'])" in text
    assert "utter_hello buttons differ from English" in text
    assert "utter_unknown is not a response of the domain" in text
    assert "utter_bye is missing" in text


def test_a_locale_file_naming_another_language_is_refused(dirs: tuple[Path, Path]) -> None:
    domain, locale = dirs
    write(locale, "pt.yml", "language: es\nresponses: {}\n")
    with pytest.raises(ValueError, match="'language' must be 'pt'"):
        locales.check("pt", domain, locale)


@pytest.mark.parametrize("code", [c for c in locales.LANGUAGES if c != "en"])
def test_every_language_translates_every_response(code: str) -> None:
    assert (locales.LOCALES_DIR / f"{code}.yml").is_file(), f"locales/{code}.yml is missing"
    count, problems = locales.check(code)
    assert not problems, "\n".join(problems[:20])
    assert count == len(locales.english_responses())
