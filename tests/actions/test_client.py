"""The back-end client: error mapping, retries, parsing, configuration.

Requests go through httpx.MockTransport, i.e. the client's real httpx stack down to
the transport, so these tests see exactly what the client does on the wire.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import test_registration_support  # noqa: F401  (puts the repo root on sys.path)

from actions.pes_client import (
    ClientConfig,
    PESAuthError,
    PESClient,
    PESNotFound,
    PESRejected,
    PESUnavailable,
    get_client,
    set_client,
)

JOBSEEKER = {
    "id": 7,
    "registration_number": "PES-2026-000007",
    "consent": {"notice_version": "2026-1", "given_at": "2026-03-01T10:00:00Z"},
    "name": "Amina Otieno",
    "date_of_birth": "2001-05-12",
    "gender": None,
    "phone": "+254712345678",
    "identities": [{"channel": "rest", "identity": "u1"}],
    "town": "Nakuru",
    "education_level": 3,
    "occupations": [{"esco_uri": None, "isco_code": "8322", "label": "car driver"}],
    "experience_years": 2,
    "status": "unemployed",
    "status_since": "2025-11-01",
    "disability": None,
    "languages": ["en", "sw"],
    "created_at": "2026-03-01T10:00:00+00:00",
    "updated_at": "2026-03-01T10:00:00+00:00",
}


class Recorder:
    """A transport handler that answers from a function and counts calls."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]):
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


def make_client(
    answer: Callable[[httpx.Request], httpx.Response], **config: object
) -> tuple[PESClient, Recorder]:
    recorder = Recorder(answer)
    cfg = ClientConfig(base_url="http://pes.test", token="secret-token", timeout=1.0, backoff=0.0, **config)  # type: ignore[arg-type]
    return PESClient(cfg, transport=httpx.MockTransport(recorder)), recorder


def status(code: int, body: object = None) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json=body)


