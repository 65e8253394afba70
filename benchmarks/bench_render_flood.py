"""Turn a flood of template checks from the web into figures: how the sign-in page answers meanwhile, printed.

A real server (uvicorn on 127.0.0.1, in this process) and 5 signed-in users each sending 9 live
checks at once (45 in all) of a template that keeps a render busy for about a second (the sample
of issue 16.2). Renders run in worker processes, at most OUTREACH_WORKERS at once and 2 per
user; the rest hear "te druk" within 2 s. Prints the sign-in page's median and maximum latency
during the flood and how the 45 answers ended. Bounded: 45 requests, one round.
Run: .venv/bin/python benchmarks/bench_render_flood.py
"""

from __future__ import annotations

import collections
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

SLOW = ('{#---\nkind = "sms"\ntitle = "x"\nlevel = "B1"\n[fields]\nvoornaam = "Fatima"\n---#}\n'
        "{% for i in range(950) %}{% for j in range(950) %}{% endfor %}{% endfor %}Hallo {{ voornaam }}.")


def main() -> None:
    import httpx

    tmp = Path(tempfile.mkdtemp())
    (tmp / "eigen" / "templates").mkdir(parents=True)
    os.environ["OUTREACH_CONTENT_DIR"] = str(tmp / "eigen")
    os.environ.setdefault("OUTREACH_DATA_DIR", str(tmp / "data"))
    from web_helpers import PASSWORD, site_with_users

    users = {f"Flood {i}": ["communicatie"] for i in range(5)}
    with site_with_users(tmp, users) as base:
        clients = []
        for name in users:
            c = httpx.Client(base_url=base, timeout=120)
            token = re.search(r'name="csrf" value="([^"]+)"', c.get("/inloggen").text).group(1)  # type: ignore[union-attr]
            c.post("/inloggen", data={"csrf": token, "naam": name, "wachtwoord": PASSWORD})
            token = re.search(r'name="csrf" value="([^"]+)"',  # type: ignore[union-attr]
                              c.get("/sjablonen/volgende-maand/sms/bewerken").text).group(1)
            clients.append((c, token))
        outcomes: collections.Counter[str] = collections.Counter()

        def check(c: httpx.Client, token: str) -> None:
            r = c.post("/sjablonen/volgende-maand/sms/controleren", data={"csrf": token, "bron": SLOW})
            error = r.json().get("error", "") if r.status_code == 400 else ""
            outcomes["te druk" if "druk" in error else error[:50] or str(r.status_code)] += 1

        threads = [threading.Thread(target=check, args=pair) for pair in clients for _ in range(9)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        latencies = []
        with httpx.Client(base_url=base, timeout=120) as anonymous:
            while any(t.is_alive() for t in threads) and len(latencies) < 200:
                begin = time.perf_counter()
                anonymous.get("/inloggen")
                latencies.append(time.perf_counter() - begin)
                time.sleep(0.1)
        for thread in threads:
            thread.join()
        took = time.perf_counter() - started
    print(f"45 live checks in {took:.1f} s: {dict(outcomes)}")
    print(f"sign-in page meanwhile: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms over {len(latencies)} requests")


if __name__ == "__main__":
    main()
