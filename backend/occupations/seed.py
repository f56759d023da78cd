"""The project's own small occupation set, for demos without the ESCO import.

URIs point at the real ESCO occupations so that `import-esco` later replaces these
rows with ESCO's full text; the alternative labels here are the project's own.
Codes and group titles are ISCO-08 (public facts).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.occupations.models import IscoGroup, Occupation

ESCO = "http://data.europa.eu/esco/occupation/"

ISCO_UNIT_GROUPS: dict[str, str] = {
    "2221": "Nursing professionals",
    "2330": "Secondary education teachers",
    "2341": "Primary school teachers",
    "2166": "Graphic and multimedia designers",
    "2342": "Early childhood educators",
    "2411": "Accountants",
    "2512": "Software developers",
    "3253": "Community health workers",
    "3313": "Accounting associate professionals",
    "3322": "Commercial sales representatives",
    "3512": "Information and communications technology user support technicians",
    "4110": "General office clerks",
    "4132": "Data entry clerks",
    "4226": "Receptionists (general)",
    "5120": "Cooks",
    "5131": "Waiters",
    "5141": "Hairdressers",
    "5152": "Domestic housekeepers",
    "5211": "Stall and market salespersons",
    "5212": "Street food salespersons",
    "5223": "Shop sales assistants",
    "5230": "Cashiers and ticket clerks",
    "5311": "Child care workers",
    "5321": "Health care assistants",
    "5414": "Security guards",
    "7112": "Bricklayers and related workers",
    "7115": "Carpenters and joiners",
    "7126": "Plumbers and pipe fitters",
    "7131": "Painters and related workers",
    "7212": "Welders and flame cutters",
    "7231": "Motor vehicle mechanics and repairers",
    "7411": "Building and related electricians",
    "7422": "Information and communications technology installers and servicers",
    "7531": "Tailors, dressmakers, furriers and hatters",
    "8157": "Laundry machine operators",
    "8321": "Motorcycle drivers",
    "8322": "Car, taxi and van drivers",
    "8331": "Bus and tram drivers",
    "8332": "Heavy truck and lorry drivers",
    "9111": "Domestic cleaners and helpers",
    "9112": "Cleaners and helpers in offices, hotels and other establishments",
    "9122": "Vehicle cleaners",
    "9213": "Mixed crop and livestock farm labourers",
    "9313": "Building construction labourers",
    "9333": "Freight handlers",
    "9412": "Kitchen helpers",
    "9520": "Street vendors (excluding food)",
}

# ESCO id, ISCO code, label, the project's own alternative labels
OCCUPATIONS: list[tuple[str, str, str, list[str]]] = [
    (
        "b5f6bb2c-0602-484d-a87f-9cac33f83010",
        "8321",
        "motorcycle delivery person",
        ["motorcycle courier", "motorbike rider"],
    ),
    ("6f7c1e84-8162-4c20-a575-b57ff624eef5", "8322", "taxi driver", ["cab driver", "ride-hailing driver"]),
    (
        "0c408028-c48f-4df8-ba5d-c3d3be15f5a2",
        "8322",
        "car and van delivery driver",
        ["delivery driver", "van driver"],
    ),
    ("00cee175-1376-43fb-9f02-ba3d7a910a58", "8331", "bus driver", ["coach driver", "minibus driver"]),
    (
        "45037d43-a8f5-4f46-b332-b2935bc305f4",
        "8332",
        "cargo vehicle driver",
        ["lorry driver", "truck driver"],
    ),
    (
        "6d50f735-dca9-4a02-96dc-e4310ed98ae2",
        "5152",
        "domestic housekeeper",
        ["housekeeper", "domestic worker"],
    ),
    (
        "cbad55a4-c7cf-4ab6-9540-eac72b26729b",
        "9111",
        "domestic cleaner",
        ["home cleaner", "household cleaner"],
    ),
    ("0a5356bc-7f81-4e40-971d-c1dc789c5fb4", "5311", "nanny", ["child minder", "babysitter"]),
    (
        "d38c2107-98f2-47b7-8bb4-f69750d51082",
        "5321",
        "healthcare assistant",
        ["nursing assistant", "patient care assistant"],
    ),
    (
        "c7ad889f-10fc-4346-b740-bd479ad82b47",
        "3253",
        "community health worker",
        ["community health volunteer"],
    ),
    (
        "4ad4024e-d1d3-4dea-b6d1-2c7948111dce",
        "7231",
        "vehicle technician",
        ["motor vehicle mechanic", "mechanic"],
    ),
    ("31808988-fc0a-4bc3-9e47-27216d6759f5", "5414", "security guard", ["security officer", "watchman"]),
    ("90f75f67-495d-49fa-ab57-2f320e251d7e", "5120", "cook", ["restaurant cook", "line cook"]),
    (
        "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471",
        "5131",
        "waiter/waitress",
        ["waiter", "waitress", "food server"],
    ),
    ("e1cf6897-158d-4b48-a39e-2a3a8cac216c", "9412", "kitchen assistant", ["kitchen helper", "dishwasher"]),
    (
        "03d79393-7b30-4159-945b-01963eddd302",
        "2341",
        "primary school teacher",
        ["primary teacher", "class teacher"],
    ),
    ("5efb2c08-ba3a-4659-a2e4-1883f54e77b6", "2330", "secondary school teacher", ["high school teacher"]),
    (
        "55d60ead-0343-4008-b9e4-fb4b5a179c83",
        "2342",
        "early years teacher",
        ["nursery teacher", "pre-school teacher"],
    ),
    ("4910419f-b4af-4f59-b544-9dbebc8a74f0", "7411", "electrician", ["electrical installer", "wireman"]),
    ("ed3cf43d-c2c1-4c46-82fc-1375e27e0290", "7126", "plumber", ["pipe fitter", "water plumber"]),
    ("05f321f8-055b-407d-bf19-e0ddabda56b7", "7112", "bricklayer", ["mason", "block layer"]),
    ("2a22ff9e-de3b-408d-b312-5034896cc4f4", "7115", "carpenter", ["joiner", "woodworker"]),
    (
        "fb7e2f4f-1545-42f1-972e-94082e49c6dc",
        "9313",
        "building construction worker",
        ["construction labourer", "site helper"],
    ),
    ("7aedaa07-3884-4c5b-88f9-80997b2aa54b", "7212", "welder", ["metal welder", "fabrication welder"]),
    ("978ae3a2-0831-415a-8396-b84dde656fc5", "7531", "tailor", ["dressmaker", "garment maker"]),
    ("099c6bb0-22d3-4c5d-8bf5-70910af381ef", "5141", "hairdresser", ["hair stylist", "salon worker"]),
    ("0b15375e-dfdd-4047-9efb-096e0aaee7d2", "5223", "shop assistant", ["sales assistant", "shop attendant"]),
    ("2b871272-bd61-4206-bd1a-0b96d7023098", "5230", "cashier", ["checkout operator", "till operator"]),
    ("c822ca35-6c36-4eab-97fa-90f2775091c3", "5211", "market vendor", ["market trader", "stall keeper"]),
    ("e982a28b-9de2-460c-b85d-0f65ea0aa3ca", "5212", "street food vendor", ["food stall vendor"]),
    ("b059d331-2dd9-4d7d-923e-1dd029d2e58c", "9520", "hawker", ["street vendor", "peddler"]),
    (
        "c9191f7f-28b5-4df8-991d-804c53009b83",
        "9213",
        "crop production worker",
        ["farm worker", "farm labourer"],
    ),
    ("303a1e34-cb16-4054-b323-81e5eec17397", "9112", "building cleaner", ["office cleaner", "janitor"]),
    ("7cb71c5f-c310-481c-b46b-d0044328758c", "9122", "vehicle cleaner", ["car washer", "car valeter"]),
    (
        "eda0d957-3c3c-4139-b89a-a18bc9e18897",
        "2411",
        "accountant",
        ["certified accountant", "finance officer"],
    ),
    (
        "aaeec9a7-dc57-4485-890c-86b3eef735f9",
        "3512",
        "ICT help desk agent",
        ["IT support assistant", "help desk technician"],
    ),
    ("6353b3e8-e8f2-4ecb-b230-186927139892", "4132", "data entry clerk", ["data capture clerk", "typist"]),
    ("f7b04542-d8c7-42db-8475-e63b507cce82", "4226", "receptionist", ["front desk officer"]),
    ("f0f6d531-eb96-4bad-84ff-8e2999ea68e6", "7422", "mobile phone repair technician", ["phone repairer"]),
    ("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "2512", "software developer", ["programmer", "web developer"]),
    ("bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "9333", "warehouse worker", ["storekeeper", "warehouse packer"]),
    (
        "69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2",
        "2166",
        "graphic designer",
        ["graphic artist", "layout designer"],
    ),
    (
        "14031d4a-6e99-442f-b4fe-18262b6432b2",
        "3322",
        "commercial sales representative",
        ["sales representative", "field sales agent"],
    ),
    (
        "0da51178-e386-4534-ae71-15ba789ad756",
        "8157",
        "laundry worker",
        ["laundry attendant", "washer and ironer"],
    ),
    (
        "8d3e8aaa-791b-4c75-a465-f3f827028f50",
        "2221",
        "nurse responsible for general care",
        ["general nurse", "ward nurse"],
    ),
    (
        "15620506-fb5d-49cd-87a2-1c9047fb406a",
        "7131",
        "construction painter",
        ["house painter", "wall painter"],
    ),
    ("4e0c14d6-b170-40f1-bcdc-703c0b92109b", "5141", "barber", ["men's hairdresser", "barbershop worker"]),
    ("c3aae59e-1441-4b3e-bdd1-6da50dc7cf42", "3313", "bookkeeper", ["accounts clerk", "ledger clerk"]),
]


def seed(session: Session) -> None:
    groups = {g.code for g in session.scalars(select(IscoGroup))}
    for code, label in ISCO_UNIT_GROUPS.items():
        if code not in groups:
            session.add(IscoGroup(code=code, uri=None, label=label))
    existing = {o.uri: o for o in session.scalars(select(Occupation))}
    for esco_id, isco, label, alt in OCCUPATIONS:
        uri = ESCO + esco_id
        occupation = existing.get(uri)
        if occupation is None:
            session.add(
                Occupation(
                    uri=uri, label=label, isco_code=isco, alt_labels=alt, hidden_labels=[], source="seed"
                )
            )
        elif occupation.source == "seed":
            # Refresh the demo rows, but never overwrite what the ESCO import loaded.
            occupation.label, occupation.isco_code, occupation.alt_labels = label, isco, alt
    session.flush()
