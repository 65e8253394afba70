"""The demo step: made-up list in, a few weeks of attempts, today's lists, chart and export out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach import demo


def test_tracking_demo_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo.tracking(tmp_path)
    out = capsys.readouterr().out
    assert "Vandaag te doen voor Sanne Voorbeeld" in out and "regel 14" in out
    assert (tmp_path / "bereik.png").read_bytes()[:4] == b"\x89PNG"
    data = json.loads((tmp_path / "inzage-D-1003.json").read_text(encoding="utf-8"))
    assert data["persoon"]["klantnummer"] == "D-1003" and data["pogingen"]
    assert (tmp_path / "outreach.db").is_file()
