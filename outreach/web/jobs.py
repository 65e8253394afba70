"""Turn an uploaded CSV and a letter template into a mail-merge job: problems first, then PDF or ZIP, gone after an hour.

A job is a row of `web_jobs` (taskqueue.QueuedJob), so every web process sees the same jobs
and a restart loses none; its files live in a private folder under the data folder (0700,
files 0600) named by a random id, never by a person. `check` lists every problem before
anything is made (missing columns once, then each bad row with line and field); `start` queues
the job and a worker (`outreach worker`, or the web app's own) makes the letters in parts of
BATCH people: each part is written under its index (`delen/00000.pdf` for people 0-99, ...)
only when complete, so a worker that takes over a job skips the parts that are there and the
joined file has every letter once. `clean` deletes every job older than one hour by
`outreach.clock` (called on each studio request and at start-up), so nothing about a person stays.

Limits, all counted in the database: an upload of at most CSV_LIMIT bytes and ROW_LIMIT rows;
at most LIVE_PER_USER jobs per account and LIVE in total; at most RUNNING_PER_USER merges
queued or running per account and RUNNING in total. Only the first SHOWN_BAD bad rows are kept
with the job (for the page); the full list is written once to the job's folder as `foute-regels.csv`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from .. import clock, config, db
from ..errors import ConflictError, InputError, OutreachError
from ..privatefiles import make_dir, owner_only, save, write_bytes, write_text
from ..texts import t
from . import taskqueue
from .render import error_text
from .taskqueue import QueuedJob

LIFETIME = timedelta(hours=1)
CSV_LIMIT = 5 * 1024 * 1024  # bytes of an uploaded list: about 25,000 people
ROW_LIMIT = 20_000  # people in one list
SHOWN_BAD = 100  # bad rows kept for the page; all of them are in foute-regels.csv
LIVE_PER_USER, LIVE = 5, 40  # jobs kept (for an hour) per account and in total
RUNNING_PER_USER, RUNNING = 1, 2  # merges queued or making letters at once
BATCH = 100  # people per part: a taken-over job redoes at most one part
PROGRESS_EVERY = timedelta(seconds=2)  # how often the progress within a part is written
BAD_FILE = "foute-regels.csv"
PARTS = "delen"
KIND = "merge"


@dataclass
class Job:
    """What the pages show of one mail-merge job (read from its row)."""

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
    state: str = "checked"  # checked -> running (queued or running) -> done | failed
    done: int = 0
    output: str | None = None  # "pdf" or "zip"
    error: str | None = None


def root() -> Path:
    return config.data_dir() / "web-merge"


def _job(row: QueuedJob) -> Job:
    from ..documents.mailmerge import BadRow

    data = json.loads(row.payload or "{}")
    return Job(row.id, row.owner, data.get("template", ""), root() / row.id, row.created, data.get("constants", {}),
               missing=data.get("missing"), bad=[BadRow(*item) for item in data.get("bad", [])],
               bad_count=data.get("bad_count", 0), good=row.total,
               state="running" if row.state == "queued" else row.state, done=row.done, output=data.get("output"),
               error=row.error)


def clean(url: str | None = None, now: datetime | None = None) -> None:
    """Delete every job (row and folder) older than LIFETIME; also folders left by an earlier run."""
    now = now or clock.utcnow()
    with db.session(url) as s:
        old = QueuedJob.created < now - LIFETIME
        if s.scalar(select(func.count()).select_from(QueuedJob).where(old)):
            s.execute(delete(QueuedJob).where(old))
        live = set(s.scalars(select(QueuedJob.id)))
    clean_folders(now, live)


def clean_folders(now: datetime | None = None, live: set[str] | None = None) -> None:
    """Delete every job folder older than LIFETIME (by its `made` stamp) that no live job row names."""
    now = now or clock.utcnow()
    folder = root()
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        try:
            made = datetime.fromisoformat((path / "made").read_text().strip())
        except (OSError, ValueError):
            made = None
        if path.name not in (live or set()) and (made is None or now - made > LIFETIME):
            shutil.rmtree(path, ignore_errors=True)


def _reserve(url: str | None, owner: int, job_id: str) -> None:
    """Count this job in under the database's lock, or a Dutch ConflictError when the account or the server has enough."""
    now = clock.utcnow()
    with db.session(url) as s:
        db.write_lock(s, "jobs")
        live = select(func.count()).select_from(QueuedJob).where(QueuedJob.created >= now - LIFETIME)
        if (s.scalar(live.where(QueuedJob.owner == owner)) or 0) >= LIVE_PER_USER:
            raise ConflictError(t("web.merge_too_many_jobs", max=LIVE_PER_USER))
        if (s.scalar(live) or 0) >= LIVE:
            raise ConflictError(t("web.merge_busy"))
        s.add(QueuedJob(id=job_id, kind=KIND, owner=owner, state="checking", done=0, total=0, attempts=0,
                        payload="{}", created=now))


