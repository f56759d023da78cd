"""SMS cost of the main journeys, per language: what `make bench` prints about SMS.

A user per language registers and searches for vacancies over the Africa's Talking
channel of the started system (the gateway's API is a fake on 127.0.0.1, see
tools/fake_providers.py). The SMS channel records every SMS it sends with its encoding
and segment count in the back-end; the figures come from there.

Options are answered by their number, as on a feature phone. A script that does not
reach its end (the bot understood something else) is reported as such, with the SMS
spent so far, rather than hidden.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field

import httpx

from tools.fake_providers import FakeProviders
from tools.system import System

# Option numbers follow the buttons' order in domain/registration.yml, the same in every
# language: consent Yes = 1, education "finished secondary" = 4, status unemployed = 1,
# gender "prefer not to say" = 4, disability No = 2, summary Submit = 1.
REGISTRATION: dict[str, list[str]] = {
    "en": ["hi, i want to register", "1", "Grace Achieng", "14/03/2001", "Kisumu", "4", "cook", "1",
           "3 years", "1", "march 2025", "4", "2", "1"],
    "fr": ["bonjour je veux m'inscrire", "1", "Aïcha Diallo", "14/03/2001", "Kisumu", "4", "cuisinier", "1",
           "3 ans", "1", "mars 2025", "4", "2", "1"],
    "es": ["hola quiero registrarme", "1", "Lucía Gómez", "14/03/2001", "Kisumu", "4", "cocinero", "1",
           "3 años", "1", "marzo 2025", "4", "2", "1"],
    "pt": ["olá quero me inscrever", "1", "Joana Silva", "14/03/2001", "Kisumu", "4", "cozinheiro", "1",
           "3 anos", "1", "março 2025", "4", "2", "1"],
    "sw": ["habari, nataka kujiandikisha", "1", "Halima Njeri", "14/03/2001", "Kisumu", "4", "mpishi", "1",
           "miaka 3", "1", "03/2025", "4", "2", "1"],
    "ar": ["السلام عليكم أريد التسجيل", "1", "فاطمة علي", "14/03/2001", "Kisumu", "4", "طباخ", "1",
           "3 سنوات", "1", "03/2025", "4", "2", "1"],
}  # fmt: skip

SEARCH: dict[str, list[str]] = {
    "en": ["i am looking for a job as a driver in mombasa"],
    "fr": ["bonjour je cherche un travail de chauffeur a mombasa"],
    "es": ["hola busco trabajo de chofer en mombasa"],
    "pt": ["ola estou procurando emprego de motorista em mombasa"],
    "sw": ["habari nataka kazi ya udereva mombasa"],
    "ar": ["السلام عليكم ابحث عن عمل سائق في مومباسا"],
}

REGISTRATION_NUMBER = re.compile(r"PES-\d{4}-\d{6}")


@dataclass
class Journey:
    language: str
    name: str
    completed: bool = False
    sms: list[dict[str, object]] = field(default_factory=list)

    @property
    def segments(self) -> int:
        return sum(int(str(m.get("segments") or 0)) for m in self.sms)

    @property
    def most(self) -> int:
        return max((int(str(m.get("segments") or 0)) for m in self.sms), default=0)

    @property
    def encodings(self) -> str:
        return "/".join(sorted({str(m.get("encoding")) for m in self.sms})) or "-"


def _send(system: System, providers: FakeProviders, phone: str, text: str, secret: str) -> str:
    before = len(providers.sent("africastalking", phone))
    form = {
        "from": phone,
        "to": "20880",
        "text": text,
        "date": "2026-12-03 10:00:00",
        "id": uuid.uuid4().hex,
        "linkId": uuid.uuid4().hex,
    }
    url = f"{system.rasa_url}/webhooks/africastalking/webhook"
    httpx.post(url, params={"secret": secret}, data=form, timeout=120).raise_for_status()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(providers.sent("africastalking", phone)) == before:
        time.sleep(0.1)
    time.sleep(0.2)
    return "\n".join(c.text for c in providers.sent("africastalking", phone)[before:])


def run_journey(
    system: System, providers: FakeProviders, secret: str, language: str, name: str, script: list[str]
) -> Journey:
    phone = f"+2547{uuid.uuid4().int % 10**8:08d}"
    journey = Journey(language, name)
    reply = ""
    for text in script:
        reply = _send(system, providers, phone, text, secret)
    if name == "registration":
        journey.completed = bool(REGISTRATION_NUMBER.search(reply))
    else:
        journey.completed = bool(re.search(r"mombasa|malindi|kilifi|مومباسا", reply, re.IGNORECASE))
    headers = {"Authorization": f"Bearer {system.secrets['PES_API_TOKEN']}"}
    sent = httpx.get(
        f"{system.backend_url}/api/v1/messaging/outbound",
        params={"recipient": phone},
        headers=headers,
        timeout=10,
    )
    sent.raise_for_status()
    journey.sms = list(sent.json())
    return journey


def sms_report(system: System, providers: FakeProviders, secret: str) -> list[str]:
    lines = ["SMS per journey (Africa's Talking channel; options answered by number):"]
    lines.append(f"  {'journey':<13}{'lang':<6}{'done':<6}{'SMS':>4}{'segments':>10}{'max/SMS':>9}  encoding")
    for name, scripts in (("registration", REGISTRATION), ("search", SEARCH)):
        for language, script in scripts.items():
            j = run_journey(system, providers, secret, language, name, script)
            done = "yes" if j.completed else "NO"
            lines.append(
                f"  {name:<13}{language:<6}{done:<6}{len(j.sms):>4}{j.segments:>10}{j.most:>9}  {j.encodings}"
            )
    return lines
