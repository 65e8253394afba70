"""Shared fixtures: one frozen clock and an isolated data folder for every test, and a real PostgreSQL server.

The PostgreSQL server is Debian's, started once per test session in a temporary folder (as
the `postgres` user when the tests run as root) and stopped at the end. Set
OUTREACH_TEST_POSTGRES_URL to use a server you already run instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from clock_helpers import DEFAULT, INSTANTS, SHIM, moment

from outreach import config


@pytest.fixture(autouse=True)
def frozen_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[time_machine.Traveller]:
    """Every test runs at a named instant (ticking), and so do the `outreach` processes it starts."""
    marker = request.node.get_closest_marker("instant")
    start = moment(marker.args[0] if marker else DEFAULT)
    monkeypatch.setenv("OUTREACH_TEST_NOW", start.isoformat())
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(SHIM), os.environ.get("PYTHONPATH", "")) if p))
    with time_machine.travel(start, tick=True) as traveller:
        yield traveller


@pytest.fixture(params=list(INSTANTS))
def instant(request: pytest.FixtureRequest, frozen_clock: time_machine.Traveller,
            monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once at each named instant: weekday morning and evening, weekend, holidays, clock changes.

    Name it first among a test's arguments, so that the fixtures after it are made at that instant too.
    """
    frozen_clock.move_to(moment(request.param))
    monkeypatch.setenv("OUTREACH_TEST_NOW", moment(request.param).isoformat())
    return str(request.param)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's settings or data; each gets its own data folder."""
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    from outreach import db

    db.use(None)  # templates and rules load from no earlier test's database


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed (apt-get install postgresql); .ci/setup-debian installs it")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a running PostgreSQL server (database `postgres`), for the whole session."""
    given = os.environ.get("OUTREACH_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    root = tempfile.mkdtemp(prefix="outreach-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = os.path.join(root, "data"), _free_port()
    subprocess.run([*as_user, _pg_bin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"],
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", data, "-o", options, "-l", os.path.join(root, "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database for one test."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:  # FORCE ends connections still open
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL on each backend: SQLite file and real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'outreach.db'}"
    return str(request.getfixturevalue("postgres_url"))