def create(owner: int, template: Any, data: bytes, constants: dict[str, str], url: str | None = None) -> Job:
    """A new job with the uploaded CSV stored privately and checked: every problem, nothing made yet."""
    from ..documents.mailmerge import BadRow, check_header, people

    job_id = secrets.token_urlsafe(12)
    _reserve(url, owner, job_id)
    good, bad_count, missing = 0, 0, None
    shown: list[list[Any]] = []
    try:
        with owner_only():
            folder = make_dir(make_dir(root()) / job_id)
            write_text(folder / "made", clock.utcnow().isoformat())
            source = write_bytes(folder / "lijst.csv", data)
        problems: dict[int, str] = {}  # every bad row's problem, only until foute-regels.csv is written
        try:
            check_header(template, source, constants)
            for line, item in people(template, source, constants):
                if good + len(problems) >= ROW_LIMIT:
                    raise InputError(t("web.merge_too_many_rows", max=ROW_LIMIT))
                if isinstance(item, BadRow):
                    problems[line] = str(item)
                    if len(shown) < SHOWN_BAD:
                        shown.append([item.line, item.field, item.message])
                else:
                    good += 1
            bad_count = len(problems)
            if problems:
                with owner_only():
                    write_text(folder / BAD_FILE, _bad_rows_csv(source, problems))
        except InputError as exc:  # missing columns (once), too many rows, an unknown encoding, a broken file
            missing = error_text(exc)
            shown, bad_count, good = [], 0, 0
        payload = json.dumps({"template": template.name, "constants": constants, "missing": missing, "bad": shown,
                              "bad_count": bad_count})
        with db.session(url) as s:
            row = s.get(QueuedJob, job_id)
            if row is None:  # cleaned away meanwhile
                raise ConflictError(t("web.merge_gone"))
            row.state, row.total, row.payload = "checked", good, payload
            job = _job(row)
    except BaseException:
        with db.session(url) as s:
            s.execute(delete(QueuedJob).where(QueuedJob.id == job_id))
        shutil.rmtree(root() / job_id, ignore_errors=True)
        raise
    return job


def get(job_id: str, owner: int, url: str | None = None) -> Job | None:
    with db.session(url) as s:
        row = s.get(QueuedJob, job_id)
        return _job(row) if row is not None and row.owner == owner and row.state != "checking" else None


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


def start(job: Job, output: str, url: str | None = None) -> None:
    """Queue the job: one PDF, or a ZIP of one PDF per person (named by line, not name); a worker makes it.

    A Dutch ConflictError when the account already has RUNNING_PER_USER merges queued or running, or the server RUNNING.
    """
    with db.session(url) as s:
        db.write_lock(s, "jobs")
        row = s.get(QueuedJob, job.id)
        if row is None or row.state != "checked" or job.missing or not row.total:
            return
        active = select(func.count()).select_from(QueuedJob).where(QueuedJob.state.in_(("queued", "running")))
        if (s.scalar(active.where(QueuedJob.owner == row.owner)) or 0) >= RUNNING_PER_USER:
            raise ConflictError(t("web.merge_busy_you"))
        if (s.scalar(active) or 0) >= RUNNING:
            raise ConflictError(t("web.merge_busy"))
        row.payload = json.dumps({**json.loads(row.payload), "output": output, "batch": BATCH})
        row.state, row.done = "queued", 0
    job.state, job.output, job.done = "running", output, 0


# -- the worker's side -----------------------------------------------------------------------

def run(url: str | None, row: QueuedJob, worker: str, stop: threading.Event) -> None:
    """Make the letters of a claimed job part by part, skipping parts already made; then join them.

    Between parts: the progress and heartbeat go to the database; when `stop` is set the job is
    given back to the queue (the next worker goes on), when the job is no longer ours we stop.
    """
    from ..documents import load_template
    from ..errors import log_unexpected

    data = json.loads(row.payload)
    folder = root() / row.id
    output, size = data.get("output", "pdf"), max(1, int(data.get("batch", BATCH)))
    try:
        with owner_only():
            template = load_template(data["template"])
            translations = _translations(url, template.name)
            parts = make_dir(folder / PARTS)
            letters = make_dir(folder / "brieven") if output == "zip" else None
            done = 0
            shown = [clock.utcnow()]

            def progress(made: int, _total: int) -> None:  # within a part: at most every PROGRESS_EVERY
                if clock.utcnow() - shown[0] >= PROGRESS_EVERY:
                    shown[0] = clock.utcnow()
                    taskqueue.beat(url, row.id, worker, done + made)

            for index, batch in _batches(template, folder / "lijst.csv", data["constants"], size):
                part = parts / (f"{index:05d}.pdf" if output == "pdf" else f"{index:05d}.klaar")
                if not part.is_file():
                    if stop.is_set():
                        taskqueue.release(url, row.id, worker)
                        return
                    _make_part(template, batch, data["constants"], part, letters, progress, translations)
                done += len(batch)
                if not taskqueue.beat(url, row.id, worker, done):
                    return  # taken over or cleaned away: the other worker (or nobody) goes on
            result = _finish_file(folder, output, row.total)
        if taskqueue.finish(url, row.id, worker, result=result):
            shutil.rmtree(folder / PARTS, ignore_errors=True)
    except OutreachError as exc:
        taskqueue.finish(url, row.id, worker, error=error_text(exc))
    except Exception as exc:  # never a traceback on the page: a general Dutch message
        log_unexpected(exc, "outreach.worker")
        taskqueue.finish(url, row.id, worker, error=t("web.error_general"))


