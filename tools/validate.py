"""`make validate`: `rasa data validate`, where every warning is an error except one.

Rasa warns about responses that no story or rule uses, but many of ours are uttered by
custom actions (`dispatcher.utter_message(response=...)`). Such a warning passes only
when the response name, or the literal prefix of an f-string that builds it
(`f"utter_vac_type_{kind}"`), appears in the code under actions/. Anything else fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tools import locales

ROOT = Path(__file__).resolve().parents[1]
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule")
WARNING = re.compile(r"(UserWarning|WARNING)")
# Rasa's importer merges the retrieval intent `faq` from the NLU data into the domain,
# which must declare it too (stories use it), and then reports the merge as a duplicate.
EXPECTED = ("The following duplicated intents have been found across multiple domain files: faq",)


def names_in_actions() -> tuple[set[str], set[str]]:
    """Response names the actions utter, and prefixes of names they build at run time.

    A prefix is the literal start of an f-string (`f"utter_vac_type_{kind}"`) or a
    literal ending in "_" (`"utter_reg_gender_" + value`). A name is also used when it
    is a literal plus a suffix literal of the same file (`name + "_many"`).
    """
    literals: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "actions").rglob("*.py"):
        text = path.read_text()
        found = set(re.findall(r"[\"'](utter_[A-Za-z0-9_/]+)[\"']", text))
        literals |= found
        prefixes |= {name for name in found if name.endswith("_")}
        prefixes |= set(re.findall(r"f[\"'](utter_[A-Za-z0-9_/]*)\{", text))
        suffixes = set(re.findall(r"[\"'](_[a-z0-9_]+)[\"']", text))
        literals |= {name + suffix for name in found for suffix in suffixes}
    return literals, prefixes


def main() -> int:
    out = subprocess.run(
        [
            str(ROOT / ".venv-rasa" / "bin" / "rasa"),
            "data",
            "validate",
            "--domain",
            str(locales.build().relative_to(ROOT)),
            "--data",
            "data",
            "--config",
            "config.yml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    literals, prefixes = names_in_actions()
    problems: list[str] = []
    for line in text.splitlines():
        match = UNUSED.search(line)
        if match:
            name = match.group(1)
            if name in literals or any(name.startswith(p) for p in prefixes):
                continue
            problems.append(f"response {name} is used by no story, rule or action")
        elif any(e in line for e in EXPECTED):
            continue
        elif WARNING.search(line) and "rasa.validator" not in line:
            problems.append(line.strip())
    if out.returncode != 0:
        print(text)
        print("rasa data validate failed")
        return 1
    for problem in problems:
        print(f"validate: {problem}")
    print(f"validate: {'FAILED' if problems else 'clean'} ({len(problems)} problems)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
