"""`pip install .` alone gives a working outreach: the content folders ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("outreach-*.whl"))


def test_wheel_carries_the_content_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("templates", "pictograms", "readability"):
        shipped = {n for n in names if n.startswith(f"outreach/_content/{kind}/")}
        in_repo = {f"outreach/_content/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / kind).rglob("*")
                   if p.is_file() and p.name != ".keep"}
        assert in_repo <= shipped, f"missing from the wheel: {sorted(in_repo - shipped)[:5]}"


def test_installed_wheel_checks_a_text_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    text = tmp_path / "brief.txt"
    text.write_text("Ik ben Sanne. Ik ben uw coach. Ik bel u volgende week.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target), "OUTREACH_DATA_DIR": str(tmp_path / "data")}
    where = subprocess.run([sys.executable, "-c", "import outreach.content as c; print(c.builtin_dir('readability'))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(target))
    result = subprocess.run([sys.executable, "-m", "outreach", "check", str(text)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
