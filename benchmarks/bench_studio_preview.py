"""Turn the studio's flyer preview and the checker page into latency figures (medians), printed.

Measures, end to end through the real app (Starlette's TestClient, one process): the time from
posting the flyer form to having the preview PNG and verdict back, and the checker answering a
300-word text. Targets: preview under 1 s after the last keystroke (the page waits 0.3 s first),
checker under 100 ms. Run: .venv/bin/python benchmarks/bench_studio_preview.py
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))


def main() -> None:
    import os

    os.environ.setdefault("OUTREACH_DATA_DIR", tempfile.mkdtemp())
    from web_helpers import PASSWORD, client, seed, sign_in

    from outreach import db
    from outreach.web.users import add_user

    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.db'}"
    seed(url, tmp)
    with db.session(url) as s:
        add_user(s, "os:bench", "Bench Communicatie", ["communicatie"], PASSWORD)
    c = client(url)
    sign_in(c, "Bench Communicatie")
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/maken/flyer").text).group(1)  # type: ignore[union-attr]
    form = {"csrf": token, "coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "formaat": "A4"}
    c.post("/maken/flyer/voorbeeld", data={**form, "plekken": "Buurthuis"})  # warm up: fonts, WeasyPrint, spaCy
    times = []
    for i in range(15):
        start = time.perf_counter()
        response = c.post("/maken/flyer/voorbeeld", data={**form, "plekken": f"Buurthuis De Linde {i}\nBibliotheek"})
        assert response.status_code == 200
        times.append(time.perf_counter() - start)
    print(f"flyer preview: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(+300 ms debounce = {statistics.median(times) * 1000 + 300:.0f} ms after the last keystroke)")
    words = ("Ik bel u volgende week. Dan maken we samen een afspraak. U kiest waar we praten. " * 20).split()[:300]
    text = " ".join(words)
    checks = []
    for _ in range(15):
        start = time.perf_counter()
        response = c.post("/controleren", data={"csrf": token, "tekst": text, "niveau": "B1", "soort": "letter"})
        assert response.status_code == 200
        checks.append(time.perf_counter() - start)
    print(f"checker, 300 words: median {statistics.median(checks) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
