"""The README's main job: `outreach demo` runs every capability on made-up data and writes its files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clock_helpers import REPO, run_outreach
from pypdf import PdfReader


@pytest.mark.instant("saturday-evening")  # the demo's story has its own fixed Wednesday morning
def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    result = run_outreach("demo", "--out", str(out), cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in ("leesbaarheid.html", "bereik.png", "documenten/flyer-a4.pdf", "documenten/uitnodigingen.pdf"):
        assert (out / name).is_file(), name
    assert len(PdfReader(out / "documenten" / "uitnodigingen.pdf").pages) >= 4
    sent = [json.loads(p.read_text()) for p in (out / "berichten").glob("*.json")]
    assert sent  # the file sender's messages: nothing left the machine
    assert {m["sent_at"][:15] for m in sent} == {"2026-11-25T09:0"}, "sent inside the window, on the demo's day"
    assert "woensdag 25 november 2026" in result.stdout and "staat klaar voor woensdag 25 november 2026 om 9.00" in result.stdout
