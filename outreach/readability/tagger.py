"""Turn the words of a Dutch sentence into part-of-speech tags with a small averaged perceptron.

The weights (data/pos_model.npz) are trained by scripts/train_pos.py on the dev parts of
UD_Dutch-Alpino and UD_Dutch-LassySmall (CC BY-SA 4.0, see data/README.md); the test parts are
kept aside to measure it (tests/readability/test_pos.py). Features: the word, its suffixes and
shape, the neighbouring words, the two previous tags, and what our word tables say about it
(LiNT-II noun, lemma, spoken and written frequency, its most frequent UD tag). Tagging runs
left to right, greedy, twice: the second pass also sees the first pass's tags of the
words ahead; no NumPy needed: a sentence costs a few hundred dict lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import lexicon

_PARTICIPLE = re.compile(r"^(?:[a-z]{0,6}ge[a-zë]{2,}(?:d|t|en)|(?:be|ver|ont|her|er)[a-zë]{2,}(?:d|t|en))$")
MODEL = Path(__file__).parent / "data" / "pos_model.npz"
START = ("-START-", "-START2-")


def shape(word: str) -> str:
    """'Amsterdam' -> 'Xx', 'UWV' -> 'X', '12' -> 'd', 'e-mail' -> 'x-x'."""
    out = []
    for c in word[:12]:
        k = "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def _bucket(z: float) -> str:
    return str(int(z)) if z > 0 else "0"


def lexical(low: str) -> list[str]:
    """What the word tables say about one lower-case word, without the UD table."""
    base = lexicon.lemma(low)
    feats = [f"z{_bucket(lexicon.zipf(low))}", f"sz{_bucket(lexicon.spoken_zipf(low))}"]
    if lexicon.noun(low) is not None:
        feats.append("noun")
    if base != low:
        feats.append("lem-" + base[-2:])
        feats.append("lemdiff-" + low[len(base) - 2:] if low.startswith(base[:-2]) else "lemother")
        if lexicon.noun(base) is not None:
            feats.append("lemnoun")
    else:
        feats.append("lemsame")
    if _PARTICIPLE.match(low):
        feats.append("part")
    if len(low) > 2 and (lexicon.spoken_zipf(low + "en") >= 3 or
                         (low.endswith("t") and lexicon.spoken_zipf(low[:-1] + "en") >= 3)):
        feats.append("stem")
    return feats


def static(word: str, low: str, first: bool, ud: tuple[str, float] | None) -> list[str]:
    """Features of one word that do not depend on the tags before it."""
    feats = ["b", "w=" + low, "s1=" + low[-1:], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:],
             "s5=" + low[-5:], "p2=" + low[:2], "p3=" + low[:3], "sh=" + shape(word),
             "f=" + str(first) + shape(word[:1]), "len=" + str(min(len(low), 12))]
    feats += lexical(low)
    if ud is not None:
        feats.append("ud=" + ud[0] + ("+" if ud[1] >= 0.9 else ""))
    else:
        feats.append("ud-none")
    return feats


def context(statics: list[list[str]], lows: list[str], i: int) -> list[str]:
    """Features of word i that do not depend on the tags chosen before it."""
    out = list(statics[i])
    p = lows[i - 1] if i else "-S-"
    pp = lows[i - 2] if i > 1 else "-S-"
    n = lows[i + 1] if i + 1 < len(lows) else "-E-"
    nn = lows[i + 2] if i + 2 < len(lows) else "-E-"
    out += ["w-1=" + p, "w-2=" + pp, "w+1=" + n, "w+2=" + nn, "w-1w=" + p + "|" + lows[i],
            "ww+1=" + lows[i] + "|" + n, "s3-1=" + p[-3:], "s3+1=" + n[-3:]]
    if i + 1 < len(lows):
        out.extend("n:" + f for f in statics[i + 1] if f.startswith(("ud", "noun", "lem")))
    return out


def dynamic(low: str, prev: str, prev2: str) -> list[str]:
    """Features of a word that depend on the tags of the two words before it."""
    return ["t1=" + prev, "t12=" + prev + "|" + prev2, "t1w=" + prev + "|" + low]


def features(statics: list[list[str]], lows: list[str], i: int, prev: str, prev2: str) -> list[str]:
    """All features of word i, given the tags of the two words before it (used in training)."""
    return context(statics, lows, i) + dynamic(lows[i], prev, prev2)


def right(out: list[str], first: list[str], i: int) -> list[str]:
    """Second-pass features: what the first pass said about word i and the two words after it."""
    n = first[i + 1] if i + 1 < len(first) else "-E-"
    nn = first[i + 2] if i + 2 < len(first) else "-E-"
    return out + ["r0=" + first[i], "r1=" + n, "r12=" + n + "|" + nn, "r01=" + first[i] + "|" + n]


@dataclass(frozen=True)
class _Model:
    """Both passes' weights as matrices with one row per feature (the last row, zeros, for unknown ones)."""

    index: dict[str, int]
    first: Any  # numpy arrays: features x classes
    second: Any
    classes: tuple[str, ...]

    def rows(self, feats: list[str]) -> list[int]:
        get, unknown = self.index.get, len(self.index)
        return [get(f, unknown) for f in feats]


