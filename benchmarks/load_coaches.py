"""Turn 50 simulated coaches on `outreach web serve --workers 4` over PostgreSQL into latency figures (p50/p95), printed.

Each coach signs in (from their own address, sent as X-Forwarded-For as nginx does), then until
the time is up: opens the day list (/vandaag), one of their people (/mensen/REF) and logs an
attempt there (POST /poging/REF, "geen gehoor" by phone, then the redirect back to the person),
with a think time between steps. Sign-ins are spread over the first third of the run (at most
60 s); one answered "erg druk" (429, at most 8 sign-ins at once: argon2 is a core each) is
tried again after 2-4 s, as a person would, and counted apart. A bounded async httpx client against 127.0.0.1 only: at most
one request per coach at a time, a timeout per request, a fixed end. Errors are any answer but
the expected status, and timeouts. Target: no errors, p95 under 300 ms.

Without --database-url it starts a temporary PostgreSQL cluster (Debian's initdb) and removes it.
Run: .venv/bin/python benchmarks/load_coaches.py [--seconds 120] [--coaches 50] [--workers 4] [--think 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "wachtwoord-voor-de-test"
PEOPLE_PER_COACH = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[-1]


def start_postgres(root: Path) -> tuple[str, list[str]]:
    """A throwaway cluster in `root`: its URL and the command that stops it."""
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = str(root / "data"), _free_port()
    subprocess.run([*as_user, _pg_bin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"],
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", data, "-o", options, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", [*as_user, _pg_bin("pg_ctl"), "-D", data, "-m", "fast", "stop"]


def coach_name(i: int) -> str:
    return f"Coach {chr(65 + i // 26)}{chr(97 + i % 26)}{chr(97 + (i * 7) % 26)}"


def seed(url: str, folder: Path, coaches: int) -> dict[str, list[str]]:
    """`coaches` coaches with a password and PEOPLE_PER_COACH people each; coach name -> client numbers."""
    from outreach import db
    from outreach.tracking import add_coach, import_prospects
    from outreach.tracking.service import Actor
    from outreach.web.accounts import set_password

    admin = Actor("os:load")
    people: dict[str, list[str]] = {}
    lines = ["klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach"]
    with db.session(url) as s:
        for i in range(coaches):
            name = coach_name(i)
            coach = add_coach(s, admin, name, phone="06-11112222")
            s.flush()
            set_password(s, coach.id, PASSWORD)
            people[name] = []
            for j in range(PEOPLE_PER_COACH):
                ref = f"L-{i:02d}{j:03d}"
                people[name].append(ref)
                lines.append(f"{ref};Persoon;Test{chr(97 + j % 26)};Laan {j + 1};5038 AB;Tilburg;Noord;"
                             f"06-{10000000 + i * 1000 + j:08d};{name}")
    (folder / "mensen.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with db.session(url) as s:
        import_prospects(s, admin, folder / "mensen.csv")
    return people


class Figures:
    def __init__(self) -> None:
        self.took: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.wrong: dict[str, set[str]] = {}  # kind -> the unexpected answers seen (status or error type)
        self.retried = 0  # sign-ins answered "erg druk" (429) and tried again

    def add(self, kind: str, seconds: float, ok: bool, answer: str = "") -> None:
        self.took.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.wrong.setdefault(kind, set()).add(answer)


async def coach(base: str, name: str, refs: list[str], address: str, end: float, think: float, spread: float,
                figures: Figures, rng: random.Random) -> None:
    import httpx

    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(base_url=base, headers=headers, follow_redirects=False, timeout=30) as c:

        async def timed(kind: str, method: str, path: str, expect: int, **kwargs: object) -> httpx.Response | None:
            began = time.perf_counter()
            try:
                answer = await c.request(method, path, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                figures.add(kind, time.perf_counter() - began, False, type(exc).__name__)
                return None
            figures.add(kind, time.perf_counter() - began, answer.status_code == expect, str(answer.status_code))
            return answer

        await asyncio.sleep(rng.uniform(0, spread))  # the coaches sign in over the first seconds, not all in one
        page = await timed("inloggen (pagina)", "GET", "/inloggen", 200)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text) if page is not None else None
        if token is None:
            return
        for _ in range(5):  # "erg druk" (429): a person waits a few seconds and tries again
            began = time.perf_counter()
            try:
                signed = await c.post("/inloggen", data={"csrf": token.group(1), "naam": name, "wachtwoord": PASSWORD})
            except httpx.HTTPError as exc:
                figures.add("inloggen", time.perf_counter() - began, False, type(exc).__name__)
                return
            if signed.status_code != 429:
                break
            figures.retried += 1
            await asyncio.sleep(rng.uniform(2, 4))
        figures.add("inloggen", time.perf_counter() - began, signed.status_code == 303, str(signed.status_code))
        if signed.status_code != 303:
            return
        while time.monotonic() < end:
            await timed("vandaag", "GET", "/vandaag", 200)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            ref = rng.choice(refs)
            person = await timed("persoon", "GET", f"/mensen/{ref}", 200)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            form = re.search(r'name="csrf" value="([^"]+)"', person.text) if person is not None else None
            if time.monotonic() >= end or form is None:
                continue
            logged = await timed("poging noteren", "POST", f"/poging/{ref}", 303,
                                 data={"csrf": form.group(1), "uitkomst": "geen-gehoor", "kanaal": "bellen"})
            if logged is not None and logged.status_code == 303:
                await timed("persoon na poging", "GET", logged.headers["location"], 200)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by process `root` and everything below it (Linux /proc)."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.split("/")[2])
        parents[pid] = int(fields[1])
        used[pid] = sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def postmaster(url: str) -> int:
    """The pid of the PostgreSQL server at `url` (its backends are its children), or 0."""
    import sqlalchemy

    eng = sqlalchemy.create_engine(url)
    try:
        with eng.connect() as connection:
            backend = int(connection.execute(sqlalchemy.text("SELECT pg_backend_pid()")).scalar() or 0)
        stat = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return int(stat[1])
    except (OSError, ValueError, sqlalchemy.exc.SQLAlchemyError):
        return 0
    finally:
        eng.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--coaches", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a coach waits between steps")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database (default: a temporary cluster)")
    args = parser.parse_args()
    if not (1 <= args.coaches <= 200 and 1 <= args.seconds <= 600 and 1 <= args.workers <= 16):
        sys.exit("bounds: 1-200 coaches, 1-600 seconds, 1-16 workers")

    with tempfile.TemporaryDirectory(prefix="outreach-load-") as work:
        folder = Path(work)
        stop: list[str] = []
        url, pg_root = args.database_url, ""
        if not url:  # its own folder in /tmp: the postgres user must reach it
            pg_root = tempfile.mkdtemp(prefix="outreach-load-pg-")
            url, stop = start_postgres(Path(pg_root))
        env = {**os.environ, "OUTREACH_DATABASE_URL": url, "OUTREACH_DATA_DIR": str(folder / "data"),
               "OUTREACH_SECRET_KEY": "load-test-" + "x" * 32, "FORWARDED_ALLOW_IPS": "127.0.0.1"}
        os.environ.update(env)
        server = None
        try:
            began = time.perf_counter()
            people = seed(url, folder, args.coaches)
            print(f"seeded {args.coaches} coaches, {args.coaches * PEOPLE_PER_COACH} people in {time.perf_counter() - began:.1f} s")
            port = _free_port()
            server = subprocess.Popen([sys.executable, "-m", "outreach", "web", "serve", "--workers", str(args.workers),
                                       "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            import httpx

            for _ in range(600):
                try:
                    if httpx.get(base + "/gezond", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            for _ in range(args.workers * 4):  # every worker warm: templates loaded, connections open
                httpx.get(base + "/inloggen", timeout=30)
            figures = Figures()
            rng = random.Random(22)
            load_before = os.getloadavg()
            database = postmaster(url)
            cpu_before = (tree_cpu(server.pid), tree_cpu(database) if database else 0.0, time.process_time())
            end = time.monotonic() + args.seconds

            async def everyone() -> None:
                await asyncio.gather(*(coach(base, name, refs, f"10.22.{i // 250}.{i % 250 + 1}", end, args.think, min(60.0, args.seconds / 3),
                                             figures, random.Random(rng.random())) for i, (name, refs) in enumerate(people.items())))

            asyncio.run(everyone())
            load_after = os.getloadavg()
            cpu = (tree_cpu(server.pid) - cpu_before[0], (tree_cpu(database) if database else 0.0) - cpu_before[1],
                   time.process_time() - cpu_before[2])
        finally:
            if server is not None:
                server.terminate()
                server.wait(30)
            if stop:
                subprocess.run(stop, capture_output=True)
            if pg_root:
                shutil.rmtree(pg_root, ignore_errors=True)

    every = [s for values in figures.took.values() for s in values]
    print(f"{args.coaches} coaches, {args.workers} web workers, PostgreSQL, {args.seconds:.0f} s, think time ~{args.think} s, "
          f"{os.cpu_count()} cores; load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print(f"{'request':<20} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*figures.took.items(), ("all", every)]:
        errors = sum(figures.errors.values()) if kind == "all" else figures.errors.get(kind, 0)
        print(f"{kind:<20} {len(values):>6} {errors:>6} {statistics.median(values) * 1000:>8.0f} "
              f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    print(f"sign-ins answered 'erg druk' (429) and tried again after 2-4 s: {figures.retried}")
    for kind, answers in figures.wrong.items():
        print(f"unexpected answers to {kind}: {', '.join(sorted(answers))}")
    print(f"CPU used in the run: web workers {cpu[0]:.1f} s ({cpu[0] / len(every) * 1000:.1f} ms a request), "
          f"PostgreSQL {cpu[1]:.1f} s, this load generator {cpu[2]:.1f} s; that is "
          f"{sum(cpu) / args.seconds:.2f} of the {os.cpu_count()} cores on average")
    p95 = percentile(every, 0.95) * 1000
    print(f"throughput {len(every) / args.seconds:.1f} requests/s; target (no errors, p95 < 300 ms): "
          f"{'met' if not figures.errors and p95 < 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