taskqueue.KINDS[KIND] = run


Person = tuple[int, dict[str, str], dict[str, Any]]  # line, the row as uploaded, the checked values


def _batches(template: Any, source: Path, constants: Mapping[str, Any], size: int) -> Iterator[tuple[int, list[Person]]]:
    """The good rows of `source` in parts of `size`, numbered from 0, read once and never all held."""
    from ..documents.mailmerge import BadRow, people
    from ..tabular import read_rows

    batch: list[Person] = []
    index = 0
    for (line, item), row in zip(people(template, source, constants), read_rows(source)):
        if row.line != line:  # people() reads the same rows in the same order
            raise InputError(t("web.error_general"))
        if isinstance(item, BadRow):
            continue
        batch.append((line, row.values, item))
        if len(batch) == size:
            yield index, batch
            batch, index = [], index + 1
    if batch:
        yield index, batch


def _translations(url: str | None, name: str) -> dict[str, str]:
    """The template's approved, up-to-date translations: language -> plain body (a person's `taal` picks one)."""
    from ..documents import translations as tr

    with db.session(url) as s:
        found = {lang: tr.approved(s, name, lang) for lang in sorted(tr.approved_languages(s, name))}
        return {lang: row.body for lang, row in found.items() if row is not None}


def _make_part(template: Any, batch: list[Person], constants: Mapping[str, Any], part: Path,
               letters: Path | None, progress: Callable[[int, int], None] | None = None,
               translations: Mapping[str, str] | None = None) -> None:
    """One part by one call of `documents.merge`, in place only when complete: a PDF, or a person's PDF each (ZIP).

    A person whose `taal` has an approved translation gets the letter in Dutch and then in their language."""
    from ..documents import merge
    from ..documents.mailmerge import file_name

    work = make_dir(part.parent / f".{part.stem}.{secrets.token_hex(4)}")  # this worker's own temporary folder
    try:
        source = save(work / "deel.csv", _part_csv(batch).encode("utf-8"))
        if letters is None:
            result = merge(template, source, constants, out=work / "deel.pdf", progress=progress, worker_count=1,
                           translations=translations)
            if result.rendered != len(batch):
                raise InputError(t("web.error_general"))
            os.replace(work / "deel.pdf", part)
            return
        result = merge(template, source, constants, out=work / "brieven", per_recipient=True, progress=progress,
                       worker_count=1, translations=translations)
        if result.rendered != len(batch) or len(result.outputs) != len(batch):
            raise InputError(t("web.error_general"))
        for (line, _, values), made in zip(batch, result.outputs):  # named by the line in the uploaded list
            os.replace(made, letters / file_name(template, line, values, "pdf"))
        save(part, b"")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _part_csv(batch: list[Person]) -> str:
    """The rows of one part as uploaded (no spreadsheet quoting: these are read back, not opened)."""
    columns = list(batch[0][1])
    out = io.StringIO()
    out.write("sep=;\r\n")  # the separator, also for a list of one column with commas in it
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for _, values, _ in batch:
        writer.writerow([values.get(c, "") for c in columns])
    return out.getvalue()


def _finish_file(folder: Path, output: str, total: int) -> str:
    """Join the parts into `brieven.pdf`, or zip the letters into `brieven.zip`; its path under the data folder."""
    if output == "zip":
        target = folder / "brieven.zip"
        if not (target.is_file() and not (folder / "brieven").is_dir()):  # zipped before the worker stopped
            _zip(folder / "brieven", target, total)
    else:
        from ..documents.pdfjoin import Joiner

        target = folder / "brieven.pdf"
        parts = sorted((folder / PARTS).glob("[0-9]*.pdf"))
        if len(parts) == 1:
            os.replace(parts[0], target)
        else:
            joiner = Joiner(target)  # writes beside the target and moves the complete file into place
            try:
                for part in parts:
                    joiner.add(part.read_bytes())
                joiner.write()
            except BaseException:
                joiner.abort()
                raise
    return str(target.relative_to(config.data_dir()))


def _zip(folder: Path, target: Path, total: int) -> None:
    import zipfile

    letters = sorted(folder.glob("*.pdf"))
    if len(letters) != total:  # every person once: never a ZIP with letters missing
        raise InputError(t("web.error_general"))
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in letters:
            archive.write(path, path.name)
    os.replace(temporary, target)
    shutil.rmtree(folder, ignore_errors=True)
