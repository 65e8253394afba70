"""Print the share of words that learners of Dutch meet by B1 that the checker flags anyway.

List: benchmarks/data/learner_words.txt (headwords of the LINK+ 0-A2 NT2 word list; source in
the file). Each word is put in the frame "In de brief staat: [word]." and counts as flagged when
a word finding (officialese, rare word, compound, nominalisation, long word) touches it, the
same test as bench_checker_coverage.py. Split: held out when zlib.crc32(word) % 3 == 0, decided
before measuring; `tune` words may be used to change the rules, `heldout` words are only measured.

Run from the repository root: python3 benchmarks/bench_learner_words.py [--show]
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_checker_coverage import flagged  # noqa: E402

WORDS = ROOT / "benchmarks" / "data" / "learner_words.txt"
FRAME = "In de brief staat: {}."
PARTS = ("tune", "heldout")


@dataclass
class Result:
    total: int
    alarms: list[str]

    @property
    def share(self) -> float:
        return len(self.alarms) / self.total if self.total else 0.0


def words(part: str) -> list[str]:
    out = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            out.extend(w for w in line.split() if (zlib.crc32(w.encode()) % 3 == 0) == (part == "heldout"))
    return out


def measure(part: str) -> Result:
    found = words(part)
    alarms = []
    for word in found:
        text = FRAME.format(word)
        start = text.index(word)
        if flagged(text, [(start, start + len(word))]):
            alarms.append(word)
    return Result(len(found), alarms)


def main() -> None:
    for part in PARTS:
        r = measure(part)
        print(f"{part}: {len(r.alarms)} of {r.total} learner words flagged ({r.share:.1%})")
        if "--show" in sys.argv and part == "tune":
            print("  " + " ".join(r.alarms))


if __name__ == "__main__":
    main()
