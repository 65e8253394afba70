"""Turn made-up coaches, prospects and texts into a tour of what outreach does.

Every step uses fictional people only, an own database in the output folder, and the
console or file sender: nothing leaves the machine. One function per capability, in order.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import clock, content

# The demo's story happens on one fixed morning, so its output is the same whenever it runs.
MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Wednesday


def readability(out: Path) -> None:
    """Check the built-in templates and a piece of officialese; print the verdicts."""
    from .documents import sample_text
    from .readability.tour import run as tour

    extra = []
    for path in sorted(content.builtin_dir("templates").glob("[!_]*.j2")):
        text, template = sample_text(path)
        known = tuple(str(v) for v in template.fields.values())
        extra.append((path.name, text, str(template.level), str(template.kind), known))
    tour(out, extra)


def documents(out: Path) -> None:
    """Render the flyer, the letters for demo recipients and the pictogram contact sheet."""
    from .documents.tour import run as tour

    tour(out)


def tracking(out: Path) -> None:
    """Import demo prospects, log some calls, show calls due and the reach funnel."""
    from .tracking.tour import run as tour

    tour(out)


def messaging(out: Path) -> None:
    """Schedule follow-ups and send what is due through the file sender."""
    from .messaging.tour import run as tour

    tour(out)


def run(out: Path) -> None:
    """Run every step at the demo's fixed moment, writing files under `out`."""
    from .texts import t

    out.mkdir(parents=True, exist_ok=True)
    with clock.started_at(MOMENT):
        print(t("cli.demo.moment"))
        for step in (readability, documents, tracking, messaging):
            step(out)
