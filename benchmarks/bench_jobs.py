"""Turn N made-up recipients into one PDF twice, by one `merge` call and as a queued job in parts, and print the cost of the parts.

The job path is what a worker does: claim the row, make the letters in parts of BATCH (one
`documents.merge` call each, written under their index), beat between parts, join the parts.
Runs alternate (direct, job, direct, job, ...) so load from other programs hits both alike; it
prints each run, the medians and the ratio job/direct (the price of being restart-safe), and
the median time of one claim on an empty and on a full queue (SQLite).

    python3 benchmarks/bench_jobs.py [--letters 60] [--batch 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CONSTANTS = {"coach_naam": "Sanne de Vries", "coach_voornaam": "Sanne", "coach_telefoon": "06-12345678",
             "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches", "afzender_adres": "Stadhuisplein 1",
             "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}


def _csv(count: int) -> bytes:
    rows = [f"K-{i};mevrouw A. Persoon{i};Beste mevrouw Persoon{i};Laan {i % 90 + 1};5038 AB;Tilburg" for i in range(count)]
    return ("klantnummer;naam;aanhef;adres;postcode;woonplaats\n" + "\n".join(rows) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=60)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    os.environ["OUTREACH_DATA_DIR"] = str(folder)
    from outreach import clock, db
    from outreach.documents import load_template, merge
    from outreach.web import jobs, taskqueue

    url = f"sqlite:///{folder / 'bench.db'}"
    template = load_template("uitnodiging", "html")
    source = folder / "lijst.csv"
    source.write_bytes(_csv(args.letters))
    jobs.BATCH, jobs.RUNNING, jobs.RUNNING_PER_USER, jobs.LIVE_PER_USER = args.batch, 10**6, 10**6, 10**6
    merge(template, source, CONSTANTS, out=folder / "warm.pdf", worker_count=1)  # fonts and CSS once for both
    direct: list[float] = []
    queued: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        merge(template, source, CONSTANTS, out=folder / "direct.pdf", worker_count=1)
        direct.append(time.perf_counter() - started)
        job = jobs.create(1, template, source.read_bytes(), dict(CONSTANTS), url)
        jobs.start(job, "pdf", url)
        started = time.perf_counter()
        taskqueue.run(url, threading.Event(), until_idle=True)
        queued.append(time.perf_counter() - started)
        with db.session(url) as s:
            assert s.get(taskqueue.QueuedJob, job.id).state == "done"  # type: ignore[union-attr]
        print(f"direct {direct[-1]:.2f} s, job {queued[-1]:.2f} s ({args.letters} letters, parts of {args.batch})")
    d, q = statistics.median(direct), statistics.median(queued)
    print(f"median per letter: direct {d / args.letters * 1000:.1f} ms, job {q / args.letters * 1000:.1f} ms, "
          f"ratio job/direct {q / d:.2f}")
    claims: list[float] = []
    for _ in range(50):
        started = time.perf_counter()
        taskqueue.claim(url, "bench")
        claims.append(time.perf_counter() - started)
    now = clock.utcnow()
    with db.session(url) as s:
        for i in range(200):
            s.add(taskqueue.QueuedJob(id=f"b{i}", kind="none", owner=1, state="queued", done=0, total=0, attempts=0,
                                      payload="{}", created=now + timedelta(seconds=i)))
    full: list[float] = []
    for _ in range(50):
        started = time.perf_counter()
        taskqueue.claim(url, "bench")
        full.append(time.perf_counter() - started)
    print(f"median claim: empty queue {statistics.median(claims) * 1000:.2f} ms, "
          f"200 queued {statistics.median(full) * 1000:.2f} ms; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
