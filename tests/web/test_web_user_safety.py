"""Nobody stops their own account or the last beheer; stopping asks twice; the CLI manages every user (issue 18.5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.cli import main
from outreach.web.accounts import Account


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    from outreach.web.users import add_user

    seed(database_url, tmp_path)
    with db.session(database_url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
    return database_url


def _id(url: str, name: str) -> int:
    with db.session(url) as s:
        return int(s.query(Account.id).filter(Account.name == name).scalar())


def _active(url: str, name: str) -> bool:
    with db.session(url) as s:
        return bool(s.query(Account.active).filter(Account.name == name).scalar())


def test_beheer_cannot_stop_itself_nor_lose_the_last_beheer(url: str) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    page = c.get("/beheer").text
    own = _id(url, "Bea Beheer")
    assert not re.search(rf'action="/beheer/gebruikers/{own}">\s*<input[^>]*>\s*<input[^>]*value="stoppen"', page)
    token = csrf(c, "/beheer")
    response = c.post(f"/beheer/gebruikers/{own}", data={"csrf": token, "actie": "stoppen", "zeker": "ja"})
    assert response.status_code == 400 and "eigen account niet stoppen" in response.text
    response = c.post(f"/beheer/gebruikers/{own}", data={"csrf": token, "actie": "rollen", "rol_communicatie": "ja"})
    assert response.status_code == 400 and "laatste persoon met de rol beheer" in response.text
    assert _active(url, "Bea Beheer") and c.get("/beheer").status_code == 200  # still in


def test_stopping_someone_asks_for_a_tick_first(url: str) -> None:
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    mira = _id(url, "Mira Communicatie")
    token = csrf(c, "/beheer")
    response = c.post(f"/beheer/gebruikers/{mira}", data={"csrf": token, "actie": "stoppen"})
    assert response.status_code == 400 and "vinkje" in response.text and _active(url, "Mira Communicatie")
    response = c.post(f"/beheer/gebruikers/{mira}", data={"csrf": token, "actie": "stoppen", "zeker": "ja"})
    assert response.status_code == 303 and not _active(url, "Mira Communicatie")


def test_the_cli_lists_changes_reactivates_and_sets_any_password(url: str, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    assert main(["web", "user", "deactivate", "Mira Communicatie"]) == 0
    assert main(["web", "user", "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Mira Communicatie.*communicatie.*nee", out) and re.search(r"Bea Beheer.*beheer.*ja", out)
    assert main(["web", "user", "deactivate", "Bea Beheer"]) != 0
    assert "laatste persoon met de rol beheer" in capsys.readouterr().err
    assert main(["web", "user", "add", "Mira Communicatie", "--role", "communicatie", "--password", PASSWORD]) != 0
    assert 'outreach web user activate "Mira Communicatie"' in capsys.readouterr().err  # a stopped name: how to return
    assert main(["web", "user", "activate", "mira communicatie"]) == 0
    assert main(["web", "user", "edit", "Mira Communicatie", "--role", "communicatie,taaladviseur"]) == 0
    assert "communicatie, taaladviseur" in capsys.readouterr().out
    assert main(["web", "user", "password", "Mira Communicatie", "--password", "een-ander-wachtwoord"]) == 0
    assert main(["web", "user", "password", "Sanne", "--password", "sanne-nieuw-ww"]) == 0  # a coach's account too
    assert main(["web", "user", "password", "Niemand Bekend", "--password", "een-ander-wachtwoord"]) != 0
    assert "Niemand kan inloggen met de naam Niemand Bekend" in capsys.readouterr().err
    c = client(url)
    assert sign_in(c, "Mira Communicatie", "een-ander-wachtwoord") == 303
    assert sign_in(client(url), "Sanne Voorbeeld", "sanne-nieuw-ww") == 303
