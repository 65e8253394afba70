"""Sjablonen: every template with its kind, level, verdict and a thumbnail of the first page."""

from __future__ import annotations

from pathlib import Path

from web_helpers import signed_in_user

from outreach.documents.templates import template_names


def test_the_gallery_shows_every_template_with_level_verdict_and_thumbnail(tmp_path: Path) -> None:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    page = c.get("/sjablonen").text
    for name in template_names():
        assert name in page
    assert page.count("schrijfregels") == len(template_names())
    image = c.get("/sjablonen/flyer/voorbeeld.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert c.get("/sjablonen/bestaat-niet/voorbeeld.png").status_code == 404
