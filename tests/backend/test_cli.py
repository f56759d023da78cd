"""`python -m backend.cli`: migrate, seed twice without duplicates, and clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, inspect, select

from backend.core.db import make_engine, session_factory
from backend.jobseekers.models import Jobseeker
from backend.occupations.models import Occupation
from backend.towns.models import Town
from backend.vacancies.models import Vacancy

REPO_ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PES_API_TOKEN", "DATABASE_URL")}
    env["DATABASE_URL"] = url  # the CLI needs no API token
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Town, Occupation, Vacancy, Jobseeker)
            }
    finally:
        engine.dispose()


def test_migrate_then_seed_twice(db_url: str) -> None:
    done = cli("migrate", url=db_url)
    assert done.returncode == 0, done.stderr
    engine = make_engine(db_url)
    try:
        assert {"towns", "jobseekers", "occupations", "vacancies"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

    first = cli("seed", url=db_url)
    assert first.returncode == 0, first.stderr
    assert "towns" in first.stdout and "vacancies" in first.stdout
    after_first = counts(db_url)
    assert after_first["towns"] >= 12 and after_first["vacancies"] >= 60 and after_first["occupations"] >= 15

    second = cli("seed", url=db_url)
    assert second.returncode == 0, second.stderr
    assert counts(db_url) == after_first


def test_import_esco_reports_counts(migrated_url: str, esco_zip: Path) -> None:
    done = cli("import-esco", str(esco_zip), url=migrated_url)
    assert done.returncode == 0, done.stderr
    assert "3007 occupations" in done.stdout and "619 ISCO groups" in done.stdout


def test_missing_zip_is_exit_2_with_a_message(migrated_url: str, tmp_path: Path) -> None:
    done = cli("import-esco", str(tmp_path / "nope.zip"), url=migrated_url)
    assert done.returncode == 2
    assert "no such file" in done.stderr and "Traceback" not in done.stderr


def test_not_a_zip_is_exit_2(migrated_url: str, tmp_path: Path) -> None:
    fake = tmp_path / "esco.zip"
    fake.write_text("conceptUri,preferredLabel\n")
    done = cli("import-esco", str(fake), url=migrated_url)
    assert done.returncode == 2
    assert "not a zip file" in done.stderr


def test_wrong_zip_is_exit_2(migrated_url: str, tmp_path: Path) -> None:
    import zipfile

    other = tmp_path / "skills.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("skills_en.csv", "conceptUri,preferredLabel\n")
    done = cli("import-esco", str(other), url=migrated_url)
    assert done.returncode == 2
    assert "has no occupations_en.csv" in done.stderr


def test_unknown_command_is_exit_2(migrated_url: str) -> None:
    done = cli("frobnicate", url=migrated_url)
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


def test_seed_before_migrate_says_what_to_do(db_url: str) -> None:
    done = cli("seed", url=db_url)
    assert done.returncode == 1
    assert "did `migrate` run?" in done.stderr and "Traceback" not in done.stderr


def test_bad_database_url_is_exit_2(tmp_path: Path) -> None:
    done = cli("migrate", url="nosuchdb://nowhere")
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr
