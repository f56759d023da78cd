"""Set-up tells a newcomer what is missing instead of failing obscurely."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    any(Path(p).exists() for p in ("/usr/bin/python3.10", "/usr/local/bin/python3.10")),
    reason="this machine has a system-wide Python 3.10, so it cannot be hidden from set-up",
)
def test_missing_python_310_is_named_with_what_to_install(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bootstrap.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "Python 3.10 was not found" in out.stderr
    assert "pyenv install 3.10" in out.stderr


def test_make_help_lists_the_two_main_commands() -> None:
    out = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "make run" in out.stdout and "make test" in out.stdout


def test_no_secret_values_in_the_channel_configuration() -> None:
    text = (ROOT / "credentials.yml").read_text() + (ROOT / "endpoints.yml").read_text()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if any(w in key.lower() for w in ("token", "secret", "password")) and value.strip():
            assert value.strip().startswith("${"), line
    assert os.environ.get("PES_API_TOKEN", "unset") not in text


def test_a_generated_token_starting_with_a_dash_still_reaches_rasa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # token_urlsafe() may start with "-": as a separate argument Rasa's parser reads it
    # as an unknown option and the server exits before it starts.
    from tools.system import System

    monkeypatch.setenv("RASA_AUTH_TOKEN", "-starts-with-a-dash-0123456789")
    command = System(model=tmp_path / "model.tar.gz", var_dir=tmp_path).rasa_command()
    assert "--auth-token=-starts-with-a-dash-0123456789" in command
    assert "-starts-with-a-dash-0123456789" not in command
