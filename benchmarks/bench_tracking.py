"""Turn 100,000 made-up prospects with 500,000 attempts into timings: import and `calls due`.

Run: python3 benchmarks/bench_tracking.py [--prospects 100000] [--attempts 500000] [--backend sqlite|postgresql|both]
Prints medians. Goals (issue 4): `calls due` for one coach well under 50 ms; importing
100,000 rows well under 30 s; on SQLite and PostgreSQL. PostgreSQL: a throw-away server is
started the way tests/conftest.py does (or set OUTREACH_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from outreach import db, tracking  # noqa: E402
from outreach import clock  # noqa: E402
from outreach.tracking.models import Attempt, Coach, Prospect  # noqa: E402

COACHES = 50
HOODS = ["Noord", "Centrum", "Zuid", "Oost", "West", "Reeshof", "Oud-Zuid", "Haven"]


def make_csv(path: Path, n: int, seed: int = 4, landlines: float = 1 / 3) -> None:
    """`n` made-up rows; a share `landlines` has only a landline (slow to check: 0.25 ms each)."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;telefoon2;taal\n")
        for i in range(n):
            phone = f"013-{5000000 + i % 999999:07d}" if rnd.random() < landlines else f"06-{10000000 + i:08d}"
            f.write(f"B-{i:06d};Test{i % 997};Voorbeeld{i % 1009};Proefstraat {i % 300 + 1};"
                    f"{5000 + i % 999} AB;Tilburg;{HOODS[i % len(HOODS)]};{phone};;{'Arabisch' if rnd.random() < 0.1 else ''}\n")


