"""Fixtures for the documents tests: a coach, a person, a user content folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import COACH, PERSON


@pytest.fixture
def coach() -> dict[str, str]:
    return dict(COACH)


@pytest.fixture
def person() -> dict[str, str]:
    return dict(PERSON)


@pytest.fixture
def content_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user content folder with an empty templates/ folder, set as OUTREACH_CONTENT_DIR."""
    root = tmp_path / "eigen"
    (root / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(root))
    return root / "templates"
