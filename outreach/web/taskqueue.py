"""Turn long work started from the web (mail merges) into rows of `web_jobs` that any worker process can claim.

No queue library fits: the well-kept ones (procrastinate, pgqueuer, beanqueue) run on
PostgreSQL only, and the embedded set-up runs on SQLite. So this is a small claim module, not a
scheduler: a job is `checked` (made, not asked for yet), `queued`, `running` (with a worker
name, progress and a heartbeat), `done` (with its file under the data folder) or `failed`
(with a Dutch reason).

`claim` takes the oldest queued job, or a running one whose heartbeat is older than STALE (its
worker died), and marks it running for this worker in one transaction: on PostgreSQL the row
is picked with `SELECT ... FOR UPDATE SKIP LOCKED`; on SQLite the database's write lock is
taken first (as BEGIN IMMEDIATE), and on both the change is a compare-and-set UPDATE (the
state and heartbeat seen) that must change exactly one row. A worker keeps its claim only
while `beat` still finds the row in its name; every time comes from `outreach.clock`.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock, db
from ..db import Base, UtcDateTime

STALE = timedelta(seconds=60)  # a running job without a heartbeat this long is taken over
BEAT = 10.0  # seconds between heartbeats of a running job
POLL = 1.0  # seconds a worker waits when there is nothing to do
MAX_ATTEMPTS = 5  # a job whose workers died this often fails (it may be what kills them)
log = logging.getLogger("outreach.worker")


class QueuedJob(Base):
    """One piece of long work: what, whose, how far, by which worker, and its outcome."""

    __tablename__ = "web_jobs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    owner: Mapped[int] = mapped_column(Integer, index=True)  # the account; nobody else sees the job
    state: Mapped[str] = mapped_column(String(10), index=True)  # checking, checked, queued, running, done, failed
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)
    heartbeat: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # the Dutch reason of a failed job
    result: Mapped[str | None] = mapped_column(String(300), nullable=True)  # the file, relative to the data folder
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON: what the kind needs to run
    created: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    finished: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


def worker_name() -> str:
    """A name for this worker: host, process and a random part (two threads of one process differ)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def claim(url: str | None, worker: str) -> QueuedJob | None:
    """Take the oldest queued job, or one whose worker stopped beating; None when there is none."""
    now = clock.utcnow()
    with db.session(url) as s:
        postgres = s.get_bind().dialect.name == "postgresql"
        if not postgres:
            db.write_lock(s, "jobs")  # SQLite: the write lock first (BEGIN IMMEDIATE), then read
        query = (select(QueuedJob)
                 .where(or_(QueuedJob.state == "queued",
                            (QueuedJob.state == "running") & (QueuedJob.heartbeat < now - STALE)))
                 .order_by(QueuedJob.created, QueuedJob.id).limit(1))
        if postgres:
            query = query.with_for_update(skip_locked=True)
        job = s.scalars(query).first()
        if job is None:
            return None
        seen_state, seen_beat = job.state, job.heartbeat
        guard = QueuedJob.heartbeat.is_(None) if seen_beat is None else QueuedJob.heartbeat == seen_beat
        changed = s.execute(update(QueuedJob)
                            .where(QueuedJob.id == job.id, QueuedJob.state == seen_state, guard)
                            .values(state="running", worker=worker, heartbeat=now, attempts=QueuedJob.attempts + 1)
                            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        if changed != 1:  # another worker was first
            return None
        s.expire(job)
        s.refresh(job)
        if seen_state == "running":
            log.warning("job %s taken over from a worker without heartbeat", job.id)
        return job


def beat(url: str | None, job_id: str, worker: str, done: int | None = None) -> bool:
    """Renew this worker's heartbeat (and progress); False when the job is no longer ours (taken over or gone)."""
    values: dict[str, object] = {"heartbeat": clock.utcnow()}
    if done is not None:
        values["done"] = done
    with db.session(url) as s:
        return s.execute(update(QueuedJob).where(QueuedJob.id == job_id, QueuedJob.worker == worker,
                                                 QueuedJob.state == "running").values(**values)
                         .execution_options(synchronize_session=False)).rowcount == 1  # type: ignore[attr-defined]


def finish(url: str | None, job_id: str, worker: str, *, result: str | None = None, error: str | None = None) -> bool:
    """Mark our job done (with its file) or failed (with a Dutch reason); False when it was not ours any more."""
    values = {"state": "failed" if error is not None else "done", "error": error, "result": result,
              "finished": clock.utcnow(), "heartbeat": None}
    with db.session(url) as s:
        return s.execute(update(QueuedJob).where(QueuedJob.id == job_id, QueuedJob.worker == worker,
                                                 QueuedJob.state == "running").values(**values)
                         .execution_options(synchronize_session=False)).rowcount == 1  # type: ignore[attr-defined]


def release(url: str | None, job_id: str, worker: str) -> None:
    """Give our running job back to the queue (the worker stops): the next worker goes on where it was."""
    with db.session(url) as s:
        s.execute(update(QueuedJob).where(QueuedJob.id == job_id, QueuedJob.worker == worker,
                                          QueuedJob.state == "running")
                  .values(state="queued", worker=None, heartbeat=None, attempts=QueuedJob.attempts - 1)
                  .execution_options(synchronize_session=False))


Runner = Callable[[str | None, QueuedJob, str, threading.Event], None]
KINDS: dict[str, Runner] = {}  # kind -> function that runs a claimed job (it calls beat and finish)


def kinds() -> dict[str, Runner]:
    from . import jobs  # registers "merge"

    del jobs
    return KINDS


def run_one(url: str | None, worker: str, stop: threading.Event) -> bool:
    """Claim and run one job; False when there was none."""
    job = claim(url, worker)
    if job is None:
        return False
    runner = kinds().get(job.kind)
    if runner is None or job.attempts > MAX_ATTEMPTS:
        from ..texts import t

        finish(url, job.id, worker, error=t("web.error_general"))
        return True
    beating = threading.Event()

    def heartbeat() -> None:  # also while one batch or the final join takes long
        while not beating.wait(BEAT):
            if not beat(url, job.id, worker):
                return

    thread = threading.Thread(target=heartbeat, daemon=True, name=f"beat-{job.id}")
    thread.start()
    try:
        runner(url, job, worker, stop)
    finally:
        beating.set()
        thread.join()
    return True


def run(url: str | None, stop: threading.Event, *, until_idle: bool = False, worker: str | None = None) -> None:
    """Run jobs until `stop` is set (a running job finishes its current batch first), or until none is left."""
    worker = worker or worker_name()
    while not stop.is_set():
        try:
            found = run_one(url, worker, stop)
        except Exception as exc:  # the database is away for a moment: try again, never a traceback with data
            from ..errors import log_unexpected

            log_unexpected(exc, "outreach.worker")
            found = False
        if not found:
            if until_idle:
                return
            stop.wait(POLL)


class Embedded:
    """The web app's own worker thread: started when a job is queued or seen waiting, ends when idle."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._again = False

    def wake(self) -> None:
        """Make sure the thread runs (and looks once more for work when it was about to end)."""
        with self._lock:
            self._again = True
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, daemon=True, name="outreach-worker")
                self._thread.start()

    def _loop(self) -> None:
        name = worker_name()
        while not self.stop.is_set():
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False
            run(self.url, self.stop, until_idle=True, worker=name)

    def forever(self) -> None:
        """Run as a long-lived worker in a thread (for `outreach web serve`): also picks up other processes' jobs."""
        with self._lock:
            self._thread = threading.Thread(target=run, args=(self.url, self.stop), daemon=True, name="outreach-worker")
            self._thread.start()

    def close(self, wait: float = 300.0) -> None:
        """Stop: the current part is finished and its job given back to the queue (at most `wait` seconds)."""
        self.stop.set()
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(wait)