@contextmanager
def postgres() -> Iterator[str]:
    given = os.environ.get("OUTREACH_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    pg = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    root = tempfile.mkdtemp(prefix="outreach-bench-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = os.path.join(root, "data")
    subprocess.run([*as_user, f"{pg}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"],
                   check=True, capture_output=True)
    subprocess.run([*as_user, f"{pg}/pg_ctl", "-D", data, "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1",
                    "-l", os.path.join(root, "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, f"{pg}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fresh_pg(server: str) -> str:
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def setup_coaches(url: str) -> None:
    with db.session(url) as s:
        admin = tracking.actor(s)
        for c in range(COACHES):
            tracking.add_coach(s, admin, f"Coach{c:02d} Bench", working_days="ma,di,wo,do,vr")


def bench_import(url: str, csv: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): on a shared machine the CPU time is the steadier one."""
    setup_coaches(url)
    start, cpu = time.perf_counter(), time.process_time()
    with db.session(url) as s:
        result = tracking.import_prospects(s, tracking.actor(s), csv, assign="round-robin")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.added > 0 and not result.problems, result.problems[:3]
    return elapsed, cpu


def fill_attempts(url: str, attempts: int, seed: int = 5) -> None:
    """Spread attempts over prospects and give each a realistic summary (due dates +-30 days)."""
    rnd = random.Random(seed)
    today = clock.today()
    now = clock.now()
    with db.session(url) as s:
        ids = list(s.scalars(select(Prospect.id)))
        rows, per = [], {pid: 0 for pid in ids}
        for _ in range(attempts):
            pid = rnd.choice(ids)
            per[pid] += 1
            rows.append({"prospect_id": pid, "coach_id": None, "at": now - timedelta(days=rnd.randint(1, 300), minutes=rnd.randint(0, 600)),
                         "channel": "bellen", "outcome": rnd.choice(["geen-gehoor", "voicemail", "terugbellen", "in-gesprek"]),
                         "note": None, "recorded_by": "os:bench", "recorded_at": now})
        for i in range(0, len(rows), 20000):
            s.execute(insert(Attempt), rows[i:i + 20000])
        steps = ["bellen"] * 6 + ["huisbezoek", "controleren", None, None]
        updates = []
        for pid, n in per.items():
            step = rnd.choice(steps)
            due = today + timedelta(days=rnd.randint(-30, 30)) if step else None
            updates.append({"pid": pid, "calls": n, "due": due, "step": step})
        s.execute(text("UPDATE tracking_prospects SET calls = :calls, next_due = :due, next_step = :step, "
                       "state = 'benaderen' WHERE id = :pid"), updates)
    with db.engine(url).begin() as conn:
        conn.execute(text("ANALYZE"))


def _time_due(url: str, who: object, runs: int) -> tuple[float, int]:
    """Median seconds of `due_calls` for `who` over `runs` fresh sessions, and how many were due."""
    times, found = [], 0
    for _ in range(runs):
        with db.session(url) as s:
            start = time.perf_counter()
            found = len(tracking.due_calls(s, who))  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
    return statistics.median(times), found


def bench_due(url: str, runs: int = 51) -> tuple[float, int]:
    with db.session(url) as s:
        coach = s.scalar(select(Coach.name).order_by(Coach.id))
        who = tracking.actor(s, coach)
    return _time_due(url, who, runs)


def bench_due_realistic(url: str, runs: int = 51) -> tuple[float, int]:
    """`calls due` for a coach with a workable caseload (50 people) in the same big database."""
    with db.session(url) as s:
        admin = tracking.actor(s)
        tracking.add_coach(s, admin, "Klein Caseload")
        coach_id = s.scalar(select(Coach.id).where(Coach.name == "Klein Caseload"))
        ids = list(s.scalars(select(Prospect.id).order_by(Prospect.id).limit(50)))
        s.execute(text("UPDATE tracking_prospects SET coach_id = :c WHERE id = :i"), [{"c": coach_id, "i": i} for i in ids])
        who = tracking.actor(s, "Klein Caseload")
    return _time_due(url, who, runs)


def bench_log(url: str, runs: int = 31) -> float:
    with db.session(url) as s:
        refs = list(s.scalars(select(Prospect.client_number).limit(runs)))
    times = []
    for ref in refs:
        start = time.perf_counter()
        with db.session(url) as s:
            tracking.log_attempt(s, tracking.actor(s), ref, "geen-gehoor", at=clock.now() - timedelta(hours=1))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(backend: str, url_for: object, csv: Path, n: int, attempts: int, import_runs: int) -> None:
    imports = []
    url = ""
    for _ in range(import_runs):
        url = url_for()  # type: ignore[operator]
        imports.append(bench_import(url, csv))
    fill_attempts(url, attempts)
    due, found = bench_due(url)
    small, small_found = bench_due_realistic(url)
    log = bench_log(url)
    walls, cpus = [w for w, _ in imports], [c for _, c in imports]
    print(f"{backend:10s} import {n:,} rows: median {statistics.median(walls):6.2f} s wall, {statistics.median(cpus):6.2f} s CPU "
          f"(wall runs: {', '.join(f'{x:.2f}' for x in walls)}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{backend:10s} calls due, one coach of {COACHES} ({found} due), {attempts:,} attempts: median {due * 1000:6.2f} ms")
    print(f"{backend:10s} calls due, coach with 50 people ({small_found} due): median {small * 1000:6.2f} ms")
    print(f"{backend:10s} calls log (one attempt, whole transaction): median {log * 1000:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prospects", type=int, default=100_000)
    parser.add_argument("--attempts", type=int, default=500_000)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--landlines", type=float, default=1 / 3, help="share of rows with only a landline")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    os.environ["OUTREACH_DATA_DIR"] = str(tmp / "data")
    csv = tmp / "lijst.csv"
    make_csv(csv, args.prospects, landlines=args.landlines)
    print(f"{datetime.now():%H:%M} {args.prospects:,} prospects ({args.landlines:.0%} landline only), {args.attempts:,} attempts, "
          f"{COACHES} coaches")
    try:
        if args.backend in ("sqlite", "both"):
            run("sqlite", lambda: f"sqlite:///{tmp / (uuid.uuid4().hex + '.db')}", csv, args.prospects, args.attempts, args.import_runs)
        if args.backend in ("postgresql", "both"):
            with postgres() as server:
                run("postgresql", lambda: fresh_pg(server), csv, args.prospects, args.attempts, args.import_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
