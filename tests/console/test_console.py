"""The console's web chat routes, through the ASGI app as a browser would reach them."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from console.assets import compact_css
from console.main import create_app
from console.settings import WIDGET_DIR, Settings, SettingsError

RASA = "https://chat.pes.example.org"
SOCKETIO_PACKAGE = WIDGET_DIR / "node_modules" / "socket.io-client"
SOCKETIO_DIST = SOCKETIO_PACKAGE / "dist" / "socket.io.min.js"
SOCKETIO_VERSION = json.loads((SOCKETIO_PACKAGE / "package.json").read_text())["version"]
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(rasa_public_url=RASA))) as test_client:
        yield test_client


def wire_size(client: TestClient, path: str) -> int:
    """Bytes on the wire for a gzip-capable browser (the body as sent, before decoding)."""
    with client.stream("GET", path, headers=GZIP) as response:
        assert response.status_code == 200, path
        return sum(len(chunk) for chunk in response.iter_raw())


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_widget_is_javascript_with_its_styles_and_client_version_built_in(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "public, max-age=300"
    body = response.text
    assert "__PES_" not in body
    css = compact_css((WIDGET_DIR / "src" / "widget.css").read_text())
    assert json.dumps(css) in body
    assert f'SOCKET_IO_VERSION = "{SOCKETIO_VERSION}"' in body


def test_built_widget_is_valid_javascript(client: TestClient, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (scripts/bootstrap.sh needs it for the widget)")
    script = tmp_path / "widget.js"
    script.write_bytes(client.get("/widget.js").content)
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_widget_is_gzipped_and_small(client: TestClient) -> None:
    response = client.get("/widget.js", headers=GZIP)
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"]
    assert wire_size(client, "/widget.js") < 20_000


def test_widget_revalidates_with_its_etag(client: TestClient) -> None:
    first = client.get("/widget.js")
    etag = first.headers["etag"]
    again = client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/widget.js", headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_socketio_client_is_served_from_npm_install_byte_for_byte(client: TestClient) -> None:
    response = client.get(f"/widget/socket.io.min.js?v={SOCKETIO_VERSION}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.content == SOCKETIO_DIST.read_bytes()
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_socketio_client_of_another_version_is_not_cached_for_long(client: TestClient) -> None:
    # An old page asking for another version gets this one, but must not keep it a year.
    for path in ("/widget/socket.io.min.js", "/widget/socket.io.min.js?v=0.0.1"):
        assert client.get(path).headers["cache-control"] == "public, max-age=300"


def test_first_load_of_page_widget_and_client_stays_under_100_kb(client: TestClient) -> None:
    total = sum(
        wire_size(client, path)
        for path in ("/", "/widget.js", f"/widget/socket.io.min.js?v={SOCKETIO_VERSION}")
    )
    assert total < 100_000, total


def test_demo_page_embeds_the_widget_with_the_configured_server(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    tag = f'<script src="http://testserver/widget.js" data-server="{RASA}" data-lang="en" defer></script>'
    assert page.count(tag) == 1
    assert '<html lang="en" dir="ltr">' in page
    # The same line is shown, as text, for staff to copy into their own pages.
    assert "&lt;script src=&quot;http://testserver/widget.js&quot;" in page


def test_demo_page_allows_only_what_the_widget_needs(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src http://testserver;" in csp
    assert f"connect-src {RASA} wss://chat.pes.example.org;" in csp


@pytest.mark.parametrize(
    ("lang", "html", "words"),
    [
        ("ar", '<html lang="ar" dir="rtl">', "الخدمة الوطنية للتوظيف"),
        ("sw", '<html lang="sw" dir="ltr">', "Huduma ya Kitaifa ya Ajira"),
        ("fr", '<html lang="fr" dir="ltr">', "Service national de l&#x27;emploi"),
    ],
)
def test_demo_page_in_other_languages(client: TestClient, lang: str, html: str, words: str) -> None:
    page = client.get("/", params={"lang": lang}).text
    assert html in page
    assert words in page
    assert f'data-lang="{lang}" defer></script>' in page


def test_unknown_page_language_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/", params={"lang": "de"})
    assert response.status_code == 422
    assert "lang" in json.dumps(response.json()["detail"])


def test_a_forged_host_header_cannot_inject_markup(client: TestClient) -> None:
    page = client.get("/", headers={"Host": 'evil.example"><script>alert(1)</script>'}).text
    assert "<script>alert(1)</script>" not in page


def test_configured_public_console_url_is_used_in_the_tag() -> None:
    settings = Settings(rasa_public_url=RASA, console_public_url="https://www.pes.example.org/console")
    with TestClient(create_app(settings)) as client:
        page = client.get("/").text
    assert '<script src="https://www.pes.example.org/console/widget.js"' in page


def test_missing_socketio_client_is_reported_not_crashed(tmp_path: Path) -> None:
    # A checkout where `npm ci` has not run: the widget is still served, the client
    # route says what to do.
    shutil.copytree(WIDGET_DIR / "src", tmp_path / "src")
    with TestClient(create_app(Settings(rasa_public_url=RASA, widget_dir=tmp_path))) as client:
        assert client.get("/widget.js").status_code == 200
        response = client.get("/widget/socket.io.min.js")
    assert response.status_code == 503
    assert "scripts/bootstrap.sh" in response.json()["detail"]


def test_settings_from_the_environment() -> None:
    assert Settings.from_env({}).rasa_public_url == "http://127.0.0.1:5005"
    settings = Settings.from_env(
        {"PES_RASA_PUBLIC_URL": "https://chat.example.org/", "PES_CONSOLE_PUBLIC_URL": "http://x.org:8080"}
    )
    assert settings.rasa_public_url == "https://chat.example.org"
    assert settings.console_public_url == "http://x.org:8080"


@pytest.mark.parametrize(
    "value", ["127.0.0.1:5005", "ftp://x.org", "http://", 'http://x.org/"><script>', "http://x.org?a=1"]
)
def test_unusable_public_url_stops_start_up_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="PES_RASA_PUBLIC_URL"):
        Settings.from_env({"PES_RASA_PUBLIC_URL": value})


def test_gzip_of_the_widget_decodes_to_the_same_script(client: TestClient) -> None:
    plain = client.get("/widget.js").content
    with client.stream("GET", "/widget.js", headers=GZIP) as response:
        raw = b"".join(response.iter_raw())
    assert gzip.decompress(raw) == plain
