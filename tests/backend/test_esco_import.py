"""The ESCO import: counts, no duplicates on re-import, demo rows replaced.

How long the import takes is measured by the benchmark (make bench), not asserted here:
a timing assertion fails on a busy machine and says nothing about behaviour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select

from backend.core.db import make_engine, session_factory
from backend.occupations.esco_import import import_esco
from backend.occupations.models import IscoGroup, Occupation
from backend.occupations.seed import OCCUPATIONS


class EscoDatabase(Protocol):
    """What the esco_db fixture (conftest.py) provides."""

    url: str
    import_seconds: float
    summary: str


def test_import_loads_the_whole_classification(esco_db: EscoDatabase) -> None:
    # Demo seed rows carry real ESCO URIs, so the import updates them instead of adding.
    assert esco_db.summary.startswith(
        f"3007 occupations ({3007 - len(OCCUPATIONS)} new, {len(OCCUPATIONS)} updated)"
    )
    assert "619 ISCO groups" in esco_db.summary

    engine = make_engine(esco_db.url)
    try:
        with session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Occupation)) == 3007
            assert session.scalar(select(func.count(func.distinct(Occupation.uri)))) == 3007
            assert session.scalar(select(func.count()).select_from(IscoGroup)) == 619
            assert session.scalar(select(func.count()).where(Occupation.source == "seed")) == 0
            welder = session.scalar(select(Occupation).where(Occupation.label == "welder"))
            assert welder is not None and welder.isco_code == "7212" and welder.description
            assert all("\n" not in alt for alt in welder.alt_labels) and len(welder.alt_labels) > 3
    finally:
        engine.dispose()


def test_reimport_changes_nothing(esco_db: EscoDatabase, esco_zip: Path) -> None:
    engine = make_engine(esco_db.url)
    try:
        with session_factory(engine).begin() as session:
            report = import_esco(session=session, path=esco_zip)
        assert (report.occupations, report.occupations_created, report.occupations_updated) == (3007, 0, 0)
        assert (report.isco_groups, report.isco_groups_created, report.isco_groups_updated) == (619, 0, 0)
        with session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Occupation)) == 3007
    finally:
        engine.dispose()


def test_the_zip_is_read_from_shared_not_the_repository(esco_zip: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    assert esco_zip.is_file() and repo not in esco_zip.resolve().parents
    # No copy of ESCO's files anywhere in the project's own folders.
    folders = [d for d in repo.iterdir() if d.is_dir() and not d.name.startswith(".")]
    patterns = ("occupations_en.csv", "esco-*.zip")
    copies = [f for d in folders for pattern in patterns for f in d.rglob(pattern)]
    assert copies == []
