"""Jobs in the database: two workers never claim one job, a killed worker's merge is finished by another with
every letter once, and a restarted web app goes on with a running merge and shows its progress."""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from clock_helpers import env
from pypdf import PdfReader
from starlette.testclient import TestClient
from web_helpers import csrf, signed_in_user

from outreach import clock, db
from outreach.web import jobs, taskqueue
from outreach.web.taskqueue import QueuedJob

CONSTANTS = {"coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches",
             "afzender_adres": "Stadhuisplein 1", "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}
HEADER = "klantnummer;naam;aanhef;adres;postcode;woonplaats\n"
TOKEN = re.compile(r"Xa(\d{3})")


def _list(count: int) -> bytes:
    """`count` good people (each name holds a number, to find each letter back) and one bad row."""
    rows = [f"K-{i};mevrouw A. Xa{i:03d};Beste mevrouw Yb{i:03d};Laan {i};5038 AB;Tilburg" for i in range(count)]
    rows.insert(3, "K-999;de heer Fout;Beste meneer Fout;Laan 9;9999;Tilburg")
    return (HEADER + "\n".join(rows) + "\n").encode()


def _row(url: str, job_id: str) -> QueuedJob:
    with db.session(url) as s:
        row = s.get(QueuedJob, job_id)
        assert row is not None
        return row


def _assert_every_letter_once(data: bytes, count: int) -> None:
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == count  # one page per letter of `uitnodiging`
    seen: Counter[int] = Counter()
    for number, page in enumerate(pages):
        found = {int(n) for n in TOKEN.findall(page.extract_text())}
        assert found == {number}, (number, found)  # in order, each page one person's letter
        seen[number] += 1
    assert sorted(seen) == list(range(count)) and set(seen.values()) == {1}
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:  # still one tagged document in Dutch, each letter a Sect
        assert str(pdf.Root.Lang).lower().startswith("nl")
        document = pdf.Root.StructTreeRoot.K
        assert document.S == pikepdf.Name.Document
        letters = [kid for kid in document.K if kid.get("/S") == pikepdf.Name.Sect]  # parts joined flat
        assert len(letters) == count
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as joined:
        joined.write(data)
        joined.flush()
        check = subprocess.run(["qpdf", "--check", joined.name], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _queued(url: str, count: int, output: str = "pdf") -> str:
    from outreach.documents import load_template

    constants = {**CONSTANTS, "coach_naam": "Sanne Voorbeeld", "coach_voornaam": "Sanne", "coach_telefoon": "06-12345678"}
    job = jobs.create(1, load_template("uitnodiging", "html"), _list(count), constants, url)
    assert job.missing is None, job.missing
    assert job.good == count and job.bad_count == 1
    jobs.start(job, output, url)
    assert _row(url, job.id).state == "queued"
    return job.id


def test_two_workers_never_claim_the_same_job(database_url: str) -> None:
    now = clock.utcnow()
    with db.session(database_url) as s:
        for i in range(12):
            s.add(QueuedJob(id=f"job-{i:02d}", kind="merge", owner=1, state="queued", done=0, total=1, attempts=0,
                            payload="{}", created=now + timedelta(seconds=i)))
    claimed: list[str] = []
    lock = threading.Lock()
    go = threading.Barrier(4)

    def work() -> None:
        name = taskqueue.worker_name()
        go.wait()
        while True:
            job = taskqueue.claim(database_url, name)
            if job is None:
                with db.session(database_url) as s:  # lost a race: only stop when nothing is left to claim
                    if not s.query(QueuedJob).filter(QueuedJob.state == "queued").count():
                        return
                continue
            assert job.worker == name and job.state == "running" and job.attempts == 1
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(claimed) == [f"job-{i:02d}" for i in range(12)]  # each once, none twice


def test_a_job_without_heartbeat_is_taken_over_and_its_old_worker_loses_it(database_url: str,
                                                                          frozen_clock: time_machine.Traveller) -> None:
    with db.session(database_url) as s:
        s.add(QueuedJob(id="job", kind="merge", owner=1, state="queued", done=0, total=1, attempts=0, payload="{}",
                        created=clock.utcnow()))
    first = taskqueue.claim(database_url, "first")
    assert first is not None and taskqueue.claim(database_url, "second") is None
    frozen_clock.shift(taskqueue.STALE - timedelta(seconds=5))
    assert taskqueue.claim(database_url, "second") is None  # still beating recently enough
    frozen_clock.shift(timedelta(seconds=10))
    second = taskqueue.claim(database_url, "second")
    assert second is not None and second.id == "job" and second.attempts == 2
    assert not taskqueue.beat(database_url, "job", "first", 1)  # the first worker stops at its next part
    assert not taskqueue.finish(database_url, "job", "first", result="x")
    assert taskqueue.finish(database_url, "job", "second", result="web-merge/job/brieven.pdf")
    assert _row(database_url, "job").state == "done"


def _spawn(url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:
        return subprocess.Popen([sys.executable, "-m", "outreach", "worker"], stdout=subprocess.DEVNULL, stderr=err,
                                env=env(OUTREACH_DATABASE_URL=url))


def _wait_for(url: str, job_id: str, proc: subprocess.Popen[bytes], done: int) -> QueuedJob:
    deadline = time.monotonic() + 180
    while True:
        row = _row(url, job_id)
        if row.done >= done:
            return row
        assert proc.poll() is None, "the worker ended early"
        assert time.monotonic() < deadline, "the worker made no progress"
        time.sleep(0.05)


def test_a_killed_worker_s_merge_is_finished_by_another_with_every_letter_once(
        database_url: str, tmp_path: Path, frozen_clock: time_machine.Traveller,
        monkeypatch: pytest.MonkeyPatch) -> None:
    count, size = 40, 5
    monkeypatch.setattr(jobs, "BATCH", size)
    job_id = _queued(database_url, count)
    log = tmp_path / "worker.log"

    polite = _spawn(database_url, log)  # SIGTERM: finishes its current part, gives the job back, ends
    _wait_for(database_url, job_id, polite, size)
    polite.send_signal(signal.SIGTERM)
    assert polite.wait(120) == 0, log.read_text()
    row = _row(database_url, job_id)
    assert row.state == "queued" and row.worker is None and row.done % size == 0 and row.done < count
    given_back = row.done

    killed = _spawn(database_url, log)  # goes on where the first stopped, then dies mid-merge
    row = _wait_for(database_url, job_id, killed, given_back + size)
    killed.send_signal(signal.SIGKILL)
    killed.wait(60)
    row = _row(database_url, job_id)
    assert row.state == "running" and row.done < count, "killed too late to show a take-over"
    made_before = row.done

    made: list[int] = []
    original = jobs._make_part

    def counting(template: object, batch: list[jobs.Person], *args: object) -> None:
        made.append(batch[0][0])
        original(template, batch, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "_make_part", counting)
    taskqueue.run(database_url, threading.Event(), until_idle=True)
    assert _row(database_url, job_id).state == "running"  # its heartbeat is recent: nobody takes it yet
    frozen_clock.shift(taskqueue.STALE + timedelta(seconds=5))
    taskqueue.run(database_url, threading.Event(), until_idle=True)
    row = _row(database_url, job_id)
    assert row.state == "done" and row.done == count and row.attempts == 2, (row.state, row.error)
    assert len(made) <= (count - made_before) // size + 1  # the parts already made were not made again
    assert row.result is not None
    from outreach import config

    _assert_every_letter_once((config.data_dir() / row.result).read_bytes(), count)
    assert not (config.data_dir() / "web-merge" / job_id / jobs.PARTS).exists()


def test_a_restarted_web_app_goes_on_with_a_running_merge_and_shows_its_progress(
        database_url: str, tmp_path: Path, frozen_clock: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch) -> None:
    url = database_url
    count, size = 12, 3
    monkeypatch.setattr(jobs, "BATCH", size)
    c = signed_in_user(url, tmp_path)
    c.app.state.worker = None  # type: ignore[attr-defined]  # the first app's worker is run by hand below
    token = csrf(c, "/brieven/uitnodiging")
    response = c.post("/brieven/uitnodiging/samenvoegen", data={**CONSTANTS, "csrf": token},
                      files={"lijst": ("mensen.csv", _list(count), "text/csv")})
    job_id = response.headers["location"].rsplit("/", 1)[1]
    assert c.post(f"/taken/{job_id}", data={"csrf": token, "uitvoer": "pdf"}).status_code == 303

    class Crash(BaseException):
        """The process ends here (the test's stand-in for a power cut)."""

    original = jobs._make_part
    made: list[int] = []

    def crash_after_two(*args: object) -> None:
        if len(made) == 2:
            raise Crash
        made.append(1)
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "_make_part", crash_after_two)
    with pytest.raises(Crash):
        taskqueue.run_one(url, "first-app", threading.Event())
    monkeypatch.setattr(jobs, "_make_part", original)
    assert _row(url, job_id).state == "running"

    from outreach.web import create_app

    again = TestClient(create_app(url), follow_redirects=False)  # a new app on the same database
    again.cookies.update(c.cookies)
    page = again.get(f"/taken/{job_id}")
    assert page.status_code == 200 and "6 van de 12 brieven zijn klaar." in page.text and "Bezig" in page.text
    assert again.get(f"/taken/{job_id}/stand").json()["done"] == 2 * size
    frozen_clock.shift(taskqueue.STALE + timedelta(seconds=5))  # the first app's worker stopped beating
    deadline = time.monotonic() + 120
    while (state := again.get(f"/taken/{job_id}/stand").json())["state"] == "running":  # the page wakes its worker
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert state == {**state, "state": "done", "done": count, "total": count}, state
    assert "Klaar" in again.get(f"/taken/{job_id}").text
    _assert_every_letter_once(again.get(f"/taken/{job_id}/brieven.pdf").content, count)


def test_a_zip_merge_taken_over_has_every_person_once_named_by_line(database_url: str,
                                                                    frozen_clock: time_machine.Traveller,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from outreach import config

    monkeypatch.setattr(jobs, "BATCH", 2)
    job_id = _queued(database_url, 5, "zip")
    stop = threading.Event()
    original = jobs._make_part

    def stop_after_one(*args: object) -> None:
        original(*args)  # type: ignore[arg-type]
        stop.set()

    monkeypatch.setattr(jobs, "_make_part", stop_after_one)
    taskqueue.run(database_url, stop, until_idle=True)
    assert _row(database_url, job_id).state == "queued" and _row(database_url, job_id).done == 2
    monkeypatch.setattr(jobs, "_make_part", original)
    taskqueue.run(database_url, threading.Event(), until_idle=True)
    row = _row(database_url, job_id)
    assert row.state == "done" and row.result is not None
    names = zipfile.ZipFile(config.data_dir() / row.result).namelist()
    lines = [2, 3, 4, 6, 7]  # line 5 is the bad row
    assert names == [f"uitnodiging-regel{line:04d}-k-{i}.pdf" for i, line in enumerate(lines)]


def test_the_web_app_runs_its_own_worker_unless_told_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.web import create_app

    url = f"sqlite:///{tmp_path / 'web.db'}"
    assert create_app(url, worker=False).state.worker is None
    app = create_app(url)
    monkeypatch.setattr(jobs, "BATCH", 2)
    job_id = _queued(url, 3)
    app.state.worker.forever()  # as `outreach web serve` starts it
    app.state.worker.wake()  # a page that sees a queued job: no second thread while the first runs
    deadline = time.monotonic() + 120
    while _row(url, job_id).state != "done":
        assert time.monotonic() < deadline and _row(url, job_id).state != "failed"
        time.sleep(0.1)
    assert [t.name for t in threading.enumerate()].count("outreach-worker") == 1
    app.state.worker.close()
    assert "outreach-worker" not in [t.name for t in threading.enumerate()]


def test_web_serve_runs_queued_merges_and_gives_its_job_back_on_sigterm(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    url = f"sqlite:///{tmp_path / 'web.db'}"
    monkeypatch.setattr(jobs, "BATCH", 5)
    job_id = _queued(url, 40)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("ab") as err:
        serve = subprocess.Popen([sys.executable, "-m", "outreach", "web", "serve", "--port", str(port)],
                                 stdout=subprocess.DEVNULL, stderr=err, env=env(OUTREACH_DATABASE_URL=url))
    try:
        _wait_for(url, job_id, serve, 5)  # its own worker took the job without any page being opened
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(120)
    row = _row(url, job_id)
    assert row.worker is None and row.state in ("queued", "done"), (row.state, log.read_text())
    assert row.done % 5 == 0
