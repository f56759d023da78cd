"""`make bench`: simulated jobseekers walking real journeys over the REST channel.

Starts its own back-end, action server and Rasa server on spare ports with a fresh
var/bench/ directory, then runs N concurrent users (default 50), each through a
scripted mix of journeys, and prints throughput, latency percentiles, errors, the
Rasa server's start time and memory, and the model's training time.
Bounded: every user sends a fixed number of messages; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tools.fake_providers import FakeProviders, channel_env
from tools.sms_bench import sms_report
from tools.system import ROOT, Ports, System, rss_mb

# Each script is one journey as a user would type it (payloads stand for button taps).
JOURNEYS: dict[str, list[str]] = {
    "vacancy_search": [
        "hi",
        "any driver jobs in mombasa?",
        "more",
        "what are the requirements for the first one",
        "thanks",
    ],
    "training_search": [
        "hello",
        "i want to learn computer skills",
        "nairobi",
        "more",
        "bye",
    ],
    "eligibility": [
        "which programmes can i join",
        "24",
        '/inform{"elig_status":"unemployed"}',
        "8 months",
        "no",
        "thank you",
    ],
    "faq_and_help": [
        "habari",
        "what documents do i need to register",
        "help",
        "when is the office open",
        "are you a robot",
        "ok bye",
    ],
    "registration": [
        "i want to register",
        "/affirm",
        "Grace Achieng",
        "14/03/2001",
        "+254712345678",
        "Kisumu",
        "form four",
        "cook",
        '/select{"item_id":"1"}',
        "3",
        "/stop",
        "/affirm",
    ],
}


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    by_journey: dict[str, list[float]] = field(default_factory=dict)


async def run_user(
    client: httpx.AsyncClient, url: str, user: int, journey: str, stats: Stats, rounds: int
) -> None:
    script = JOURNEYS[journey]
    for rnd in range(rounds):
        sender = f"bench-{user}-{rnd}"
        for text in script:
            started = time.perf_counter()
            try:
                resp = await client.post(url, json={"sender": sender, "message": text})
                resp.raise_for_status()
                resp.json()
            except (httpx.HTTPError, ValueError):
                stats.errors += 1
                continue
            elapsed = time.perf_counter() - started
            stats.latencies.append(elapsed)
            stats.by_journey.setdefault(journey, []).append(elapsed)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[idx] * 1000


def last_training_seconds(model: Path) -> str:
    log = ROOT / "var" / "train-times.jsonl"
    if not log.exists():
        return "unknown (model trained before timing was recorded)"
    for line in reversed(log.read_text().splitlines()):
        entry = json.loads(line)
        if entry.get("model") == model.name:
            return f"{entry['seconds']:.0f} s"
    return "unknown (model not trained on this machine)"


async def load(system: System, users: int, rounds: int) -> tuple[Stats, float]:
    url = f"{system.rasa_url}/webhooks/rest/webhook"
    stats = Stats()
    names = list(JOURNEYS)
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        # One warm-up message so the first measured request does not pay lazy loading.
        await client.post(url, json={"sender": "bench-warmup", "message": "hi"})
        started = time.perf_counter()
        await asyncio.gather(
            *(run_user(client, url, u, names[u % len(names)], stats, rounds) for u in range(users))
        )
        wall = time.perf_counter() - started
    return stats, wall


OCCUPATION_QUERIES = ["boda boda rider", "house help", "driverr", "nurse aid", "mechanic", "fundi wa stima"]


def occupation_search_ms(system: System, esco_zip: Path | None) -> str:
    """Median latency of occupation search over HTTP, on the full ESCO import when given."""
    import subprocess

    from tools.system import SVC_BIN

    label = "demo seed"
    if esco_zip and esco_zip.exists():
        subprocess.run(
            [str(SVC_BIN / "python"), "-m", "backend.cli", "import-esco", str(esco_zip)],
            cwd=ROOT,
            env=system.env(),
            check=True,
            capture_output=True,
        )
        label = "full ESCO import"
    headers = {"Authorization": f"Bearer {system.secrets['PES_API_TOKEN']}"}
    timings: list[float] = []
    with httpx.Client(base_url=f"{system.backend_url}/api/v1", headers=headers, timeout=30) as client:
        client.get("/occupations/search", params={"q": "warm up"})
        for _ in range(5):
            for q in OCCUPATION_QUERIES:
                started = time.perf_counter()
                client.get("/occupations/search", params={"q": q}).raise_for_status()
                timings.append(time.perf_counter() - started)
    return f"median {statistics.median(timings) * 1000:.1f} ms over {len(timings)} queries ({label})"


def bench_model(
    model: Path, users: int, rounds: int, esco: Path | None, sms: bool = False
) -> dict[str, object]:
    """Starts the system on `model`, runs the load, stops it; returns the figures."""
    var_dir = ROOT / "var" / "bench"
    shutil.rmtree(var_dir, ignore_errors=True)
    ports = Ports(backend=8100, actions=5155, rasa=5105, console=8180)
    # Every channel on, each provider's API a fake on 127.0.0.1 (for the SMS figures).
    providers = FakeProviders().start()
    channels = channel_env(providers, f"http://127.0.0.1:{ports.rasa}")
    saved = {k: os.environ.get(k) for k in channels}
    os.environ.update(channels)
    system = System(model=model.resolve(), var_dir=var_dir, ports=ports, quiet=True)
    sms_lines: list[str] = []
    try:
        system.start()
        rasa_pid = system.procs["rasa"].pid
        idle_mb = rss_mb(rasa_pid)
        stats, wall = asyncio.run(load(system, users, rounds))
        loaded_mb = rss_mb(rasa_pid)
        occupation_search = occupation_search_ms(system, esco) if esco else "not measured"
        if sms:
            sms_lines = sms_report(system, providers, channels["AFRICASTALKING_WEBHOOK_SECRET"])
    finally:
        system.stop()
        providers.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {
        "sms": sms_lines,
        "model": model,
        "stats": stats,
        "wall": wall,
        "idle_mb": idle_mb,
        "loaded_mb": loaded_mb,
        "start": system.start_seconds.get("rasa", float("nan")),
        "occupation_search": occupation_search,
    }


def report(title: str, figures: dict[str, object], users: int, rounds: int) -> float:
    model = figures["model"]
    stats = figures["stats"]
    wall = figures["wall"]
    assert isinstance(model, Path) and isinstance(stats, Stats) and isinstance(wall, float)
    n = len(stats.latencies)
    print()
    print(f"{title}: {users} concurrent users, {rounds} journey(s) each")
    print(f"  model                 {model.name}")
    print(f"  training time         {last_training_seconds(model)}")
    print(f"  Rasa server start     {figures['start']:.1f} s")
    print(
        f"  Rasa server memory    {figures['idle_mb']:.0f} MB after start, "
        f"{figures['loaded_mb']:.0f} MB after the run"
    )
    print(f"  messages              {n} answered, {stats.errors} failed, in {wall:.1f} s")
    print(f"  throughput            {n / wall:.1f} messages/s")
    print(
        f"  latency (ms)          p50 {pct(stats.latencies, 50):.0f}  p90 {pct(stats.latencies, 90):.0f}"
        f"  p99 {pct(stats.latencies, 99):.0f}  max {max(stats.latencies, default=0) * 1000:.0f}"
    )
    print(f"  occupation search     {figures['occupation_search']}")
    for journey, values in sorted(stats.by_journey.items()):
        print(f"    {journey:<20} median {statistics.median(values) * 1000:.0f} ms over {len(values)} msgs")
    sms_lines = figures.get("sms")
    for line in sms_lines if isinstance(sms_lines, list) else []:
        print(f"  {line}")
    return n / wall if wall else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a second model (the English-only one) measured the same way, for the ratio",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1, help="journeys per user")
    parser.add_argument(
        "--esco",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "esco" / "esco-v1.1.1-classification-en-csv.zip",
        help="ESCO classification zip to import before timing occupation search",
    )
    args = parser.parse_args()
    # Rasa given a model file that does not exist silently loads the newest one in its
    # folder (here: possibly the English-only model), which would compare a model with itself.
    for given in (args.model, args.baseline):
        if given is not None and not given.is_file():
            parser.error(f"no model at {given}: train it first (make train)")

    main_figures = bench_model(args.model, args.users, args.rounds, args.esco, sms=True)
    throughput = report("PES Assistant benchmark", main_figures, args.users, args.rounds)
    failed = main_figures["stats"].errors  # type: ignore[attr-defined]
    if args.baseline:
        base_figures = bench_model(args.baseline, args.users, args.rounds, None)
        base = report("Baseline (English-only model)", base_figures, args.users, args.rounds)
        failed += base_figures["stats"].errors  # type: ignore[attr-defined]
        if base:
            print()
            print(
                f"six-language / English-only throughput: {throughput / base:.2f} "
                f"({throughput:.1f} vs {base:.1f} msg/s)"
            )
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
