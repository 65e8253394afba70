"""The QR code to the listen page: on letters, flyers and door cards, readable at 150 dpi, tagged, only with a public URL."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from doc_helpers import COACH, inspect_pdf

from outreach.documents import load_template, merge, qr
from outreach.documents.templates import html_to_text
from outreach.texts import t

PUBLIC = "https://www.gemeente.nl"


def _decode(pdf: Path, tmp_path: Path) -> list[str]:
    """Every QR code zbarimg finds on every page of `pdf`, rendered at 150 dpi."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for image in sorted(tmp_path.glob("page-*.png")):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
        found += out.stdout.split()
    return found


@pytest.mark.parametrize("name", ["uitnodiging", "flyer", "niet-thuis"])
def test_the_qr_code_in_the_merged_pdf_opens_the_listen_page(name: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC + "/")
    template = load_template(name, "html")
    out = tmp_path / "samen.pdf"
    result = merge(template, None, {**template.fields, **COACH} if name == "uitnodiging" else template.fields,
                   out=out, worker_count=1)
    assert result.rendered == 1
    address = f"{PUBLIC}/luister/{name}-1"
    assert _decode(out, tmp_path) == [address]
    facts = inspect_pdf(out)
    printed = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert f"gemeente.nl/luister/{name}-1" in printed  # the short address, as text
    assert t("documents.listen_alt") in facts.images_alt  # a tagged figure with Dutch alt text
    assert facts.pages == 1


def test_no_public_url_no_qr_code_and_a_plain_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_PUBLIC_URL", raising=False)
    template = load_template("uitnodiging", "html")
    out = tmp_path / "brief.pdf"
    merge(template, None, {**template.fields, **COACH}, out=out, worker_count=1)
    assert _decode(out, tmp_path) == []
    assert "luister" not in inspect_pdf(out).text
    assert qr.missing_public_url() == t("documents.listen_no_public_url")
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC)
    assert qr.missing_public_url() is None


def test_the_code_is_error_correction_m_and_at_least_20_mm_with_its_quiet_zone() -> None:
    import segno

    code = segno.make(PUBLIC + "/luister/bevestiging-afspraak-12", error="m", boost_error=False)
    assert code.error == "M"
    markup = str(qr.figure(PUBLIC + "/luister/uitnodiging-1"))
    assert f"width: {qr.QR_MM}mm; height: {qr.QR_MM}mm" in markup and qr.QR_MM >= 20
    assert qr.svg("x").startswith(b"<svg")
    caption = html_to_text(markup.split("<figcaption>")[1])
    assert "".join(caption.split()) == "Luisternaardezebrief:gemeente.nl/luister/uitnodiging-1"


@pytest.mark.parametrize(("text", "expected"), [
    ("uitnodiging-3", ("uitnodiging", 3)), ("bevestiging-afspraak-12", ("bevestiging-afspraak", 12)),
    ("niet-thuis-1", ("niet-thuis", 1)), ("uitnodiging", None), ("uitnodiging-0", None), ("../x-1", None),
    ("Uitnodiging-1", None), ("uitnodiging-1.mp3", None), ("a-" + "9" * 9, None),
])
def test_listen_addresses_are_read_strictly(text: str, expected: tuple[str, int] | None) -> None:
    assert qr.parse_slug(text) == expected


def test_the_version_comes_from_the_front_matter(content_dir: Path) -> None:
    source = load_template("uitnodiging", "html").path.read_text(encoding="utf-8")
    (content_dir / "uitnodiging.html.j2").write_text(source.replace('level = "B1"', 'level = "B1"\nversie = 3', 1),
                                                    encoding="utf-8")
    assert qr.template_version("uitnodiging") == 3
    assert qr.template_version("flyer") == 1
