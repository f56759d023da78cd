"""Reading a component's fitted model back from a trained Rasa model, and telling Rasa's
training cache when the component's code changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

T = TypeVar("T")


def load_stored(
    model_storage: ModelStorage, resource: Resource, filename: str, load: Callable[[Path], T]
) -> T | None:
    """The file `filename` that training wrote for this component, read with `load`; None
    when training stored nothing (Rasa then has no directory for the component at all)."""
    try:
        with model_storage.read_from(resource) as directory:
            path = Path(directory) / filename
            return load(path) if path.is_file() else None
    except ValueError:
        return None


def source_fingerprint(*files: Path) -> str:
    """A digest of the component's source files. Rasa reuses a cached training result
    when the config and data are unchanged; with this in the fingerprint, a change to
    the code (features, stored format) retrains the component instead."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()
