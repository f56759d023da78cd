from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base


class Town(Base):
    __tablename__ = "towns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region: Mapped[str] = mapped_column(String(100))
    # ISO 3166-1 alpha-2, as schema.org's addressCountry recommends.
    country: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float]
    lon: Mapped[float]
