"""Imports every feature's models so that Base.metadata knows all tables."""

from __future__ import annotations

import importlib

from backend.main import FEATURES


def load_all() -> None:
    for name in FEATURES:
        try:
            importlib.import_module(f"{name}.models")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{name}.models", name):
                raise
