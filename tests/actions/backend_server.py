"""The real reference back-end for the actions' integration tests.

Started from the services environment on a free port, with a fresh SQLite database,
migrated and seeded. The `backend_url` fixture (conftest.py) starts one per test
module; a module without the services environment is skipped with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SVC_PYTHON = ROOT / ".venv-svc" / "bin" / "python"
TOKEN = "integration-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def started_backend(workdir: Path) -> Iterator[str]:
    """Runs the back-end until the block ends; yields its base URL."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'pes.db'}", "PES_API_TOKEN": TOKEN}
    for command in ("migrate", "seed"):
        done = subprocess.run(
            [str(SVC_PYTHON), "-m", "backend.cli", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode != 0:
            raise RuntimeError(f"backend.cli {command} failed: {done.stderr[-2000:]}")
    port = free_port()
    server = subprocess.Popen(
        [str(SVC_PYTHON), "-m", "uvicorn", "backend.main:create_app", "--factory", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("back-end did not start within 30 s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
