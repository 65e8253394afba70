"""Flyer maken: a coach from the record, pictograms per line, live preview with verdict, PDF and print PDF, photo upload."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from web_helpers import csrf, signed_in_user

from outreach import db
from outreach.tracking.models import AuditEntry, Coach


@pytest.fixture
def studio(tmp_path: Path) -> tuple[object, str]:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    return c, csrf(c, "/maken/flyer")


FORM = {"coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "plekken": "Buurthuis De Linde\nBibliotheek",
        "formaat": "A4", "picto_1": "fiets"}


def test_the_preview_is_an_image_of_the_page_with_the_verdict(studio: tuple[object, str]) -> None:
    c, token = studio
    response = c.post("/maken/flyer/voorbeeld", data={**FORM, "csrf": token})  # type: ignore[attr-defined]
    assert response.status_code == 200
    result = response.json()
    assert base64.b64decode(result["image"].split(",", 1)[1]).startswith(b"\x89PNG")
    assert result["verdict"]["class"] == "verdict-pass" and "A2" in result["verdict"]["text"]


def test_without_script_the_preview_shows_on_the_page(studio: tuple[object, str]) -> None:
    c, token = studio
    response = c.post("/maken/flyer", data={**FORM, "csrf": token, "actie": "voorbeeld"})  # type: ignore[attr-defined]
    assert response.status_code == 200 and 'src="data:image/png;base64,' in response.text


@pytest.mark.parametrize("action, suffix, wider", [("pdf", "flyer-A4.pdf", False), ("drukwerk", "flyer-A4-drukwerk.pdf", True)])
def test_download_the_flyer_and_the_print_shop_pdf(studio: tuple[object, str], action: str, suffix: str, wider: bool) -> None:
    c, token = studio
    response = c.post("/maken/flyer", data={**FORM, "csrf": token, "actie": action})  # type: ignore[attr-defined]
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{suffix}"'
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Sanne Voorbeeld" in text and "Buurthuis De Linde" in text
    width = float(reader.pages[0].mediabox.width)
    assert (width > 596) is wider  # A4 is 595 pt; bleed and crop marks make the sheet bigger


def test_an_unknown_coach_or_pictogram_is_a_dutch_message(studio: tuple[object, str]) -> None:
    c, token = studio
    response = c.post("/maken/flyer/voorbeeld", data={**FORM, "csrf": token, "coach": "Niemand"})  # type: ignore[attr-defined]
    assert response.status_code == 400 and "Kies een coach" in response.json()["error"]
    response = c.post("/maken/flyer/voorbeeld", data={**FORM, "csrf": token, "picto_2": "raket"})  # type: ignore[attr-defined]
    assert response.status_code == 400 and "raket" in response.json()["error"]


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (300, 400), (200, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "Camera van de coach"  # Make
    exif[0x0132] = "2026:11:30 10:00:00"  # DateTime
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"Camera van de coach" in out.getvalue()
    return out.getvalue() + b"verstopt achter het plaatje"


def test_a_photo_is_cleaned_stored_and_used(studio: tuple[object, str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    c, token = studio
    response = c.post("/maken/flyer/foto", data={"csrf": token, "coach": "Sanne Voorbeeld"},  # type: ignore[attr-defined]
                      files={"foto": ("sanne.jpg", _jpeg_with_gps(), "image/jpeg")})
    assert response.status_code == 303
    stored = next((tmp_path / "eigen" / "fotos").glob("coach-*.jpg")).read_bytes()
    assert b"Camera" not in stored and b"verstopt" not in stored and b"Exif" not in stored
    with db.session(str(c.app.state.database_url)) as s:  # type: ignore[attr-defined]
        coach = s.scalar(select(Coach).where(Coach.name == "Sanne Voorbeeld"))
        assert coach.photo and coach.photo.startswith("fotos/coach-")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "coach").order_by(AuditEntry.id.desc())).first()
        assert entry.fields == "photo" and entry.actor.startswith("web:")


@pytest.mark.parametrize("name, data, words", [
    ("plaatje.gif", b"GIF89a" + b"\x00" * 100, "geen JPEG- of PNG-foto"),
    ("kapot.jpg", b"\xff\xd8\xff\xe0" + b"rommel" * 50, "kapot"),
    ("tekst.png", b"Dit is geen plaatje", "geen JPEG- of PNG-foto"),
])
def test_a_wrong_photo_is_refused_and_nothing_changes(studio: tuple[object, str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, words: str) -> None:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    c, token = studio
    response = c.post("/maken/flyer/foto", data={"csrf": token, "coach": "Sanne Voorbeeld"},  # type: ignore[attr-defined]
                      files={"foto": (name, data, "image/jpeg")})
    assert response.status_code == 400 and words in response.text
    assert not (tmp_path / "eigen" / "fotos").exists()
    with db.session(str(c.app.state.database_url)) as s:  # type: ignore[attr-defined]
        assert s.scalar(select(Coach.photo).where(Coach.name == "Sanne Voorbeeld")) is None


def test_a_50_mb_upload_is_refused_early(studio: tuple[object, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    c, token = studio
    big = b"\xff\xd8\xff" + b"\x00" * (50 * 1024 * 1024)
    response = c.post("/maken/flyer/foto", data={"csrf": token, "coach": "Sanne Voorbeeld"},  # type: ignore[attr-defined]
                      files={"foto": ("groot.jpg", big, "image/jpeg")})
    assert response.status_code == 413 and "hooguit 5 MB" in response.text
    assert not (tmp_path / "eigen" / "fotos").exists()


def test_without_pdftoppm_the_preview_says_what_to_install(studio: tuple[object, str], monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))  # the preview is made in a render worker with the caller's environment
    c, token = studio
    response = c.post("/maken/flyer/voorbeeld", data={**FORM, "csrf": token})  # type: ignore[attr-defined]
    assert response.status_code == 400 and "poppler-utils" in response.json()["error"]


def test_a_flyer_for_a_coach_carries_the_qr_code_of_the_coachs_listen_page(studio: tuple[object, str], tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    monkeypatch.setenv("OUTREACH_PUBLIC_URL", "https://www.gemeente.nl")
    c, token = studio
    response = c.post("/maken/flyer", data={**FORM, "csrf": token, "actie": "pdf"})  # type: ignore[attr-defined]
    assert response.status_code == 200
    with db.session(f"sqlite:///{tmp_path / 'web.db'}") as s:
        key = s.scalar(select(Coach.listen_key).where(Coach.name == "Sanne Voorbeeld"))
    (tmp_path / "flyer.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "flyer.pdf"), str(tmp_path / "flyer")],
                   check=True)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "flyer.png")], capture_output=True, text=True)
    assert read.stdout.split() == [f"https://www.gemeente.nl/luister/flyer-1/{key}"]
    assert "flyer-1" == str((PdfReader(io.BytesIO(response.content)).metadata or {}).get("/Keywords"))
