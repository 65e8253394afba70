"""Organisation settings once (18.11): beheer sets them, every letter uses them, a form may change them for one
letter, the header shows the municipality; errors come back on the form with what was typed (18.13)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import PASSWORD, client, csrf, sign_in, signed_in_user

from outreach import db

SETTINGS = {"gemeente": "Gemeente Proefstad", "team": "Team Meedoen", "afzender_adres": "Marktplein 7",
            "afzender_postcode": "1234ab", "afzender_plaats": "Proefstad", "gemeente_telefoon": "14 013",
            "huiskleur": "#8A1C1C"}
PERSON = {"naam": "mevrouw A. Eerste", "aanhef": "Beste mevrouw Eerste", "adres": "Laan 1", "postcode": "5038 AB",
          "woonplaats": "Tilburg", "coach": "Sanne Voorbeeld"}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 30), (138, 28, 28)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, str]:
    from outreach.web.users import add_user

    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    url = f"sqlite:///{tmp_path / 'web.db'}"
    studio = signed_in_user(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    admin = client(url)
    assert sign_in(admin, "Bea Beheer") == 303
    return admin, studio, url


def _save(admin: object, data: dict[str, str], logo: bytes | None = None) -> object:
    token = csrf(admin, "/beheer/instellingen")  # type: ignore[arg-type]
    files = {"logo": ("logo.png", logo, "image/png")} if logo is not None else {"logo": ("", b"", "application/octet-stream")}
    return admin.post("/beheer/instellingen", data={**data, "csrf": token}, files=files)  # type: ignore[attr-defined]


def test_settings_are_set_once_and_every_letter_uses_them(site: tuple[object, object, str]) -> None:
    admin, studio, url = site
    response = _save(admin, SETTINGS, _png())
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    page = admin.get("/beheer/instellingen").text  # type: ignore[attr-defined]
    assert 'value="1234 AB"' in page and 'value="#8a1c1c"' in page and "De gegevens zijn opgeslagen" not in page
    assert '<a class="brand" href="/">Gemeente Proefstad</a>' in studio.get("/maken").text  # type: ignore[attr-defined]
    form = studio.get("/brieven/uitnodiging").text  # type: ignore[attr-defined]
    assert 'name="afzender_adres" type="text" data-kind="organisation" maxlength="500" value="Marktplein 7"' in form
    token = csrf(studio, "/brieven/uitnodiging")  # type: ignore[arg-type]
    pdf = studio.post("/brieven/uitnodiging", data={**PERSON, "csrf": token, "actie": "pdf"})  # type: ignore[attr-defined]
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Gemeente Proefstad" in text and "Marktplein 7" in text and "1234 AB Proefstad" in text
    assert re.search(r"Telefoon 0?14 013", text)  # the general number (h18a formats 14-numbers without the 0)
    assert b"/Subtype /Image" in pdf.content or b"/Subtype/Image" in pdf.content  # the logo and the coach photo
    one = studio.post("/brieven/uitnodiging", data={**PERSON, "csrf": token, "actie": "pdf",  # type: ignore[attr-defined]
                                                    "afzender_adres": "Dorpsstraat 2"})
    assert "Dorpsstraat 2" in PdfReader(io.BytesIO(one.content)).pages[0].extract_text()
    with db.session(url) as s:
        from outreach.web.settings import read

        assert read(s)["afzender_adres"] == "Marktplein 7"  # changed for one letter only


def test_the_house_colour_reaches_the_letter(site: tuple[object, object, str]) -> None:
    from outreach.documents import load_template, render

    html = render(load_template("uitnodiging"), {**PERSON, "coach_naam": "S", "coach_voornaam": "S",
                                                 "coach_telefoon": "0612345678", "gemeente": "G", "team": "T",
                                                 "afzender_adres": "A", "afzender_postcode": "1234 AB",
                                                 "afzender_plaats": "P", "huiskleur": "#8a1c1c"}, format="html")
    assert "--accent: #8a1c1c" in str(html)


@pytest.mark.parametrize("field, value, words", [
    ("huiskleur", "#ffff00", "te licht"),
    ("huiskleur", "rood</style>", "geen kleur"),
    ("afzender_postcode", "12345", "postcode"),
])
def test_a_wrong_setting_comes_back_on_the_form_with_what_was_typed(site: tuple[object, object, str], field: str,
                                                                    value: str, words: str) -> None:
    admin, _, _ = site
    response = _save(admin, {**SETTINGS, field: value})
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert words in text.lower() and 'value="Marktplein 7"' in text and "veld '" not in text
    assert '<a href="/beheer">' in text  # the user's menu


def test_a_logo_over_5_mb_comes_back_on_the_form_not_a_bare_error_page(site: tuple[object, object, str]) -> None:
    admin, _, _ = site
    response = _save(admin, SETTINGS, b"\x89PNG\r\n\x1a\n" + b"0" * (6 * 1024 * 1024))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "te groot" in response.text and 'value="Marktplein 7"' in response.text  # type: ignore[attr-defined]


def test_only_beheer_changes_the_settings(site: tuple[object, object, str]) -> None:
    _, studio, _ = site
    token = csrf(studio, "/maken")  # type: ignore[arg-type]
    response = studio.post("/beheer/instellingen", data={**SETTINGS, "csrf": token},  # type: ignore[attr-defined]
                           files={"logo": ("", b"", "application/octet-stream")})
    assert response.status_code == 403
    assert re.search(r'<a href="/maken">', response.text)  # the error page keeps the user's menu


def test_an_error_page_before_the_view_ran_keeps_the_users_menu(site: tuple[object, object, str]) -> None:
    admin, _, _ = site
    response = _save(admin, SETTINGS, b"0" * (16 * 1024 * 1024))  # over three times the limit: refused unread
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert '<a href="/beheer">' in response.text and "Bea Beheer" in response.text  # type: ignore[attr-defined]
    missing = admin.get("/bestaat-niet")  # type: ignore[attr-defined]
    assert missing.status_code == 404 and '<a href="/beheer">' in missing.text


def test_a_coach_photo_over_5_mb_comes_back_on_the_flyer_page(site: tuple[object, object, str]) -> None:
    _, studio, _ = site
    token = csrf(studio, "/maken/flyer")  # type: ignore[arg-type]
    response = studio.post("/maken/flyer/foto", data={"csrf": token, "coach": "Ahmed Demo"},  # type: ignore[attr-defined]
                           files={"foto": ("foto.jpg", b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024), "image/jpeg")})
    assert response.status_code == 400
    assert "te groot" in response.text and 'id="flyer"' in response.text  # the studio, not a bare error page
    assert "<option selected>Ahmed Demo</option>" in response.text and '<a href="/maken">' in response.text
