"""How well the B1 verdict separates real stiff texts from real plain ones, next to Flesch-Douma.

Data: benchmarks/data/public_texts.toml (real public texts: `plain` ones their publishers wrote
to be easy, `stiff` official ones) and benchmarks/data/public_pairs.toml (an original and its
plain rewrite). A text or pair is held out when zlib.crc32(text or before) % 3 == 0; that rule
was fixed before anything was measured, and only the tune part may be used to set thresholds.

Prints per part (tune, heldout, all): stiff texts that fail B1, plain texts that pass B1 (verdict
not "fail"), the same for Flesch-Douma with a fixed cut-off (FD >= FD_PASS passes), rewrites
scored easier than their original and scored harder; and every text the verdict gets wrong,
with the measures the verdict used. Runs in a few seconds.
Run from the repository root: python3 benchmarks/bench_verdict.py
"""

from __future__ import annotations

import sys
import tomllib
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from outreach.readability import check  # noqa: E402

TEXTS = ROOT / "benchmarks" / "data" / "public_texts.toml"
PAIRS = ROOT / "benchmarks" / "data" / "public_pairs.toml"
FD_PASS = 60.0  # Flesch-Douma: 60 and above is the usual "plain enough" cut-off
PARTS = ("tune", "heldout", "all")
SHOWN = ("avg_sentence_words", "long_sentence_share", "hard_words_per_100", "passive_share")


def part_of(text: str) -> str:
    return "heldout" if zlib.crc32(text.encode("utf-8")) % 3 == 0 else "tune"


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / total:.0f}%" if total else "-"


def load() -> list[dict[str, str]]:
    return tomllib.loads(TEXTS.read_text(encoding="utf-8"))["text"]


def verdicts(part: str) -> tuple[dict[str, list[int]], list[tuple[dict[str, str], object]]]:
    """kind -> [texts, checker right, Flesch-Douma right], and the texts the checker gets wrong."""
    counts = {k: [0, 0, 0] for k in ("stiff", "plain")}
    wrong = []
    for row in load():
        if part != "all" and part_of(row["text"]) != part:
            continue
        report = check(row["text"], level="B1", kind="letter")
        fd_pass = float(report.metrics["flesch_douma"]) >= FD_PASS
        right = (report.verdict == "fail") if row["kind"] == "stiff" else (report.verdict != "fail")
        c = counts[row["kind"]]
        c[0] += 1
        c[1] += right
        c[2] += (not fd_pass) if row["kind"] == "stiff" else fd_pass
        if not right:
            wrong.append((row, report))
    return counts, wrong


def texts(part: str) -> None:
    counts, wrong = verdicts(part)
    print(f"  stiff texts fail B1:  checker {_share(counts['stiff'][1], counts['stiff'][0])}"
          f"   Flesch-Douma < {FD_PASS:g}: {_share(counts['stiff'][2], counts['stiff'][0])}")
    print(f"  plain texts pass B1:  checker {_share(counts['plain'][1], counts['plain'][0])}"
          f"   Flesch-Douma >= {FD_PASS:g}: {_share(counts['plain'][2], counts['plain'][0])}")
    for row, report in wrong:
        shown = ", ".join(f"{k}={report.metrics.get(k)}" for k in SHOWN)  # type: ignore[attr-defined]
        print(f"    wrong: {row['kind']} {report.verdict} score={report.score} {shown}  {row['source'][:70]}")  # type: ignore[attr-defined]


def pairs(part: str) -> None:
    rows = [p for p in tomllib.loads(PAIRS.read_text(encoding="utf-8"))["pair"]
            if p["source"] != "OWN" and (part == "all" or part_of(p["before"]) == part)]
    easier = harder = 0
    for p in rows:
        before, after = check(p["before"]).score, check(p["after"]).score
        easier += after < before
        harder += after > before
    print(f"  public pairs: rewrite easier {_share(easier, len(rows))}, harder {_share(harder, len(rows))}")


def main() -> None:
    for part in PARTS:
        print(f"[{part}]")
        texts(part)
        pairs(part)


if __name__ == "__main__":
    main()
