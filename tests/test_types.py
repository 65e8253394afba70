"""The seams type-check under `mypy --strict`: settings, errors, storage, senders, readability report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEAMS = [
    "outreach/errors.py", "outreach/config.py", "outreach/content.py", "outreach/texts/__init__.py",
    "outreach/db.py", "outreach/fields.py", "outreach/tabular.py", "outreach/calendar_nl.py",
    "outreach/readability/report.py", "outreach/readability/checker.py",
    "outreach/messaging/senders.py", "outreach/messaging/outbox.py", "outreach/messaging/sending.py",
    "outreach/messaging/segments.py", "outreach/tracking/service.py",
    "outreach/web/accounts.py", "outreach/web/pages.py",
    "outreach/documents/versions.py", "outreach/documents/drafts.py", "outreach/readability/rulebook.py",
    "outreach/languages.py", "outreach/documents/translations.py", "outreach/documents/translationfiles.py",
    "outreach/web/limits.py", "outreach/web/throttle.py", "outreach/web/health.py", "outreach/backup.py",
]


@pytest.mark.slow
def test_seams_pass_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", *SEAMS],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
