"""Kenyan towns with their county and approximate centre coordinates (public facts)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.towns.models import Town

# name, county, lat, lon
TOWNS: list[tuple[str, str, float, float]] = [
    ("Nairobi", "Nairobi", -1.2864, 36.8172),
    ("Mombasa", "Mombasa", -4.0435, 39.6682),
    ("Kisumu", "Kisumu", -0.0917, 34.7680),
    ("Nakuru", "Nakuru", -0.3031, 36.0800),
    ("Eldoret", "Uasin Gishu", 0.5143, 35.2698),
    ("Thika", "Kiambu", -1.0388, 37.0834),
    ("Machakos", "Machakos", -1.5177, 37.2634),
    ("Malindi", "Kilifi", -3.2175, 40.1191),
    ("Kilifi", "Kilifi", -3.6305, 39.8499),
    ("Nyeri", "Nyeri", -0.4201, 36.9476),
    ("Kitale", "Trans Nzoia", 1.0157, 35.0062),
    ("Garissa", "Garissa", -0.4536, 39.6401),
    ("Naivasha", "Nakuru", -0.7167, 36.4333),
    ("Kakamega", "Kakamega", 0.2827, 34.7519),
    ("Meru", "Meru", 0.0463, 37.6559),
    ("Kisii", "Kisii", -0.6817, 34.7680),
    ("Kericho", "Kericho", -0.3677, 35.2831),
    ("Embu", "Embu", -0.5388, 37.4596),
    ("Nanyuki", "Laikipia", 0.0167, 37.0728),
    ("Murang'a", "Murang'a", -0.7210, 37.1526),
    ("Voi", "Taita-Taveta", -3.3961, 38.5561),
    ("Lamu", "Lamu", -2.2696, 40.9006),
]


def seed(session: Session) -> None:
    existing = {t.name: t for t in session.scalars(select(Town))}
    for name, region, lat, lon in TOWNS:
        town = existing.get(name)
        if town is None:
            session.add(Town(name=name, region=region, country="KE", lat=lat, lon=lon))
        else:
            town.region, town.country, town.lat, town.lon = region, "KE", lat, lon
    session.flush()