def save(path: Path, first: dict[str, dict[str, float]], second: dict[str, dict[str, float]],
         classes: tuple[str, ...], note: str) -> None:
    """Write both passes' weights as one .npz file (loads in milliseconds, unlike JSON)."""
    import numpy as np

    names = sorted(set(first) | set(second))
    index = {f: i for i, f in enumerate(names)}
    column = {c: j for j, c in enumerate(classes)}
    matrices = []
    for weights in (first, second):
        matrix = np.zeros((len(names) + 1, len(classes)), dtype=np.float32)
        for f, row in weights.items():
            for c, v in row.items():
                matrix[index[f], column[c]] = v
        matrices.append(matrix)
    with path.open("wb") as f:
        np.savez_compressed(f, features=np.array("\n".join(names)), classes=np.array("\n".join(classes)),
                            first=matrices[0], second=matrices[1], note=np.array(note))


@cache
def _model() -> _Model:
    import numpy as np

    with np.load(MODEL) as data:
        names = str(data["features"]).split("\n")
        return _Model({f: i for i, f in enumerate(names)}, data["first"], data["second"],
                      tuple(str(data["classes"]).split("\n")))


def run(weights: dict[str, dict[str, float]], classes: tuple[str, ...], statics: list[list[str]], lows: list[str],
        first: list[str] | None = None) -> list[str]:
    """One greedy left-to-right pass with plain dicts (training); with `first` the second pass."""
    prev, prev2 = START
    out = []
    for i in range(len(lows)):
        feats = features(statics, lows, i, prev, prev2)
        t = predict(weights, classes, right(feats, first, i) if first is not None else feats)
        out.append(t)
        prev2, prev = prev, t
    return out


def predict(weights: dict[str, dict[str, float]], classes: tuple[str, ...], feats: list[str]) -> str:
    scores = dict.fromkeys(classes, 0.0)
    for f in feats:
        row = weights.get(f)
        if row is not None:
            for c, v in row.items():
                scores[c] += v
    return max(classes, key=lambda c: (scores[c], c))


def _fast(matrix: Any, model: _Model, base_rows: list[list[int]], lows: list[str],
          first: list[str] | None = None) -> list[str]:
    """The same pass as run(), with the tag-independent scores of all words summed at once."""
    import numpy as np

    flat: list[int] = []
    starts: list[int] = []
    for i, rows in enumerate(base_rows):
        starts.append(len(flat))
        flat += rows
        if first is not None:
            flat += model.rows(right([], first, i))
    base = np.add.reduceat(matrix[flat], starts, axis=0)
    classes, rows_of = model.classes, model.rows
    prev, prev2 = START
    out = []
    for i, low in enumerate(lows):
        t = classes[int((base[i] + matrix[rows_of(dynamic(low, prev, prev2))].sum(axis=0)).argmax())]
        out.append(t)
        prev2, prev = prev, t
    return out


def tag(words: list[str], lows: list[str]) -> list[str]:
    """Tags of one sentence: `words` as written, `lows` in lower case."""
    if not words:
        return []
    model = _model()
    statics = [static(w, lo, i == 0, lexicon.ud_tag(lo)) for i, (w, lo) in enumerate(zip(words, lows))]
    rows = [model.rows(context(statics, lows, i)) for i in range(len(lows))]
    return _fast(model.second, model, rows, lows, _fast(model.first, model, rows, lows))
