"""Turn the words of a Dutch sentence into part-of-speech tags with a small averaged perceptron.

The weights (data/pos_model.bin.gz) are trained by scripts/train_pos.py on the dev parts of
UD_Dutch-Alpino and UD_Dutch-LassySmall (CC BY-SA 4.0, see data/README.md); the test parts are
kept aside to measure it (tests/readability/test_pos.py). Features: the word, its suffixes and
shape, the neighbouring words, the two previous tags, and what our word tables say about it
(LiNT-II noun, lemma, spoken and written frequency, its most frequent UD tag). Tagging runs
left to right, greedy, twice: the second pass also sees the first pass's tags of the
words ahead. Plain Python (no NumPy to import): per word, the weight rows of its features are
summed column by column in C (zip + sum).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import lexicon

_PARTICIPLE = re.compile(r"^(?:[a-z]{0,6}ge[a-zë]{2,}(?:d|t|en)|(?:be|ver|ont|her|er)[a-zë]{2,}(?:d|t|en))$")
MODEL = Path(__file__).parent / "data" / "pos_model.bin.gz"
START = ("-START-", "-START2-")


def shape(word: str) -> str:
    """'Amsterdam' -> 'Xx', 'UWV' -> 'X', '12' -> 'd', 'e-mail' -> 'x-x'."""
    out: list[str] = []
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
    """Both passes' weights: per pass one flat float32 array, a row of len(classes) per feature
    (the last row, zeros, for unknown features)."""

    index: dict[str, int]
    first: array[float]
    second: array[float]
    classes: tuple[str, ...]

    def rows(self, feats: list[str]) -> list[int]:
        get, unknown = self.index.get, len(self.index)
        return [get(f, unknown) for f in feats]


def save(path: Path, first: dict[str, dict[str, float]], second: dict[str, dict[str, float]],
         classes: tuple[str, ...], note: str) -> None:
    """Write both passes' weights as one gzip file: a JSON header, the feature names, float32s."""
    names = sorted(set(first) | set(second))
    index = {f: i for i, f in enumerate(names)}
    column = {c: j for j, c in enumerate(classes)}
    blob = "\n".join(names).encode("utf-8")
    header = json.dumps({"classes": list(classes), "names_bytes": len(blob), "note": note}).encode("utf-8")
    data = bytearray(header + b"\n" + blob)
    for weights in (first, second):
        flat = array("f", bytes(4 * (len(names) + 1) * len(classes)))
        for f, row in weights.items():
            for c, v in row.items():
                flat[index[f] * len(classes) + column[c]] = v
        if sys.byteorder != "little":
            flat.byteswap()
        data += flat.tobytes()
    path.write_bytes(gzip.compress(bytes(data), compresslevel=9, mtime=0))


@cache
def _model() -> _Model:
    raw = gzip.decompress(MODEL.read_bytes())
    end = raw.index(b"\n")
    header = json.loads(raw[:end])
    names = raw[end + 1:end + 1 + header["names_bytes"]].decode("utf-8").split("\n")
    flat = array("f")
    flat.frombytes(raw[end + 1 + header["names_bytes"]:])
    if sys.byteorder != "little":
        flat.byteswap()
    half = len(flat) // 2
    return _Model({f: i for i, f in enumerate(names)}, flat[:half], flat[half:], tuple(header["classes"]))


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


def _scores(weights: array[float], width: int, rows: list[int]) -> list[float]:
    """The summed weight rows: one score per class."""
    return [sum(column) for column in zip(*[weights[r * width:(r + 1) * width] for r in rows])]


def _fast(weights: array[float], model: _Model, base_rows: list[list[int]], lows: list[str],
          first: list[str] | None = None) -> list[str]:
    """The same pass as run(), on the flat weight arrays."""
    classes, width, rows_of = model.classes, len(model.classes), model.rows
    prev, prev2 = START
    out = []
    for i, low in enumerate(lows):
        rows = base_rows[i] + rows_of(dynamic(low, prev, prev2) + (right([], first, i) if first is not None else []))
        scores = _scores(weights, width, rows)
        t = classes[scores.index(max(scores))]
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
