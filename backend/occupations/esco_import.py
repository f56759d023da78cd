"""Loads the official ESCO CSV classification package (occupations + ISCO-08 groups).

Idempotent: rows are keyed by ESCO URI (occupations) and ISCO code (groups), so a
second import updates in place and never duplicates. Occupations the demo seed
wrote under a real ESCO URI are overwritten with ESCO's own text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.occupations import index
from backend.occupations.models import IscoGroup, Occupation

OCCUPATIONS_CSV = "occupations_en.csv"
ISCO_CSV = "ISCOGroups_en.csv"
OCCUPATION_COLUMNS = {"conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "iscoGroup", "description"}
ISCO_COLUMNS = {"conceptUri", "code", "preferredLabel"}


class EscoImportError(ValueError):
    """The file is not a usable ESCO classification package; the message says why."""


@dataclass(frozen=True)
class ImportReport:
    occupations: int
    occupations_created: int
    occupations_updated: int
    isco_groups: int
    isco_groups_created: int
    isco_groups_updated: int

    def summary(self) -> str:
        occupations = f"{self.occupations_created} new, {self.occupations_updated} updated"
        groups = f"{self.isco_groups_created} new, {self.isco_groups_updated} updated"
        return f"{self.occupations} occupations ({occupations}), {self.isco_groups} ISCO groups ({groups})"


def import_esco(*, session: Session, path: Path) -> ImportReport:
    groups, occupations = _read_package(path)
    g_new, g_upd = _upsert_groups(session=session, rows=groups)
    o_new, o_upd = _upsert_occupations(session=session, rows=occupations)
    session.flush()
    index.invalidate()
    return ImportReport(len(occupations), o_new, o_upd, len(groups), g_new, g_upd)


def _read_package(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    if not path.is_file():
        raise EscoImportError(f"no such file: {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise EscoImportError(f"{path} is not a zip file") from exc
    with archive:
        # Match by file name only: repackaged downloads sometimes add a folder.
        members = {Path(name).name: name for name in archive.namelist()}
        for needed in (OCCUPATIONS_CSV, ISCO_CSV):
            if needed not in members:
                raise EscoImportError(
                    f"{path} has no {needed}; is it the ESCO classification package (CSV, English)?"
                )
        groups = list(_rows(archive, members[ISCO_CSV], ISCO_COLUMNS))
        occupations = list(_rows(archive, members[OCCUPATIONS_CSV], OCCUPATION_COLUMNS))
    if not occupations:
        raise EscoImportError(f"{OCCUPATIONS_CSV} in {path} holds no occupations")
    return groups, occupations


def _rows(archive: zipfile.ZipFile, member: str, columns: set[str]) -> Iterator[dict[str, str]]:
    with archive.open(member) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        missing = columns - set(reader.fieldnames or [])
        if missing:
            raise EscoImportError(f"{member} lacks the columns {', '.join(sorted(missing))}")
        yield from reader


def _lines(cell: str | None) -> list[str]:
    # ESCO packs several labels into one cell, one per line.
    seen: dict[str, None] = {}
    for line in (cell or "").splitlines():
        line = " ".join(line.split())
        if line:
            seen.setdefault(line, None)
    return list(seen)


def _upsert_groups(*, session: Session, rows: list[dict[str, str]]) -> tuple[int, int]:
    existing = {g.code: g for g in session.scalars(select(IscoGroup))}
    created = updated = 0
    for row in rows:
        code = row["code"].strip()
        if not code.isdigit() or len(code) > 4:
            raise EscoImportError(f"{ISCO_CSV}: ISCO code {code!r} is not 1-4 digits")
        label, uri = row["preferredLabel"].strip(), row["conceptUri"].strip()
        group = existing.get(code)
        if group is None:
            session.add(IscoGroup(code=code, uri=uri, label=label))
            created += 1
        elif (group.label, group.uri) != (label, uri):
            group.label, group.uri = label, uri
            updated += 1
    return created, updated


def _upsert_occupations(*, session: Session, rows: list[dict[str, str]]) -> tuple[int, int]:
    existing = {o.uri: o for o in session.scalars(select(Occupation))}
    created = updated = 0
    now = utcnow()
    for row in rows:
        uri = row["conceptUri"].strip()
        isco = row["iscoGroup"].strip()
        if not uri or not isco.isdigit():
            raise EscoImportError(f"{OCCUPATIONS_CSV}: row for {uri or '?'} lacks a URI or an ISCO group")
        values = {
            "label": row["preferredLabel"].strip(),
            "isco_code": isco,
            "alt_labels": _lines(row["altLabels"]),
            "hidden_labels": _lines(row["hiddenLabels"]),
            "description": row["description"].strip() or None,
            "source": "esco",
        }
        occupation = existing.get(uri)
        if occupation is None:
            session.add(Occupation(uri=uri, updated_at=now, **values))
            created += 1
        elif any(getattr(occupation, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(occupation, key, value)
            occupation.updated_at = now
            updated += 1
    return created, updated
