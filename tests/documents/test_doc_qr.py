"""The QR code to the listen page: on letters, flyers and door cards, readable at 150 dpi, tagged, only with a public URL."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
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


@pytest.fixture
def store(content_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A SQLite database the templates load from (the web app sets its own the same way)."""
    from outreach import db

    found = f"sqlite:///{tmp_path / 'sjablonen.db'}"
    db.use(found)
    yield found
    db.use(None)


def _keywords(pdf: Path) -> str:
    import pypdf

    return str((pypdf.PdfReader(pdf).metadata or {}).get("/Keywords", ""))


def test_the_version_is_the_live_version_in_the_database_and_the_pdf_and_its_qr_code_agree(
        store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach import db
    from outreach.content import builtin_dir
    from outreach.documents import drafts, render, versions

    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC)
    assert qr.template_version("uitnodiging") == 1  # nothing saved: the built-in one
    source = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8")
    with db.session(store) as s:
        for word in ("Eerst: ", "Nieuw: "):
            assert drafts.save(s, "uitnodiging", "html", source.replace('subject = "', 'subject = "' + word, 1),
                               1, "Mira")[0] == "opgeslagen"
        versions.add(s, "uitnodiging", "html", source, versions.DRAFT, 1, "Mira")  # number 4: never live
        s.commit()
    assert qr.template_version("uitnodiging") == 3 and qr.template_version("flyer") == 1  # the file is 1
    template = load_template("uitnodiging", "html")
    (tmp_path / "brief.pdf").write_bytes(render(template, {**template.fields, **COACH}))
    out = tmp_path / "samen.pdf"
    merge(template, None, {**template.fields, **COACH}, out=out, worker_count=1)
    for pdf in (tmp_path / "brief.pdf", out):
        assert _keywords(pdf) == "uitnodiging-3", pdf.name
    assert _decode(out, tmp_path) == [f"{PUBLIC}/luister/uitnodiging-3"]


def test_a_document_for_a_coach_opens_the_coachs_listen_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC)
    template = load_template("flyer", "html")
    key = "0123456789abcdef01234567"
    out = tmp_path / "flyer.pdf"
    merge(template, None, {**template.fields, "luister_coach": key}, out=out, worker_count=1)
    assert _decode(out, tmp_path) == [f"{PUBLIC}/luister/flyer-1/{key}"]
    # a value that is not a listen key never becomes part of the address
    for wrong in ("../beheer", "Sanne Voorbeeld", key + "0", "?x=1"):
        assert qr.listen_url("flyer", 1, wrong) == f"{PUBLIC}/luister/flyer-1"
