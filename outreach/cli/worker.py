"""Turn `outreach worker` into a process that makes the queued mail merges until it is stopped.

SIGTERM or Ctrl+C: the current part of the current job is finished, the job goes back to the
queue (another worker goes on where it was) and the process ends. Any number of workers may
run, on one machine or several, against one database (PostgreSQL) and one data folder.
"""

from __future__ import annotations

import signal
import threading

from ..texts import t
from .dutch import Typer


def worker() -> None:
    from .. import db
    from ..web import taskqueue
    from .output import console

    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    db.use(db.database_url())  # templates saved in the web app load from this database first
    console().print(t("web.worker.started"))
    taskqueue.run(None, stop)
    console().print(t("web.worker.stopped"))


def register(app: Typer) -> None:
    """Add `outreach worker` to the main app."""
    app.command("worker", help=t("web.worker.help"))(worker)
