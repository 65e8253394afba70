"""Sessions: the cookie holds only the account id and a version; sign-out and a new password end it."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from web_helpers import client, seed, sign_in

from outreach import db
from outreach.tracking.service import find_coach
from outreach.web.accounts import set_password


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    seed(database_url, tmp_path)
    return database_url


def _cookie_payload(value: str) -> dict[str, object]:
    data = value.split(".")[0]
    return json.loads(base64.b64decode(data + "=" * (-len(data) % 4)))  # type: ignore[no-any-return]


def test_a_cookie_saved_before_sign_out_no_longer_works(url: str) -> None:
    c = client(url)
    assert sign_in(c) == 303
    saved = c.cookies["session"]
    assert c.get("/vandaag").status_code == 200
    token = c.get("/vandaag").text.split('name="csrf" value="')[1].split('"')[0]
    assert c.post("/uitloggen", data={"csrf": token}).status_code == 303
    thief = client(url)
    thief.cookies.set("session", saved)
    response = thief.get("/vandaag")
    assert response.status_code == 303 and response.headers["location"] == "/inloggen"
    assert thief.get("/mensen/K-1001").status_code == 303


def test_a_new_password_ends_saved_sessions(url: str) -> None:
    c = client(url)
    assert sign_in(c) == 303
    saved = c.cookies["session"]
    with db.session(url) as s:
        set_password(s, find_coach(s, "Sanne Voorbeeld").id, "een-nieuw-wachtwoord")
    old = client(url)
    old.cookies.set("session", saved)
    assert old.get("/vandaag").status_code == 303
    assert sign_in(old, password="een-nieuw-wachtwoord") == 303
    assert old.get("/vandaag").status_code == 200


def test_the_cookie_holds_no_name(url: str) -> None:
    c = client(url)
    assert sign_in(c) == 303
    page = c.get("/vandaag")
    assert "Sanne Voorbeeld" in page.text  # the name comes from the database
    payload = _cookie_payload(c.cookies["session"])
    assert set(payload) <= {"account", "v", "csrf"}
    assert "Sanne" not in json.dumps(payload)


def test_web_migrations_match_the_models(url: str) -> None:
    from outreach.messaging import models as messaging_models  # noqa: F401  (every table on db.Base,
    from outreach.web import reviews  # noqa: F401                 also when this test runs alone)
    from outreach.documents import versions  # noqa: F401
    from outreach.pictograms import records  # noqa: F401
    from outreach.readability import rulebook  # noqa: F401
    from outreach.web import recordings, settings, signin, waivers  # noqa: F401

    with db.engine(url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.Base.metadata)
    ours = [d for d in diff if "web_" in repr(d) or "messaging_webhooks_seen" in repr(d)]
    assert ours == [], ours
