"""Print how well the readability checker catches officialese and hard words of public lists.

Sets (benchmarks/data/, each with a `tune` and a `heldout` part):
- public_officialese.toml: entries of public plain-language word lists, each in a sentence with
  the entry marked [ ]. Caught: a word finding (officialese, rare word, compound,
  nominalisation, long word) touches a marked part. Substitute false alarm: the sentence with
  the first alternative in place of a one-part entry gets a word finding on that alternative.
- public_words.toml: "text [hard|plain] text" pairs. Hard flagged / plain flagged as above, and
  whether the score (higher is harder) calls the plain sentence easier or harder.

Run from the repository root: python3 benchmarks/bench_checker_coverage.py [--hide-heldout-misses]
(the flag keeps held-out misses out of sight while tuning; the rates are printed either way).
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from outreach.readability import check

DATA = ROOT / "benchmarks" / "data"
WORD_RULES = frozenset({"officialese", "rare-word", "compound", "nominalisation", "long-word",
                        "stock-phrase", "abbreviation", "legal-reference", "slash-form", "term"})
PARTS = ("tune", "heldout")


def load(name: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence without [ ] and the character spans that were marked."""
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\[([^\]]+)\]", marked):
        text += marked[pos:m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        pos = m.end()
    return text + marked[pos:], spans


def flagged(text: str, spans: list[tuple[int, int]]) -> bool:
    """A word finding of the checker touches one of the spans."""
    return any(f.rule in WORD_RULES and f.start < end and f.end > start
               for f in check(text).findings for start, end in spans)


def substitute(marked: str, alternative: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The sentence with `alternative` in place of its only marked part (None for split phrases)."""
    parts = re.findall(r"\[[^\]]+\]", marked)
    if len(parts) != 1:
        return None
    start = marked.index(parts[0])
    if start == 0 or marked[:start].rstrip().endswith((".", "?", "!")):
        alternative = alternative[:1].upper() + alternative[1:]
    return unmark(marked.replace(parts[0], f"[{alternative}]"))


@dataclass
class Result:
    total: int = 0
    caught: int = 0
    substitutes: int = 0
    false_alarms: int = 0
    easier: int = 0
    harder: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def share(self, count: int, of: int | None = None) -> float:
        return count / (of if of is not None else self.total) if (of if of is not None else self.total) else 0.0


def officialese(part: str) -> Result:
    result = Result()
    for entry in load("public_officialese.toml")[part]:
        result.total += 1
        if flagged(*unmark(entry["sentence"])):
            result.caught += 1
        else:
            result.misses.append(f"{entry['word']}: {unmark(entry['sentence'])[0]}")
        plain = substitute(entry["sentence"], entry["alternatives"][0]) if entry["alternatives"] else None
        if plain is not None:
            result.substitutes += 1
            if flagged(*plain):
                result.false_alarms += 1
                result.alarms.append(plain[0])
    return result


def words(part: str) -> Result:
    result = Result()
    for pair in load("public_words.toml")[part]:
        m = re.search(r"\[([^|\]]+)\|([^\]]+)\]", pair["s"])
        assert m, pair
        hard, plain = (unmark(pair["s"][:m.start()] + f"[{w}]" + pair["s"][m.end():]) for w in m.groups())
        result.total += 1
        result.substitutes += 1
        if flagged(*hard):
            result.caught += 1
        else:
            result.misses.append(hard[0])
        if flagged(*plain):
            result.false_alarms += 1
            result.alarms.append(plain[0])
        hard_score, plain_score = check(hard[0]).score, check(plain[0]).score
        result.easier += plain_score < hard_score
        result.harder += plain_score > hard_score
    return result


def main() -> None:
    hide = "--hide-heldout-misses" in sys.argv
    for name, measure in (("public officialese", officialese), ("public hard words", words)):
        for part in PARTS:
            r = measure(part)
            line = (f"{name} [{part}]: caught {r.share(r.caught):.0%} of {r.total}; substitutes flagged "
                    f"{r.share(r.false_alarms, r.substitutes):.0%} of {r.substitutes}")
            if measure is words:
                line += f"; score calls plain easier {r.share(r.easier):.0%}, harder {r.share(r.harder):.0%}"
            print(line)
            if part == "heldout" and hide:
                continue
            for miss in r.misses:
                print(f"  missed: {miss}")
            for alarm in r.alarms:
                print(f"  substitute flagged: {alarm}")


if __name__ == "__main__":
    main()
