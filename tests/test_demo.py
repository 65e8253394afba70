"""The README's main job: `outreach demo` runs every capability on made-up data and writes its files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    result = subprocess.run([sys.executable, "-m", "outreach", "demo", "--out", str(out)],
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in ("leesbaarheid.html", "bereik.png", "documenten/flyer-a4.pdf", "documenten/uitnodigingen.pdf"):
        assert (out / name).is_file(), name
    assert len(PdfReader(out / "documenten" / "uitnodigingen.pdf").pages) >= 4
    assert list((out / "berichten").iterdir())  # the file sender's messages: nothing left the machine
