"""Beheer adds a coach with name, numbers, photo, days and neighbourhoods, edits all of them, then gives the coach an account (issue 18.3)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db, tracking


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from outreach.web.users import add_user

    (tmp_path / "eigen").mkdir()
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    c = client(url)
    assert sign_in(c, "Bea Beheer") == 303
    return c, url


def _coach(url: str, name: str):  # type: ignore[no-untyped-def]
    with db.session(url) as s:
        coach = tracking.find_coach(s, name)
        s.expunge(coach)
        return coach


def test_add_a_coach_with_everything_then_edit_it_and_give_an_account(admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c, url = admin
    token = csrf(c, "/beheer/coaches")
    response = c.post("/beheer/coaches/nieuw", data={"csrf": token, "naam": "Noor van den Broek", "telefoon": "14 013",
                                                     "whatsapp": "06-12121212", "dag_ma": "ja", "dag_wo": "ja",
                                                     "wijken": "Noord, Oost"},
                      files={"foto": ("noor.png", _png(), "image/png")})
    assert response.status_code == 303, response.text[:300]
    noor = _coach(url, "Noor")
    assert (noor.phone, noor.whatsapp, noor.working_days, noor.neighbourhoods) == ("+3114013", "+31612121212", "ma,wo",
                                                                                   "Noord,Oost")
    assert noor.photo == f"fotos/coach-{noor.id}.jpg" and (tmp_path / "eigen" / noor.photo).read_bytes()[:3] == b"\xff\xd8\xff"
    page = c.get("/beheer/coaches?nieuw=1").text
    assert "14 013" in page and "06 12 12 12 12" in page and "Er is een foto van deze coach." in page
    response = c.post(f"/beheer/coaches/{noor.id}", data={"csrf": token, "actie": "bewaren", "telefoon": "013-5431234",
                                                          "whatsapp": "", "dag_di": "ja", "wijken": "Zuid",
                                                          "naam": "Noor van den Broek-Jansen"})
    assert response.status_code == 303
    noor = _coach(url, "Noor")
    assert (noor.name, noor.phone, noor.whatsapp, noor.working_days, noor.neighbourhoods) == (
        "Noor van den Broek-Jansen", "+31135431234", None, "di", "Zuid")
    response = c.post(f"/beheer/coaches/{noor.id}", data={"csrf": token, "actie": "bewaren", "dag_di": "ja",
                                                          "naam": "sanne voorbeeld"})
    assert response.status_code == 400 and "Er is al een coach met de naam" in response.text  # a name that is taken
    assert c.post(f"/beheer/coaches/{noor.id}", data={"csrf": token, "actie": "bewaren", "dag_di": "ja",
                                                      "naam": "Noor van den Broek"}).status_code == 303
    response = c.post(f"/beheer/coaches/{noor.id}/foto", data={"csrf": token},
                      files={"foto": ("tekst.png", b"geen foto", "image/png")})
    assert response.status_code == 400 and "geen JPEG- of PNG-foto" in response.text
    assert '<option >Noor van den Broek</option>' in c.get("/beheer").text  # the new coach can be picked for an account
    response = c.post("/beheer/gebruikers", data={"csrf": csrf(c, "/beheer"), "naam": "Noor van den Broek",
                                                  "rol_coach": "ja", "coach": "Noor van den Broek",
                                                  "wachtwoord": PASSWORD})
    assert response.status_code == 303
    noor_client = client(url)
    assert sign_in(noor_client, "Noor van den Broek") == 303


@pytest.mark.parametrize(("extra", "files", "message"), [
    ({"telefoon": "12345"}, None, "geen goed telefoonnummer"),
    ({"whatsapp": "013-5431234"}, None, "mobiel"),
    ({}, {"foto": ("x.png", b"\x89PNG\r\n\x1a\nkapot", "image/png")}, "kapot"),
    ({"dag_zo": "ja"}, None, "zondag"),
])
def test_a_wrong_value_stores_nothing_and_keeps_what_was_typed(admin, extra, files, message) -> None:  # type: ignore[no-untyped-def]
    c, url = admin
    data = {"csrf": csrf(c, "/beheer/coaches"), "naam": "Noor van den Broek", "wijken": "Noord", **extra}
    response = c.post("/beheer/coaches/nieuw", data=data, files=files or {"foto": ("", b"", "application/octet-stream")})
    assert response.status_code == 400 and message in response.text
    assert 'value="Noor van den Broek"' in response.text and 'value="Noord"' in response.text
    with db.session(url) as s:
        assert [c.coach.name for c in tracking.list_coaches(s, tracking.actor(s))] == ["Ahmed Demo", "Sanne Voorbeeld"]
