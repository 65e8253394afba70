"""Turn made-up coaches, prospects and texts into a tour of what outreach does.

Every step uses fictional people only, an own database in the output folder, and the
console or file sender: nothing leaves the machine. One function per capability, in order.
"""

from __future__ import annotations

from pathlib import Path


def readability(out: Path) -> None:
    """Check the built-in templates and a piece of officialese; print the verdicts."""


def documents(out: Path) -> None:
    """Render the flyer, the letters for demo recipients and the pictogram contact sheet."""


def tracking(out: Path) -> None:
    """Import demo prospects, log some calls, show calls due and the reach funnel."""


def messaging(out: Path) -> None:
    """Schedule follow-ups and send what is due through the file sender."""


def run(out: Path) -> None:
    """Run every step, writing files under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for step in (readability, documents, tracking, messaging):
        step(out)
