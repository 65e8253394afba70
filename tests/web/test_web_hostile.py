"""Hostile input on every form of every page: a Dutch 4xx page, never a 500, never English or a traceback."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from starlette.testclient import TestClient
from web_helpers import client, seed, sign_in

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
HOSTILE = [
    "", "x" * 50_000, "a\x00b", "9999-12-31T23:59-12:00", "0001-01-01T00:00", "0001-01-01", "10000-01-01T10:00",
    "2026-02-30T10:00", "99999999999999999999999", "-1", "<script>alert(1)</script>", "' OR 1=1 --", "{{ 7*7 }}",
    "😀" * 2000, "../../etc/passwd", "%00", "line\r\nX-Injected: yes",
]
ENGLISH = ("Traceback", "Internal Server Error", "Not Found", "Field exceeded", "Too many", "Method Not Allowed",
           "Bad Request", "multipart")


class _Forms(HTMLParser):
    """Every POST form on a page: (action, {field: default value})."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append((a.get("action") or "", {}))
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            self.forms[-1][1].setdefault(str(a["name"]), a.get("value") or "")


@pytest.fixture
def signed_in(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """Signed in as Sanne on a Monday morning (time moves on from there), one message queued."""
    with time_machine.travel(MONDAY_MORNING, tick=True):
        seed(database_url, tmp_path)
        c = client(database_url)
        assert sign_in(c) == 303
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/mensen/K-1001").text).group(1)  # type: ignore[union-attr]
        c.post("/poging/K-1001", data={"csrf": token, "uitkomst": "geen-gehoor"})  # a queued message: its forms too
        yield c


def _assert_dutch(response: object) -> None:
    status, text = response.status_code, response.text  # type: ignore[attr-defined]
    assert status < 500, text[:300]
    for word in ENGLISH:
        assert word not in text, (status, word)


def test_every_form_on_every_page_survives_hostile_values(signed_in: TestClient) -> None:
    c = signed_in
    forms: dict[str, dict[str, str]] = {}
    for path in ("/vandaag", "/mensen/K-1001", "/berichten", "/controleren", "/inloggen"):
        parser = _Forms()
        parser.feed(c.get(path).text)
        for action, fields in parser.forms:
            forms.setdefault(action, fields)
    assert {"/poging/K-1001", "/controleren", "/uitloggen"} <= set(forms)
    assert any(a.endswith("/wijzigen") for a in forms) and any(a.endswith("/annuleren") for a in forms)
    forms.pop("/uitloggen")
    forms["/inloggen"] = {"naam": "", "wachtwoord": ""}
    tried = 0
    for action, fields in forms.items():
        for name in [f for f in fields if f != "csrf"]:
            for value in HOSTILE:
                response = c.post(action, data={**fields, name: value})
                _assert_dutch(response)
                tried += 1
    assert tried > 100
    assert sign_in(c, name="Ahmed Demo") == 303  # the app still works


@pytest.mark.parametrize("path", [
    "/mensen/99999999999999999999999", "/mensen/" + "9" * 5000, "/mensen/a%00b", "/vandaag?datum=9999-12-31",
    "/vandaag?datum=0001-01-01", "/vandaag?datum=99999-01-01", "/vandaag?datum=%00", "/berichten/1/onzin",
    "/mensen/%F0%9F%98%80",
])
def test_hostile_urls_get_a_dutch_page(signed_in: TestClient, path: str) -> None:
    response = signed_in.get(path)
    _assert_dutch(response)
    assert response.status_code in (200, 404, 405)


@pytest.mark.parametrize("path", ["/berichten/99999999999999999999999/annuleren", "/poging/" + "9" * 5000,
                                  "/poging/a%00b", "/berichten/2147483648/wijzigen"])
def test_hostile_post_urls_get_a_dutch_page(signed_in: TestClient, path: str) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', signed_in.get("/controleren").text).group(1)  # type: ignore[union-attr]
    response = signed_in.post(path, data={"csrf": token, "uitkomst": "geen-gehoor"})
    _assert_dutch(response)
    assert response.status_code == 404


def test_a_huge_appointment_year_is_a_dutch_form_error(signed_in: TestClient) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', signed_in.get("/mensen/K-1001").text).group(1)  # type: ignore[union-attr]
    response = signed_in.post("/poging/K-1001", data={"csrf": token, "uitkomst": "afspraak-gemaakt",
                                                      "afspraak": "9999-12-31T23:59-12:00"})
    assert response.status_code == 400 and "geen goede datum" in response.text


def _multipart(fields: list[tuple[str, str]], boundary: str = "grens") -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


@pytest.mark.parametrize(("body", "content_type", "status"), [
    ("&".join(f"f{i}=x" for i in range(30)), "application/x-www-form-urlencoded", 400),
    ("tekst=" + "x" * 300_000, "application/x-www-form-urlencoded", 413),
    (_multipart([("csrf", "x")] + [(f"f{i}", "x") for i in range(30)]), "multipart/form-data; boundary=grens", 400),
    (b'--grens\r\nContent-Disposition: form-data; name="bestand"; filename="a.txt"\r\n\r\nhallo\r\n--grens--\r\n',
     "multipart/form-data; boundary=grens", 400),
    (b"--grens\r\nkapot", "multipart/form-data; boundary=grens", 403),  # read as empty: no CSRF token
    (b"naam=x", "multipart/form-data", 400),
])
def test_broken_or_too_big_forms_get_a_dutch_error(signed_in: TestClient, body: str | bytes, content_type: str,
                                                   status: int) -> None:
    for path in ("/controleren", "/inloggen"):
        response = signed_in.post(path, content=body, headers={"Content-Type": content_type})
        _assert_dutch(response)
        assert response.status_code == status
        assert "formulier" in response.text or "te veel tekst" in response.text


@pytest.mark.parametrize("path", ["/beheer/coaches?gestopt={}", "/regels?nieuw={}", "/pictogrammen?nieuw={}"])
def test_a_link_cannot_put_its_own_words_in_a_notice(tmp_path: Path, path: str) -> None:
    from web_helpers import PASSWORD

    from outreach import db
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Alle Rollen", ["beheer", "taaladviseur", "communicatie"], PASSWORD)
    c = client(url)
    assert sign_in(c, "Alle Rollen") == 303
    page = c.get(path.format("Bel%20ons%20direct%20op%200900-1234567"))
    assert page.status_code == 200 and "0900-1234567" not in page.text


@pytest.mark.parametrize(("path", "kind"), [("/beheer/coaches?gestopt={}", "coach-stopped"),
                                            ("/regels?nieuw={}", "rules-added"), ("/pictogrammen?nieuw={}", "pictogram-added")])
def test_a_signed_notice_works_on_its_own_page_only_and_for_ten_minutes(tmp_path: Path, path: str, kind: str,
                                                                      frozen_clock: time_machine.Traveller) -> None:
    from datetime import timedelta

    from web_helpers import PASSWORD

    from outreach import db
    from outreach.web import notices
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Alle Rollen", ["beheer", "taaladviseur", "communicatie"], PASSWORD)
    c = client(url)
    assert sign_in(c, "Alle Rollen") == 303
    words = "Bel ons direct op 0900-1234567"
    for other in ("coach-stopped", "rules-added", "pictogram-added"):
        shown = "0900-1234567" in c.get(path.format(notices.signed(other, words))).text  # type: ignore[arg-type]
        assert shown == (other == kind), other
    link = path.format(notices.signed(kind, words))  # type: ignore[arg-type]
    frozen_clock.shift(timedelta(seconds=notices.MAX_AGE - 5))
    assert "0900-1234567" in c.get(link).text
    frozen_clock.shift(timedelta(seconds=10))
    assert "0900-1234567" not in c.get(link).text
