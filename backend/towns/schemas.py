from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TownOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    region: str
    country: str
    lat: float
    lon: float
