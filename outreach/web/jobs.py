"""Turn an uploaded CSV and a letter template into a mail-merge job: problems first, then PDF or ZIP, gone after an hour.

A job lives in a private folder under the data folder (0700, files 0600) named by a random
id, never by a person. `check` lists every problem before anything is made (missing columns
once, then each bad row with line and field); `start` runs `documents.merge` in a thread and
records its real progress; `clean` deletes every job older than one hour by `outreach.clock`
(called on each studio request and at start-up), so nothing about a person stays.

Limits: an upload of at most CSV_LIMIT bytes and ROW_LIMIT rows; at most LIVE_PER_USER jobs per
account and LIVE in total; at most RUNNING_PER_USER merges running per account and RUNNING in
total. Only the first SHOWN_BAD bad rows stay in memory (for the page); the full list is
written once to the job's folder as `foute-regels.csv`.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import clock, config
from ..errors import ConflictError, InputError, OutreachError
from ..privatefiles import make_dir, owner_only, write_bytes, write_text
from ..texts import t
from .render import error_text

LIFETIME = timedelta(hours=1)
CSV_LIMIT = 5 * 1024 * 1024  # bytes of an uploaded list: about 25,000 people
ROW_LIMIT = 20_000  # people in one list
SHOWN_BAD = 100  # bad rows kept for the page; all of them are in foute-regels.csv
LIVE_PER_USER, LIVE = 5, 40  # jobs kept (for an hour) per account and in total
RUNNING_PER_USER, RUNNING = 1, 2  # merges making letters at once
BAD_FILE = "foute-regels.csv"
_LOCK = threading.Lock()


@dataclass
class Job:
    id: str
    owner: int  # the account that made it; nobody else sees it
    template: str
    folder: Path
    created: datetime
    constants: dict[str, str]
    missing: str | None = None  # one message naming every missing column
    bad: list[Any] = field(default_factory=list)  # the first SHOWN_BAD BadRows: line, field, message
    bad_count: int = 0
    good: int = 0
    state: str = "checked"  # checked -> running -> done | failed
    done: int = 0
    output: str | None = None  # "pdf" or "zip"
    error: str | None = None


_JOBS: dict[str, Job] = {}


def root() -> Path:
    return config.data_dir() / "web-merge"


def clean(now: datetime | None = None) -> None:
    """Delete every job (folder and record) older than LIFETIME; also folders left by an earlier run."""
    now = now or clock.utcnow()
    with _LOCK:
        for job_id, job in list(_JOBS.items()):
            if now - job.created > LIFETIME:
                del _JOBS[job_id]
        folder = root()
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            stamp = path / "made"
            try:
                made = datetime.fromisoformat(stamp.read_text().strip())
            except (OSError, ValueError):
                made = None
            if path.name not in _JOBS and (made is None or now - made > LIFETIME):
                shutil.rmtree(path, ignore_errors=True)


def _reserve(owner: int, job_id: str) -> None:
    """Count this job in under the lock, or a Dutch ConflictError when the account or the server has enough."""
    here = root()
    with _LOCK:
        live = [job for job in _JOBS.values() if job.folder.parent == here]  # this data folder's jobs
        if sum(1 for job in live if job.owner == owner) >= LIVE_PER_USER:
            raise ConflictError(t("web.merge_too_many_jobs", max=LIVE_PER_USER))
        if len(live) >= LIVE:
            raise ConflictError(t("web.merge_busy"))
        _JOBS[job_id] = Job(job_id, owner, "", here / job_id, clock.utcnow(), {}, state="checking")


def create(owner: int, template: Any, data: bytes, constants: dict[str, str]) -> Job:
    """A new job with the uploaded CSV stored privately and checked: every problem, nothing made yet."""
    from ..documents.mailmerge import BadRow, check_header, people

    job_id = secrets.token_urlsafe(12)
    _reserve(owner, job_id)
    try:
        with owner_only():
            folder = make_dir(make_dir(root()) / job_id)
            write_text(folder / "made", clock.utcnow().isoformat())
            source = write_bytes(folder / "lijst.csv", data)
        job = Job(job_id, owner, template.name, folder, clock.utcnow(), constants)
        problems: dict[int, str] = {}  # every bad row's problem, only until foute-regels.csv is written
        try:
            check_header(template, source, constants)
            for line, item in people(template, source, constants):
                if job.good + len(problems) >= ROW_LIMIT:
                    raise InputError(t("web.merge_too_many_rows", max=ROW_LIMIT))
                if isinstance(item, BadRow):
                    problems[line] = str(item)
                    if len(job.bad) < SHOWN_BAD:
                        job.bad.append(item)
                else:
                    job.good += 1
            job.bad_count = len(problems)
            if problems:
                with owner_only():
                    write_text(folder / BAD_FILE, _bad_rows_csv(source, problems))
        except InputError as exc:  # missing columns (once), too many rows, an unknown encoding, a broken file
            job.missing = error_text(exc)
            job.bad, job.bad_count, job.good = [], 0, 0
    except BaseException:
        with _LOCK:
            _JOBS.pop(job_id, None)
        raise
    with _LOCK:
        _JOBS[job_id] = job
    return job


def get(job_id: str, owner: int) -> Job | None:
    with _LOCK:
        job = _JOBS.get(job_id)
    return job if job is not None and job.owner == owner and job.state != "checking" else None


def _bad_rows_csv(source: Path, problems: dict[int, str]) -> str:
    """The rows that cannot be made, as CSV with their problem, to fix and upload again."""
    from ..tabular import read_rows, write_rows

    rows = [row for row in read_rows(source) if row.line in problems]
    columns = list(rows[0].values) if rows else []
    table: list[list[object]] = [["regel", *columns, "probleem"]]
    for row in rows:
        table.append([row.line, *(row.values.get(c, "") for c in columns), problems[row.line]])
    return write_rows(table)


def bad_rows_csv(job: Job) -> str:
    """Every bad row of the job, with its problem (the file written when the list was checked)."""
    path = job.folder / BAD_FILE
    return path.read_text(encoding="utf-8") if job.bad_count and path.is_file() else _bad_rows_csv(job.folder / "lijst.csv", {})


def start(job: Job, output: str) -> None:
    """Make the letters in a thread: one PDF, or a ZIP of one PDF per person (named by line, not name).

    A Dutch ConflictError when the account already has RUNNING_PER_USER merges running, or the server RUNNING.
    """
    with _LOCK:
        if job.state not in ("checked",) or job.missing or not job.good:
            return
        running = [other for other in _JOBS.values() if other.state == "running" and other.folder.parent == job.folder.parent]
        if sum(1 for other in running if other.owner == job.owner) >= RUNNING_PER_USER:
            raise ConflictError(t("web.merge_busy_you"))
        if len(running) >= RUNNING:
            raise ConflictError(t("web.merge_busy"))
        job.state, job.output, job.done = "running", output, 0
    threading.Thread(target=_run, args=(job,), daemon=True, name=f"merge-{job.id}").start()


def _run(job: Job) -> None:
    from ..documents import load_template, merge

    def progress(done: int, total: int) -> None:
        job.done = done

    try:
        with owner_only():
            template = load_template(job.template)
            source = job.folder / "lijst.csv"
            if job.output == "zip":
                merge(template, source, job.constants, out=job.folder / "brieven", per_recipient=True,
                      progress=progress, worker_count=1)
                _zip(job.folder / "brieven", job.folder / "brieven.zip")
            else:
                merge(template, source, job.constants, out=job.folder / "brieven.pdf", progress=progress, worker_count=1)
        job.state = "done"
    except OutreachError as exc:
        job.state, job.error = "failed", error_text(exc)
    except Exception:  # never a traceback on the page: a general Dutch message
        job.state, job.error = "failed", t("web.error_general")


def _zip(folder: Path, target: Path) -> None:
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.pdf")):
            archive.write(path, path.name)
    shutil.rmtree(folder, ignore_errors=True)
