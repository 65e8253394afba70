"""A coach's photo is checked when it is set: missing, outside, not an image, too large -> Dutch error, nothing stored (issue 18.9)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from outreach import db, tracking
from outreach.cli import main


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "eigen"
    (root / "fotos").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(root))
    (root / "fotos" / "goed.png").write_bytes(_png())
    (root / "fotos" / "tekst.jpg").write_text("dit is geen foto")
    (root / "fotos" / "kapot.png").write_bytes(_png()[:60])
    (root / "fotos" / "groot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024 + 1))
    return root


def _photo() -> str | None:
    with db.session() as s:
        return tracking.find_coach(s, "Noor").photo


@pytest.mark.parametrize(("photo", "message"), [
    ("/nope.jpg", "niet in uw eigen map"),
    ("/etc/hostname", "niet in uw eigen map"),
    ("fotos/weg.jpg", "niet gevonden"),
    ("fotos/tekst.jpg", "geen JPEG- of PNG-foto"),
    ("fotos/kapot.png", "kapot"),
    ("fotos/groot.png", "te groot"),
    ("https://example.org/foto.jpg", "geen link"),
])
def test_a_wrong_photo_is_refused_when_it_is_set(folder: Path, capsys: pytest.CaptureFixture[str], photo: str,
                                                 message: str) -> None:
    assert main(["coaches", "add", "Noor van den Broek", "--photo", photo]) != 0
    assert message in capsys.readouterr().err
    with db.session() as s:
        assert not tracking.list_coaches(s, tracking.actor(s))  # nothing stored
    assert main(["coaches", "add", "Noor van den Broek", "--photo", "fotos/goed.png"]) == 0
    assert main(["coaches", "edit", "Noor", "--photo", photo]) != 0
    assert message in capsys.readouterr().err
    assert _photo() == "fotos/goed.png"  # the good photo stays


def test_a_good_photo_renders_and_an_empty_value_clears_it(folder: Path, tmp_path: Path) -> None:
    assert main(["coaches", "add", "Noor van den Broek", "--phone", "0612345678", "--photo", "fotos/goed.png"]) == 0
    out = tmp_path / "flyer.pdf"
    assert main(["render", "flyer", "--coach", "Noor", "--set=gemeente=Voorbeeldstad",
                 "--set=ontmoetplekken=Buurthuis", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["coaches", "edit", "Noor", "--photo", ""]) == 0
    assert _photo() is None
    assert main(["coaches", "edit", "Noor", "--name", "Noor de Vries"]) == 0  # every field can be changed, the name too
    with db.session() as s:
        assert tracking.find_coach(s, "Noor").name == "Noor de Vries"


def test_a_cut_off_photo_is_refused_also_after_weasyprint_was_loaded() -> None:
    import weasyprint  # noqa: F401  (sets PIL's LOAD_TRUNCATED_IMAGES for the whole process)

    from outreach.documents.photos import clean_photo
    from outreach.errors import InputError

    with pytest.raises(InputError, match="kapot"):
        clean_photo(_png()[:60])
