"""Several web workers behind one address: what they share lives in the database and the data folder, not in a process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient
from web_helpers import PASSWORD, csrf, seed

from outreach import keyed
from outreach.web import create_app, secret_key


@pytest.mark.parametrize("read_key", [secret_key, keyed.secret], ids=["web-secret", "tracking-secret"])
def test_workers_starting_at_once_read_one_whole_secret_key(read_key: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_SECRET_KEY", raising=False)
    keys: list[object] = []
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        keys.append(read_key())

    threads = [threading.Thread(target=read) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) >= 32


def test_a_session_and_a_notice_of_one_worker_hold_on_another(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    one, two = (TestClient(create_app(database_url), follow_redirects=False) for _ in range(2))
    answer = one.post("/inloggen", data={"csrf": csrf(one), "naam": "Sanne Voorbeeld", "wachtwoord": PASSWORD})
    assert answer.status_code == 303
    two.cookies = one.cookies  # the next request lands on the other worker
    today = two.get("/vandaag")
    assert today.status_code == 200 and "Fenna" in today.text


def test_the_health_check_answers_without_a_session_or_personal_data(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    c = TestClient(create_app(database_url), follow_redirects=False)
    answer = c.get("/gezond")
    assert answer.status_code == 200 and "database geeft antwoord" in answer.text
    assert "set-cookie" not in answer.headers and answer.headers["cache-control"] == "no-store"
    assert "Fenna" not in answer.text and "Sanne" not in answer.text


def test_the_health_check_says_503_when_the_database_is_gone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    c = TestClient(create_app(url), follow_redirects=False)
    c.app.state.database_url = f"sqlite:///{tmp_path / 'weg' / 'web.db'}"  # type: ignore[attr-defined]
    answer = c.get("/gezond")
    assert answer.status_code == 503 and "geen antwoord" in answer.text and "weg" not in answer.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_with_two_workers_answers_on_one_address(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    port = _free_port()
    env = {**os.environ, "OUTREACH_DATABASE_URL": database_url}
    server = subprocess.Popen([sys.executable, "-m", "outreach", "web", "serve", "--workers", "2", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        codes: list[int] = []
        for _ in range(300):  # up to 30 s for both workers to start
            try:
                codes.append(httpx.get(f"http://127.0.0.1:{port}/gezond", timeout=5).status_code)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False, timeout=30) as c:
            page = c.get("/inloggen")
            token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            signed = c.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": PASSWORD})
            codes += [signed.status_code] + [c.get("/vandaag").status_code for _ in range(10)]
        assert codes == [200, 303] + [200] * 10
    finally:
        server.terminate()
        server.wait(30)
