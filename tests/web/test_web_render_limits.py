"""Renders from the web run in a killable worker: too slow, too busy and a client that has gone (issue 16.2)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from template_samples import FRONT
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.documents import worker
from outreach.texts import t

CHECK = "/sjablonen/volgende-maand/sms/controleren"
HANDWRITTEN = FRONT + "Hallo.\n"  # hand-written Jinja runs in a render worker (a plain body is checked in the server)


def sleepy(seconds: float) -> str:
    time.sleep(seconds)
    return "wakker"


@pytest.fixture
def studio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    from outreach.web.users import add_user

    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
    c = client(url)
    assert sign_in(c, "Mira Communicatie") == 303
    return c


def test_a_live_check_past_its_time_limit_answers_in_dutch(studio: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SECONDS", 0)  # no render is done the moment it starts
    response = studio.post(CHECK, data={"csrf": csrf(studio, "/sjablonen/volgende-maand/sms/bewerken"), "bron": HANDWRITTEN})
    assert response.status_code == 400 and response.json()["error"] == t("documents.render_too_slow")
    assert worker.running() == 0


def test_a_live_check_when_all_workers_are_busy_says_try_again(studio: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_WORKERS", "1")
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0.2)
    token = csrf(studio, "/sjablonen/volgende-maand/sms/bewerken")
    other = threading.Thread(target=lambda: worker.run(sleepy, 3, owner="iemand-anders"), daemon=True)
    other.start()
    for _ in range(400):  # bounded: the other render holds the one place
        if worker.holding("iemand-anders"):
            break
        time.sleep(0.05)
    response = studio.post(CHECK, data={"csrf": token, "bron": HANDWRITTEN})
    assert response.status_code == 400 and response.json()["error"] == "Het is nu te druk. Probeer het zo nog eens."
    other.join()


def test_a_render_stops_when_the_client_goes_away() -> None:
    """A real server (uvicorn): the view's render worker is killed once the browser closes the connection."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from outreach.web.studio import client_gone

    outcome: list[str] = []

    def slow(request: Request) -> PlainTextResponse:
        try:
            return PlainTextResponse(worker.run(sleepy, 60, cancelled=client_gone(request), seconds=120))
        except worker.TooSlow as exc:
            outcome.append(str(exc))
            raise

    async def endpoint(request: Request) -> PlainTextResponse:
        return await run_in_threadpool(slow, request)

    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/traag", endpoint)]), host="127.0.0.1", port=0,
                                           log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with socket.create_connection(("127.0.0.1", port)) as browser:
            browser.sendall(b"GET /traag HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            for _ in range(600):  # bounded: the render has started
                if worker.running():
                    break
                time.sleep(0.05)
            assert worker.running() == 1
        for _ in range(600):  # bounded (30 s), far below the 60 s the render would take
            if outcome:
                break
            time.sleep(0.05)
        assert outcome == [t("documents.render_too_slow")] and worker.running() == 0
    finally:
        server.should_exit = True
        thread.join(10)


def test_saving_a_template_is_checked_under_the_time_limit_first(studio: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    token = csrf(studio, "/sjablonen/volgende-maand/sms/bewerken")
    monkeypatch.setattr(worker, "SECONDS", 0)
    response = studio.post("/sjablonen/volgende-maand/sms/bewerken", data={"csrf": token, "bron": HANDWRITTEN, "actie": "opslaan"})
    assert response.status_code == 400 and t("documents.render_too_slow") in response.text
    assert not list((tmp_path / "eigen" / "templates").iterdir())  # nothing stored


def test_a_place_held_by_another_web_worker_process_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render places are flocks on files in the data folder: another process's renders fill them too."""
    import fcntl
    import os

    from outreach import config

    monkeypatch.setenv("OUTREACH_WORKERS", "2")
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0.2)
    folder = config.data_dir() / "render-places"
    folder.mkdir(exist_ok=True)
    held = []
    for name in ("place-0", "place-1"):  # another process's descriptors (flock is per open file, so this is a stranger)
        fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.append(fd)
    with pytest.raises(worker.Busy):
        worker.run(sleepy, 0, owner="iemand")
    os.close(held.pop())  # that process ended one render (or died): its place is free
    assert worker.run(sleepy, 0, owner="iemand") == "wakker"
    os.close(held.pop())
