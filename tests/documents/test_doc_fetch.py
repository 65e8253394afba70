"""The PDF renderer fetches nothing from the network and no file outside the content folders (issue 9.4)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.documents import render
from outreach.errors import FieldError


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.end_headers()
            self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("photo", ["{url}/foto.jpg", "https://127.0.0.1:1/x.png", "file:///etc/hostname",
                                   "data:image/svg+xml,<svg/>", "/etc/hostname", "../../../../etc/hostname"])
def test_a_photo_value_is_never_fetched(server: tuple[str, list[str]], coach: dict[str, str], photo: str,
                                        content_dir: Path) -> None:
    url, hits = server
    with pytest.raises(FieldError) as err:
        render("flyer", {**coach, "ontmoetplekken": "Buurthuis", "coach_foto": photo.format(url=url)})
    assert err.value.where and err.value.where.field == "coach_foto"
    assert hits == []


def test_a_photo_symlink_out_of_the_content_folder_is_refused(tmp_path: Path, coach: dict[str, str],
                                                               content_dir: Path) -> None:
    outside = tmp_path / "elders.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    (content_dir.parent / "foto.svg").symlink_to(outside)
    with pytest.raises(FieldError):
        render("flyer", {**coach, "ontmoetplekken": "Buurthuis", "coach_foto": "foto.svg"})


def test_a_photo_in_the_content_folder_is_used_by_its_relative_name(coach: dict[str, str], content_dir: Path) -> None:
    (content_dir.parent / "fotos").mkdir()
    (content_dir.parent / "fotos" / "sanne.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>')
    pdf = render("flyer", {**coach, "ontmoetplekken": "Buurthuis", "coach_foto": "fotos/sanne.svg"})
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_a_template_cannot_fetch_urls_or_attach_files(server: tuple[str, list[str]], tmp_path: Path,
                                                      content_dir: Path) -> None:
    import pikepdf

    url, hits = server
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM-1234")
    (content_dir / "lek.html.j2").write_text(
        '{#---\nkind = "flyer"\ntitle = "Hallo"\nlevel = "A2"\n[fields]\n---#}\n'
        '<!DOCTYPE html><html lang="nl"><head><title>Hallo</title>'
        f'<link rel="attachment" href="{secret.as_uri()}">'
        f'<link rel="stylesheet" href="{url}/stijl.css">'
        f'<style>@import url("{url}/import.css"); body {{ background: url("{url}/bg.png"); }}</style></head>'
        f'<body><p>Hallo.</p><img src="{url}/beeld.svg" alt="x"><img src="{secret.as_uri()}" alt="y">'
        f'<a rel="attachment" href="file:///etc/hostname">bijlage</a>'
        f'<object data="{url}/object.svg"></object><iframe src="{url}/frame.html"></iframe></body></html>\n',
        encoding="utf-8")
    pdf = render("lek", {}, format="pdf", out=tmp_path / "lek.pdf")
    assert isinstance(pdf, bytes)
    assert hits == []
    assert b"GEHEIM-1234" not in pdf
    with pikepdf.open(tmp_path / "lek.pdf") as doc:
        assert "/Names" not in doc.Root or "/EmbeddedFiles" not in doc.Root.Names
        for page in doc.pages:
            for annot in page.get("/Annots", []):
                assert annot.get("/Subtype") != "/FileAttachment"
