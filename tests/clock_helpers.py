"""Turn a named instant into one frozen clock for a test and for the `outreach` processes it starts.

Every test runs at a fixed instant (a Wednesday morning unless it says otherwise with
`@pytest.mark.instant("saturday-evening")` or takes the `instant` fixture, which runs it at each
of INSTANTS). The clock ticks from there, so timeouts still work, but the hour and the day are
the test's, never the machine's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from outreach import clock

REPO = Path(__file__).resolve().parents[1]
SHIM = Path(__file__).resolve().parent / "clockshim"

# Amsterdam wall-clock moments where the sending window, working days or the offset change.
INSTANTS: dict[str, str] = {
    "weekday-morning": "2026-12-02T10:00:00+01:00",   # Wednesday, inside the window
    "weekday-evening": "2026-12-02T20:30:00+01:00",   # Wednesday, after the window closed
    "saturday-evening": "2026-12-05T21:45:00+01:00",
    "sunday": "2026-12-06T11:00:00+01:00",
    "christmas": "2026-12-25T09:15:00+01:00",
    "kings-day": "2027-04-27T10:00:00+02:00",         # a Tuesday holiday
    "dst-march": "2027-03-28T01:45:00+01:00",         # a quarter before the clocks go forward
    "dst-october": "2026-10-25T02:30:00+02:00",       # the first of the two 02:30s
}
DEFAULT = "weekday-morning"


def moment(name_or_iso: str) -> datetime:
    """The aware datetime of a named instant, or of an ISO string."""
    return datetime.fromisoformat(INSTANTS.get(name_or_iso, name_or_iso))


def env(**extra: str) -> dict[str, str]:
    """This process's environment for a child `outreach`, frozen at the test clock's current moment."""
    path = os.pathsep.join([str(SHIM), str(REPO)])
    return {**os.environ, "PYTHONPATH": path, "OUTREACH_TEST_NOW": clock.utcnow().isoformat(), "COLUMNS": "200", **extra}


def run_outreach(*args: str, cwd: Path | None = None, stdin: str | None = None, extra_env: dict[str, str] | None = None,
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `outreach` entry point (python -m outreach) at the test's instant."""
    return subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, timeout=timeout, env=env(**(extra_env or {})))


@contextmanager
def earlier(days: int = 1000) -> Iterator[None]:
    """Run the block `days` days before the test's current moment, then come back: e.g. import the
    list that a test then logs back-dated attempts against (an attempt never predates the list)."""
    import time_machine

    with time_machine.travel(clock.now() - timedelta(days=days), tick=True):
        yield
