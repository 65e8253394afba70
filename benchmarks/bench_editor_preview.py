"""Turn the template editor's live check of a one-page letter into latency figures (medians), printed.

Measures, end to end through the real app (Starlette's TestClient, one process): posting the
plain body of the invitation letter, changed a little each time, to the editor's live check and
having the verdict, highlights and the letter's HTML preview back. Target: the preview updated
within 300 ms of typing (the page waits 150 ms after the last key press first).
Run: .venv/bin/python benchmarks/bench_editor_preview.py
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))
DEBOUNCE_MS = 150  # studio.js: the check starts this long after the last key press


def main() -> None:
    import os

    os.environ.setdefault("OUTREACH_DATA_DIR", tempfile.mkdtemp())
    from web_helpers import PASSWORD, client, seed, sign_in

    from outreach import db
    from outreach.content import builtin_dir
    from outreach.web.users import add_user

    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.db'}"
    seed(url, tmp)
    with db.session(url) as s:
        add_user(s, "os:bench", "Bench Communicatie", ["communicatie"], PASSWORD)
    c = client(url)
    sign_in(c, "Bench Communicatie")
    page = c.get("/sjablonen/uitnodiging/html/bewerken").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8").split("---#}\n", 1)[1]
    check = "/sjablonen/uitnodiging/html/controleren"
    c.post(check, data={"csrf": token, "bron": body})  # warm up: spaCy, the worker, the templates
    times = []
    for i in range(15):
        typed = body.replace("stap voor stap.", f"stap voor stap. We praten {i + 1} keer.")
        start = time.perf_counter()
        response = c.post(check, data={"csrf": token, "bron": typed})
        assert response.status_code == 200 and "preview" in response.json()
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(f"editor live preview, one-page letter: median {median:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(+{DEBOUNCE_MS} ms wait = {median + DEBOUNCE_MS:.0f} ms after the last key press; target 300 ms)")


if __name__ == "__main__":
    main()
