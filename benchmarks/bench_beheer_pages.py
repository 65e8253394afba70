"""Turn the live checker, the funnel page and Beheer's pages into latency figures (medians), printed.

End to end through the real app (Starlette's TestClient, one process, SQLite): the checker's
result piece for a 300-word text (target: under 100 ms), and the funnel page for beheer and for
one coach at 100,000 prospects (target: under 200 ms; built as in bench_tracking.py); Beheer's
coaches page and the coach's pages of issue 18 (flyer round, person, a message by hand), the
funnel for a period and its CSV, the settings page, the trail of changes (filtered), the letter
form and the flyer studio (target: under 300 ms).
The chart PNG is timed too (no target: matplotlib, fetched by the browser after the page).
Run: .venv/bin/python benchmarks/bench_beheer_pages.py [--prospects 100000]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "web"))

TEXT = ("Beste meneer Jansen, indien u vragen heeft over uw afspraak, kunt u mij bellen. Ik ben Sanne, uw coach. "
        "Ik kom graag bij u thuis. Wij praten dan over wat u wilt en wat u kunt. U hoeft niets te beloven. "
        "Middels deze brief nodig ik u uit voor een gesprek. Het gesprek is gratis en duurt ongeveer een uur. "
        "Wilt u liever afspreken in het buurthuis? Dat kan ook. Zeg het mij als u hulp nodig heeft bij het lezen. ")


HOODS = ["Noord", "Centrum", "Zuid", "Oost", "West", "Reeshof", "Oud-Zuid", "Haven"]


def make_csv(path: Path, n: int) -> None:
    """`n` made-up rows over eight neighbourhoods (as bench_tracking.py makes them)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon\n")
        for i in range(n):
            f.write(f"B-{i:06d};Test{i % 997};Voorbeeld{i % 1009};Proefstraat {i % 300 + 1};"
                    f"{5000 + i % 999} AB;Tilburg;{HOODS[i % len(HOODS)]};06-{10000000 + i:08d}\n")


def _median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prospects", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("OUTREACH_DATA_DIR", tempfile.mkdtemp())
    from web_helpers import PASSWORD, client, sign_in

    from outreach import db, tracking
    from outreach.web.accounts import set_password
    from outreach.web.users import add_user

    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.db'}"
    with db.session(url) as s:
        for number in range(50):
            tracking.add_coach(s, tracking.actor(s), f"Coach{number:02d} Bench", working_days="ma,di,wo,do,vr")
    csv = tmp / "lijst.csv"
    make_csv(csv, args.prospects)
    start = time.perf_counter()
    with db.session(url) as s:
        tracking.import_prospects(s, tracking.actor(s), csv, assign="round-robin")
        add_user(s, "os:bench", "Bench Beheer", ["beheer", "communicatie"], PASSWORD)
        set_password(s, tracking.find_coach(s, "Coach00 Bench").id, PASSWORD)
    print(f"{args.prospects} prospects imported in {time.perf_counter() - start:.1f} s")

    c = client(url)
    sign_in(c, "Bench Beheer")
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/controleren").text).group(1)  # type: ignore[union-attr]
    words = (TEXT * 8).split()[:300]
    form = {"csrf": token, "tekst": " ".join(words), "niveau": "B1", "soort": "letter"}
    assert c.post("/controleren/uitslag", data=form).status_code == 200  # warm up: the lexicon
    runs = iter(range(1000))

    def typed() -> None:  # a new text each time, as while typing: no result can come from a cache
        n = next(runs)
        c.post("/controleren/uitslag", data={**form, "tekst": " ".join(words[:-1]) + f" Afspraak {n} in huis{n}."})

    print(f"checker result, 300 words: median {_median_ms(typed, 21):.0f} ms")

    for path in ("/bereik", "/bereik?per=wijk", "/bereik?per=coach"):
        assert c.get(path).status_code == 200
        print(f"funnel page {path} (beheer, {args.prospects}): median {_median_ms(lambda: c.get(path), 15):.0f} ms")
    for path in ("/bereik?per=wijk&van=2026-01-01&tot=2026-12-31", "/bereik/bereik.csv?per=coach&van=2026-01-01",
                 "/beheer/instellingen", "/beheer/wijzigingen", "/beheer/wijzigingen?soort=coaches",
                 "/beheer/wijzigingen?door=Bench&van=2026-01-01", "/brieven/uitnodiging", "/maken/flyer"):
        assert c.get(path).status_code == 200, path
        print(f"page {path} ({args.prospects}): median {_median_ms(lambda: c.get(path), 15):.0f} ms")
    print(f"funnel chart PNG per wijk: median {_median_ms(lambda: c.get('/bereik/grafiek.png?per=wijk'), 5):.0f} ms")
    coach = client(url)
    sign_in(coach, "Coach00 Bench")
    assert coach.get("/bereik").status_code == 200
    print(f"funnel page /bereik (one coach): median {_median_ms(lambda: coach.get('/bereik'), 15):.0f} ms")
    print(f"coaches page /beheer/coaches (beheer): median {_median_ms(lambda: c.get('/beheer/coaches'), 15):.0f} ms")
    with db.session(url) as s:
        ref = tracking.due_calls(s, tracking.actor(s, "Coach00 Bench"))[0].client_number
    for path in ("/vandaag", "/flyers", f"/mensen/{ref}", f"/bericht/{ref}?sjabloon=volgende-maand.sms"):
        assert coach.get(path).status_code == 200, path
        print(f"coach page {path.split('?')[0]} (one coach): median {_median_ms(lambda: coach.get(path), 15):.0f} ms")


if __name__ == "__main__":
    main()
