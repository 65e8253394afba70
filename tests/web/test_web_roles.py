"""Users with roles: coach accounts keep working, each page checks the role, changes go into the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.cli import main
from outreach.tracking.models import AuditEntry
from outreach.web.accounts import Account


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        from outreach.web.users import add_user

        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        add_user(s, "os:test", "Taal Adviseur", ["taaladviseur"], PASSWORD)
    return database_url


@pytest.mark.parametrize("name, start", [("Sanne Voorbeeld", "/vandaag"), ("Mira Communicatie", "/maken"),
                                         ("Bea Beheer", "/beheer"), ("Taal Adviseur", "/controleren")])
def test_each_role_lands_on_its_own_page(url: str, name: str, start: str) -> None:
    c = client(url)
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": name, "wachtwoord": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == start


@pytest.mark.parametrize("name", ["Mira Communicatie", "Taal Adviseur", "Bea Beheer"])
@pytest.mark.parametrize("path", ["/vandaag", "/mensen/K-1001", "/berichten"])
def test_no_personal_data_without_the_coach_role(url: str, name: str, path: str) -> None:
    c = client(url)
    assert sign_in(c, name) == 303
    response = c.get(path)
    assert response.status_code == 403
    assert "Fenna" not in response.text and "06 12 34 56 78" not in response.text
    assert "rol" in response.text


@pytest.mark.parametrize("path", ["/beheer", "/maken", "/maken/flyer", "/brieven", "/brieven/uitnodiging", "/sjablonen", "/pictogrammen"])
def test_a_coach_cannot_open_the_studio_or_beheer(url: str, path: str) -> None:
    c = client(url)
    assert sign_in(c) == 303
    assert c.get(path).status_code == 403
    anonymous = client(url)
    response = anonymous.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/inloggen"


def test_beheer_adds_changes_and_stops_a_user_and_the_trail_has_ids_only(url: str) -> None:
    admin = client(url)
    assert sign_in(admin, "Bea Beheer") == 303
    token = csrf(admin, "/beheer")
    response = admin.post("/beheer/gebruikers", data={"csrf": token, "naam": "Lotte Nieuw", "rol_communicatie": "ja",
                                                      "rol_taaladviseur": "ja", "wachtwoord": "nog-een-wachtwoord"})
    assert response.status_code == 303
    assert "Lotte Nieuw" in admin.get("/beheer").text
    lotte = client(url)
    assert sign_in(lotte, "lotte nieuw", "nog-een-wachtwoord") == 303
    assert lotte.get("/controleren").status_code == 200
    with db.session(url) as s:
        account_id = s.scalar(select(Account.id).where(Account.name == "Lotte Nieuw"))
    assert admin.post(f"/beheer/gebruikers/{account_id}", data={"csrf": token, "actie": "stoppen", "zeker": "ja"}).status_code == 303
    response = lotte.get("/controleren")  # the open session ends at once
    assert "Lotte" not in response.text
    assert sign_in(client(url), "Lotte Nieuw", "nog-een-wachtwoord") == 400
    with db.session(url) as s:
        trail = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "web_user", AuditEntry.entity_id == account_id)))
    assert [e.action for e in trail] == ["create", "update"]
    assert trail[1].fields == "active" and trail[0].actor.startswith("web:")
    assert all("Lotte" not in (e.fields or "") + e.actor for e in trail)


def test_beheer_refuses_bad_input_in_dutch_and_keeps_what_was_typed(url: str) -> None:
    admin = client(url)
    assert sign_in(admin, "Bea Beheer") == 303
    token = csrf(admin, "/beheer")
    response = admin.post("/beheer/gebruikers", data={"csrf": token, "naam": "Zonder Rol", "wachtwoord": "lang-genoeg-ww"})
    assert response.status_code == 400 and "minstens één rol" in response.text and 'value="Zonder Rol"' in response.text
    response = admin.post("/beheer/gebruikers", data={"csrf": token, "naam": "Geen Coach", "rol_coach": "ja",
                                                      "wachtwoord": "lang-genoeg-ww"})
    assert response.status_code == 400 and "lijst met coaches" in response.text
    assert admin.post("/beheer/gebruikers", data={"naam": "x"}).status_code == 403  # no CSRF token


def test_web_user_add_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coaches", "add", "Sanne Voorbeeld", "--phone", "06-12345699"]) == 0
    assert main(["web", "user", "add", "Sanne Voorbeeld", "--role", "coach", "--role", "communicatie",
                 "--password", PASSWORD]) == 0
    assert "coach, communicatie" in capsys.readouterr().out
    assert main(["web", "user", "add", "Iemand", "--role", "baas", "--password", PASSWORD]) == 2
    assert "De rol 'baas' bestaat niet" in capsys.readouterr().err
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.name == "Sanne Voorbeeld"))
        assert account is not None and account.coach_id is not None and account.roles == "coach,communicatie"
    c = client(None)
    assert sign_in(c) == 303
    assert c.get("/vandaag").status_code == 200 and c.get("/maken").status_code != 403


def test_coach_accounts_from_before_users_keep_working(database_url: str) -> None:
    engine = create_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "web_0002")
        command.upgrade(cfg, "tracking_0002")
        conn.execute(text("INSERT INTO tracking_coaches (id, name, name_key, working_days, active, created_at) "
                          "VALUES (7, 'Oude Coach', 'oude coach', 'ma', :t, '2026-01-01')"), {"t": True})
    engine.dispose()
    from outreach.web.accounts import set_password

    with db.session(database_url) as s:  # migrates to the heads
        set_password(s, 7, PASSWORD)
    with db.session(database_url) as s:
        account = s.scalar(select(Account))
        assert account.roles == "coach" and account.active and account.name is None
    c = client(database_url)
    assert sign_in(c, "Oude Coach") == 303
    assert c.get("/vandaag").status_code == 200


def test_a_name_whose_folded_form_is_too_long_gets_a_dutch_error_in_the_web_and_the_cli(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = "ß" * 60  # 60 characters, folded 'ss' * 60 = 120 > name_key's 100
    admin = client(url)
    assert sign_in(admin, "Bea Beheer") == 303
    response = admin.post("/beheer/gebruikers", data={"csrf": csrf(admin, "/beheer"), "naam": long_name,
                                                      "rol_communicatie": "ja", "wachtwoord": "lang-genoeg-ww"})
    assert response.status_code == 400 and "tellen dubbel" in response.text
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    assert main(["web", "user", "add", long_name, "--role", "communicatie", "--password", PASSWORD]) == 2
    err = capsys.readouterr().err
    assert "tellen dubbel" in err and "DataError" not in err
    with db.session(url) as s:
        assert s.scalar(select(Account).where(Account.name == long_name)) is None
