"""Which channels the Rasa server opens: those whose credentials are in the environment.

credentials.yml lists every channel with `${VAR}` placeholders. Rasa expands them at
start-up and refuses to start when one is unset, so the file handed to Rasa is derived
from it: a channel whose required variables are all set is kept (placeholders stay
placeholders: no secret is written to disk), a line marked `# optional` whose variable is
unset is dropped (the channel's default applies), and a channel missing a required
variable is left out with a line saying which variable enables it.

Standard library only, like tools/system.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+)\}")


@dataclass
class Channel:
    name: str  # the dotted class path, as credentials.yml lists it
    lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return not self.missing


def _blocks(text: str) -> list[Channel]:
    channels: list[Channel] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            channels.append(Channel(name=line.split(":", 1)[0].strip(), lines=[line]))
        elif channels:
            channels[-1].lines.append(line)
    return channels


def resolve(text: str, env: Mapping[str, str]) -> list[Channel]:
    """The channels of a credentials.yml text, each with the lines Rasa should get."""
    channels = _blocks(text)
    for channel in channels:
        kept = channel.lines[:1]
        for line in channel.lines[1:]:
            names = PLACEHOLDER.findall(line)
            unset = [n for n in names if not env.get(n)]
            if not unset:
                kept.append(line)
            elif "# optional" not in line:
                channel.missing += unset
        channel.lines = kept
    return channels


def render(channels: list[Channel]) -> str:
    out = ["# Generated from credentials.yml: channels whose variables are set."]
    for channel in channels:
        if channel.enabled:
            out += channel.lines
    return "\n".join(out) + "\n"


def write_credentials(source: Path, target: Path, env: Mapping[str, str] | None = None) -> list[Channel]:
    """Write the credentials file for Rasa; returns every channel with its state."""
    channels = resolve(source.read_text(encoding="utf-8"), os.environ if env is None else env)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(channels), encoding="utf-8")
    return channels


def describe(channels: list[Channel]) -> list[str]:
    """One line per channel for the start-up log."""
    lines = []
    for channel in channels:
        short = channel.name.rsplit(".", 1)[-1]
        if channel.enabled:
            lines.append(f"channel {short}: on")
        else:
            lines.append(f"channel {short}: off (set {', '.join(sorted(set(channel.missing)))} to enable)")
    return lines
