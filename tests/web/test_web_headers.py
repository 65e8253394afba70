"""Security headers on every response: pages, errors, static files, webhooks; Secure cookies on https."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from web_helpers import client, csrf, seed, sign_in

from outreach.web import create_app


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    return url


def _boom(request: object) -> None:
    raise RuntimeError("kapot")


def _assert_headers(response: object, no_store: bool = True) -> None:
    h = response.headers  # type: ignore[attr-defined]
    csp = h["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert h["x-frame-options"] == "DENY"
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] in ("no-referrer", "same-origin")
    if no_store:
        assert h["cache-control"] == "no-store"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/inloggen", 200), ("GET", "/controleren", 200), ("GET", "/bestaat-niet", 404),
    ("GET", "/vandaag", 200), ("GET", "/mensen/K-1001", 200), ("GET", "/mensen/K-2001", 404),
    ("POST", "/twilio/inbound", 403), ("POST", "/twilio/status", 403), ("POST", "/controleren", 403),
    ("GET", "/kapot", 500),
])
def test_every_response_has_the_headers(url: str, method: str, path: str, status: int) -> None:
    app = create_app(url)
    app.router.routes.append(Route("/kapot", _boom))
    c = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    assert sign_in(c) == 303
    response = c.request(method, path)
    assert response.status_code == status
    _assert_headers(response)
    if status == 500:
        assert "kapot" not in response.text and "Traceback" not in response.text
        assert "Er ging iets mis" in response.text


def test_static_files_have_the_headers_and_may_be_cached(url: str) -> None:
    response = client(url).get("/static/outreach.css")
    assert response.status_code == 200
    _assert_headers(response, no_store=False)


def test_pages_have_no_inline_script_or_style(url: str) -> None:
    c = client(url)
    assert sign_in(c) == 303
    for path in ("/inloggen", "/vandaag", "/mensen/K-1001", "/berichten", "/controleren"):
        html = re.sub(r'<script src="/static/[a-z]+\.js" defer></script>', "", c.get(path).text)  # files: allowed
        assert "<script" not in html and "style=" not in html and "<style" not in html, path


@pytest.mark.parametrize(("public", "secure"), [
    ("https://outreach.example.nl", True), ("HTTPS://outreach.example.nl", True), (" Https://x.nl/", True),
    ("http://outreach.example.nl", False), ("", False),
])
def test_the_cookie_is_secure_whenever_the_public_url_is_https(url: str, public: str, secure: bool,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", public)
    c = client(url)
    response = c.get("/inloggen")
    assert ("secure" in response.headers["set-cookie"].lower()) is secure
    assert "samesite=strict" in response.headers["set-cookie"].lower()
    assert "httponly" in response.headers["set-cookie"].lower()
    assert csrf(c)
