"""Turn Dutch text into a readability report against the B1/A2 writing rules.

Public API: `check(text, level="B1", kind="letter", known_words=())` -> `Report` with
`verdict` (pass|warn|fail), `score` (0-100, higher is harder), `metrics`, `findings`
(rule, severity, start, end, message, suggestions) and `to_dict()`.
This module stays light: the checker and its data load on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Finding, Report

__all__ = ["check", "Report", "Finding", "LEVELS", "KINDS"]

LEVELS = ("A2", "B1")
KINDS = ("letter", "flyer", "sms", "whatsapp")


def check(text: str, level: str = "B1", kind: str = "letter", known_words: Iterable[str] = (),
          waived: Mapping[tuple[str, int, int], str] | None = None) -> Report:
    """Check `text` against the writing rules of `level` for `kind`; see `outreach.readability.checker`."""
    from .checker import check as _check

    return _check(text, level=level, kind=kind, known_words=known_words, waived=waived)


def __getattr__(name: str) -> object:
    if name in ("Report", "Finding"):
        from . import report

        return getattr(report, name)
    raise AttributeError(name)
