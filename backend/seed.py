"""Demo data: every feature package's `seed.seed(session)`, in FEATURES order.

Each feature's seed is idempotent, so running this twice adds nothing the second time.
Order matters: towns before vacancies (regions), jobseekers before what refers to them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.main import FEATURES
from backend.models import load_all


def seeders() -> list[tuple[str, Callable[[Session], None]]]:
    load_all()
    found = []
    for name in FEATURES:
        try:
            module = importlib.import_module(f"{name}.seed")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{name}.seed", name):
                raise
            continue
        found.append((name, module.seed))
    return found


# Any constant shared by every seeding process; names the PostgreSQL advisory lock.
SEED_LOCK_KEY = 0x5E5D


def seed_all(session: Session) -> list[str]:
    """Runs every seed in one transaction (the caller commits); returns what ran."""
    if session.get_bind().dialect.name == "postgresql":
        # Two seeds at once (start-up script and a developer) would both find the
        # tables empty; the second then failed on a unique key. Taken in turn, the
        # second finds the first one's rows and only updates them. Released at commit.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
    ran = []
    for name, run in seeders():
        run(session)
        session.flush()
        ran.append(name)
    return ran
