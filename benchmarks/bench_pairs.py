"""How often the readability score ranks a plain rewrite as easier than its original.

Data: benchmarks/data/public_pairs.toml (before/after pairs; `source` is a URL for pairs
quoted from public pages, "OWN" for pairs written by this project). A pair is held out when
zlib.crc32(before) % 3 == 0; only the tuning part may be used to change the score.

Prints, per part (tune/heldout x public/OWN): the share of pairs where the score calls the
rewrite easier, equal, harder; the verdicts (pass/warn/fail) before and after; and every pair
called harder, with both scores and the main findings of the rewrite.
Run from the repository root: python3 benchmarks/bench_pairs.py
"""

from __future__ import annotations

import sys
import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from outreach.readability import check  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "public_pairs.toml"
PARTS = ("tune", "heldout")
ORIGINS = ("public", "OWN")


def load() -> list[dict[str, str]]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["pair"]


def part_of(pair: dict[str, str]) -> str:
    return "heldout" if zlib.crc32(pair["before"].encode("utf-8")) % 3 == 0 else "tune"


def origin_of(pair: dict[str, str]) -> str:
    return "OWN" if pair["source"] == "OWN" else "public"


@dataclass
class Result:
    total: int = 0
    easier: int = 0
    equal: int = 0
    harder: int = 0
    verdicts_before: Counter[str] = field(default_factory=Counter)
    verdicts_after: Counter[str] = field(default_factory=Counter)
    harder_pairs: list[tuple[float, float, dict[str, str], list[str]]] = field(default_factory=list)

    def share(self, n: int) -> float:
        return n / self.total if self.total else 0.0


def measure(part: str, origin: str) -> Result:
    r = Result()
    for pair in load():
        if part_of(pair) != part or origin_of(pair) != origin:
            continue
        before, after = check(pair["before"]), check(pair["after"])
        r.total += 1
        r.verdicts_before[before.verdict] += 1
        r.verdicts_after[after.verdict] += 1
        if after.score < before.score:
            r.easier += 1
        elif after.score == before.score:
            r.equal += 1
        else:
            r.harder += 1
            findings = [f"{f.rule}:{pair['after'][f.start:f.end]!r}" for f in after.findings][:6]
            r.harder_pairs.append((before.score, after.score, pair, findings))
    return r


def main() -> None:
    for origin in ORIGINS:
        for part in PARTS:
            r = measure(part, origin)
            print(f"{origin:6} {part:7} n={r.total:3}  easier {r.share(r.easier):4.0%}  "
                  f"equal {r.share(r.equal):4.0%}  harder {r.share(r.harder):4.0%}  "
                  f"verdicts before {dict(r.verdicts_before)} after {dict(r.verdicts_after)}")
            for b, a, pair, findings in r.harder_pairs:
                print(f"    harder {b:.1f} -> {a:.1f}: {pair['before'][:70]!r} -> {pair['after'][:70]!r}")
                print(f"        findings of the rewrite: {findings}")


if __name__ == "__main__":
    main()
