"""A database error inside a request: the Dutch error page, and a log with a reference and no field values."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from web_helpers import PASSWORD, seed, serving

from outreach import db

LOGGERS = ("", "uvicorn", "uvicorn.error", "starlette", "outreach")
SECRETS = ("Fenna", "Testpersoon", "Lindelaan", "06-12345678", "0612345678", "5038", "argon2", "$argon2id")


class _Collect(logging.Handler):
    """Every record of a logger, formatted with its traceback, as the server would write it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def attach(self) -> None:
        """Listen to the loggers (again: uvicorn's start replaces the handlers of its own)."""
        for name in LOGGERS:
            if self not in logging.getLogger(name).handlers:
                logging.getLogger(name).addHandler(self)


@pytest.fixture
def server_log() -> Iterator[_Collect]:
    """The log of uvicorn, Starlette and outreach while the test runs."""
    handler = _Collect()
    handler.attach()
    yield handler
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)


def _break_table(url: str, table: str) -> None:
    """Every insert into `table` fails from now on (a CHECK on PostgreSQL quotes the failing row)."""
    with db.engine(url).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT kapot CHECK (false) NOT VALID"))
        else:
            conn.execute(text(f"CREATE TRIGGER kapot BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'kapot'); END"))


def _signed_in(base: str, name: str = "Sanne Voorbeeld") -> httpx.Client:
    c = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/inloggen").text)
    assert token
    assert c.post("/inloggen", data={"csrf": token.group(1), "naam": name, "wachtwoord": PASSWORD}).status_code == 303
    return c


def _csrf(c: httpx.Client, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found, path
    return found.group(1)


@pytest.mark.parametrize("table", ["messaging_outbox", "tracking_attempts"])
def test_a_database_error_logs_no_field_value(database_url: str, tmp_path: Path, server_log: _Collect, table: str) -> None:
    seed(database_url, tmp_path)
    _break_table(database_url, table)
    with serving(database_url) as base:
        server_log.attach()
        c = _signed_in(base)
        note = "Fenna Testpersoon woont Lindelaan 1, 5038 AB, bel 06-12345678"
        response = c.post("/poging/K-1001", data={"csrf": _csrf(c, "/mensen/K-1001"), "uitkomst": "geen-gehoor",
                                                  "kanaal": "bellen", "notitie": note})
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text and "Traceback" not in response.text and "Lindelaan 1," not in response.text
    logged = "\n".join(server_log.lines)
    assert re.search(r"unexpected \w+ \(ref [0-9a-f]{8}\)", logged), logged
    assert "Exception in ASGI application" not in logged  # the server never sees the exception
    for secret in SECRETS:
        assert secret not in logged, (secret, logged)
    with db.session(database_url) as s:  # nothing half-stored
        assert s.execute(text("SELECT count(*) FROM tracking_attempts")).scalar() == 0


def test_a_database_error_on_an_account_logs_no_password_hash(database_url: str, tmp_path: Path,
                                                              server_log: _Collect) -> None:
    from outreach.web.users import add_user

    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    _break_table(database_url, "web_accounts")
    with serving(database_url) as base:
        server_log.attach()
        c = _signed_in(base, "Bea Beheer")
        response = c.post("/beheer/gebruikers", data={"csrf": _csrf(c, "/beheer"), "naam": "Fenna Testpersoon",
                                                      "rol_communicatie": "ja", "wachtwoord": "Lindelaan-06-12345678"})
    assert response.status_code == 500
    logged = "\n".join(server_log.lines)
    for secret in (*SECRETS, "Lindelaan-06"):
        assert secret not in logged, (secret, logged)
