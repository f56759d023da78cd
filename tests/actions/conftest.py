from __future__ import annotations

from collections.abc import Iterator

import pytest
from backend_server import SVC_PYTHON, started_backend  # type: ignore[import-not-found]


@pytest.fixture(scope="module")
def backend_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real reference back-end, one per test module (fresh database each)."""
    if not SVC_PYTHON.exists():
        pytest.skip("services environment .venv-svc not found: cannot start the back-end")
    with started_backend(tmp_path_factory.mktemp("pes")) as url:
        yield url