def raise_(exc_type: type[Exception]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc_type("boom", request=request)  # type: ignore[call-arg]

    return answer


@pytest.mark.asyncio
async def test_sends_token_and_parses_a_jobseeker() -> None:
    client, rec = make_client(status(200, JOBSEEKER))
    person = await client.get_jobseeker(7)
    assert person.name == "Amina Otieno"
    assert person.date_of_birth is not None and person.date_of_birth.year == 2001
    assert person.occupations[0].isco_code == "8322"
    assert person.consent is not None and person.consent.notice_version == "2026-1"
    request = rec.requests[0]
    assert request.url.path == "/api/v1/jobseekers/7"
    assert request.headers["Authorization"] == "Bearer secret-token"


@pytest.mark.asyncio
async def test_connection_refused_is_unavailable_after_retries() -> None:
    client, rec = make_client(raise_(httpx.ConnectError))
    with pytest.raises(PESUnavailable):
        await client.get_jobseeker(7)
    assert len(rec.requests) == 3  # one try + 2 retries for an idempotent GET


@pytest.mark.asyncio
async def test_timeout_is_unavailable() -> None:
    client, _ = make_client(raise_(httpx.ReadTimeout))
    with pytest.raises(PESUnavailable, match="timed out"):
        await client.list_towns()


@pytest.mark.asyncio
async def test_server_error_is_unavailable_and_retried_for_get() -> None:
    client, rec = make_client(status(500, {"detail": "db down"}))
    with pytest.raises(PESUnavailable) as info:
        await client.search_occupations("driver")
    assert info.value.status == 500
    assert len(rec.requests) == 3


@pytest.mark.asyncio
async def test_post_is_never_retried() -> None:
    client, rec = make_client(status(503))
    with pytest.raises(PESUnavailable):
        await client.create_jobseeker({"name": "x"})
    assert len(rec.requests) == 1
    client, rec = make_client(raise_(httpx.ReadTimeout))
    with pytest.raises(PESUnavailable):
        await client.update_jobseeker(7, {"town": "Nakuru"})
    assert len(rec.requests) == 1  # PATCH is not retried either


@pytest.mark.asyncio
async def test_delete_is_retried_and_then_succeeds() -> None:
    answers = iter([httpx.Response(502), httpx.Response(204)])
    client, rec = make_client(lambda request: next(answers))
    assert await client.delete_jobseeker(7) is None
    assert len(rec.requests) == 2
    assert rec.requests[0].method == "DELETE"


@pytest.mark.asyncio
async def test_not_found() -> None:
    client, rec = make_client(status(404, {"detail": "no such jobseeker"}))
    with pytest.raises(PESNotFound) as info:
        await client.get_jobseeker(99)
    assert info.value.detail == "no such jobseeker"
    assert len(rec.requests) == 1  # a 404 is an answer, not a failure: no retry


@pytest.mark.asyncio
async def test_lookup_returns_none_when_unknown() -> None:
    client, rec = make_client(status(404, {"detail": "not found"}))
    assert await client.lookup_jobseeker(phone="+254712345678") is None
    assert rec.requests[0].url.params["phone"] == "+254712345678"
    assert await client.lookup_jobseeker(channel="telegram", identity="42") is None
    assert rec.requests[1].url.params["channel"] == "telegram"
    with pytest.raises(ValueError):
        await client.lookup_jobseeker()


@pytest.mark.asyncio
async def test_conflict_carries_detail() -> None:
    client, _ = make_client(status(409, {"detail": "phone already registered"}))
    with pytest.raises(PESRejected) as info:
        await client.create_jobseeker({"name": "x"})
    assert info.value.status == 409
    assert info.value.detail == "phone already registered"


@pytest.mark.asyncio
async def test_validation_error_list_becomes_readable_detail() -> None:
    body = {"detail": [{"loc": ["body", "date_of_birth"], "msg": "age must be 15-80", "type": "value_error"}]}
    client, _ = make_client(status(422, body))
    with pytest.raises(PESRejected) as info:
        await client.create_jobseeker({"name": "x"})
    assert info.value.detail == "date_of_birth: age must be 15-80"


@pytest.mark.asyncio
async def test_bad_token_is_auth_error() -> None:
    client, rec = make_client(status(401, {"detail": "bad token"}))
    with pytest.raises(PESAuthError):
        await client.get_jobseeker(1)
    assert len(rec.requests) == 1
    client, _ = make_client(status(403, {"detail": "forbidden"}))
    with pytest.raises(PESAuthError):
        await client.list_towns()


@pytest.mark.asyncio
async def test_garbled_answer_is_unavailable() -> None:
    client, _ = make_client(lambda request: httpx.Response(200, content=b"<html>proxy</html>"))
    with pytest.raises(PESUnavailable):
        await client.get_jobseeker(1)
    client, _ = make_client(status(200, {"id": 1}))  # misses required fields
    with pytest.raises(PESUnavailable, match="unusable"):
        await client.get_jobseeker(1)


@pytest.mark.asyncio
async def test_search_parameters_and_page() -> None:
    page = {
        "items": [
            {"id": 1, "title": "Driver", "employer": "Acme", "town": "Nakuru", "openings": 2},
        ],
        "total": 4,
        "offset": 0,
        "limit": 3,
        "towns_searched": ["Nakuru", "Naivasha"],
    }
    client, rec = make_client(status(200, page))
    result = await client.search_vacancies(isco_code="8322", town="Nakuru", nearby=False)
    assert result.items[0].title == "Driver" and result.has_more
    assert result.towns_searched == ["Nakuru", "Naivasha"]
    params = rec.requests[0].url.params
    assert params["nearby"] == "false" and params["isco_code"] == "8322"
    assert "q" not in params  # unset filters are not sent


@pytest.mark.asyncio
async def test_list_towns() -> None:
    client, rec = make_client(
        status(200, [{"name": "Nakuru", "region": "Nakuru", "country": "KE", "lat": -0.3, "lon": 36.1}])
    )
    towns = await client.list_towns()
    assert [t.name for t in towns] == ["Nakuru"]
    assert rec.requests[0].url.path == "/api/v1/towns"


def test_config_from_env() -> None:
    cfg = ClientConfig.from_env(
        {"PES_API_URL": "http://x:9/", "PES_API_TOKEN": "t", "PES_API_TIMEOUT": "2.5"}
    )
    assert (cfg.base_url, cfg.token, cfg.timeout) == ("http://x:9", "t", 2.5)
    assert ClientConfig.from_env({}).base_url == "http://127.0.0.1:8000"
    with pytest.raises(ValueError, match="PES_API_TIMEOUT"):
        ClientConfig.from_env({"PES_API_TIMEOUT": "soon"})


def test_factory_returns_one_shared_client_and_can_be_swapped() -> None:
    set_client(None)
    try:
        first = get_client()
        assert get_client() is first
        other, _ = make_client(status(200, []))
        set_client(other)
        assert get_client() is other
    finally:
        set_client(None)


@pytest.mark.asyncio
async def test_one_pooled_http_client_per_loop() -> None:
    client, _ = make_client(status(200, []))
    await client.list_towns()
    first = client._http
    await client.list_towns()
    assert client._http is first
    await client.aclose()
