"""Turn the UD Dutch dev parts into the averaged-perceptron weights of outreach/readability/tagger.py.

Usage (from the repository root):
    python scripts/train_pos.py [UD_DIR] [--check]
UD_DIR defaults to ../shared/ud-dutch (or OUTREACH_UD_DIR). Only the *dev* parts are read for
training; the *test* parts are kept aside for tests/readability/test_pos.py. With --check the
script trains on 80% of the dev sentences and prints accuracy on the other 20% (for choosing
features without looking at the test parts), and writes nothing.
The UD tag feature is jackknifed: while training, a word's most frequent tag comes from the
other four fifths of the dev sentences, so the model learns how far to trust that table on
words it has not seen. At run time the table from all dev parts (data/ud_pos.tsv.gz) is used.
"""

from __future__ import annotations

import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from outreach.readability import tagger  # noqa: E402

ITERATIONS = 8
FOLDS = 5
MIN_WEIGHT = 0.05  # averaged weights smaller than this are dropped: a smaller file, same accuracy


def label(cols: list[str]) -> str:
    upos = cols[3]
    if upos in ("VERB", "AUX"):
        for feat in cols[5].split("|"):
            if feat.startswith("VerbForm=") and feat[9:] in ("Fin", "Inf", "Part"):
                return f"{upos}:{feat[9:]}"
    return upos


def read(path: Path) -> list[list[tuple[str, str]]]:
    sentences, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            sentence.append((cols[1], label(cols)))
        elif not line and sentence:
            sentences.append(sentence)
            sentence = []
    return sentences


def ud_table(sentences: list[list[tuple[str, str]]]) -> dict[str, tuple[str, float]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        for w, t in s:
            counts[w.lower()][t] += 1
    out = {}
    for w, c in counts.items():
        t, n = c.most_common(1)[0]
        out[w] = (t, n / sum(c.values()))
    return out


def examples(sentences: list[list[tuple[str, str]]], folds: int) -> list[tuple[list[str], list[str], list[list[str]]]]:
    """Per sentence: gold tags, lower-case words, static features (with a jackknifed UD table)."""
    out = []
    for k in range(folds):
        table = ud_table([s for i, s in enumerate(sentences) if i % folds != k])
        for i, s in enumerate(sentences):
            if i % folds == k:
                lows = [w.lower() for w, _ in s]
                statics = [tagger.static(w, lo, j == 0, table.get(lo)) for j, ((w, _), lo) in enumerate(zip(s, lows))]
                out.append(([t for _, t in s], lows, statics))
    return out


Example = tuple[list[str], list[str], list[list[str]]]


def train(data: list[Example], classes: tuple[str, ...], firsts: list[list[str]] | None = None) -> dict[str, dict[str, float]]:
    """Averaged perceptron weights; with `firsts` (first-pass tags per sentence) the second pass."""
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    stamps: dict[tuple[str, str], int] = defaultdict(int)
    step = 0
    rng = random.Random(17)
    order = list(range(len(data)))
    for _ in range(ITERATIONS):
        rng.shuffle(order)
        for n in order:
            gold, lows, statics = data[n]
            prev, prev2 = tagger.START
            for i in range(len(gold)):
                step += 1
                feats = tagger.features(statics, lows, i, prev, prev2)
                if firsts is not None:
                    feats = tagger.right(feats, firsts[n], i)
                guess = tagger.predict(weights, classes, feats)
                if guess != gold[i]:
                    for f in feats:
                        for c, d in ((gold[i], 1.0), (guess, -1.0)):
                            key = (f, c)
                            w = weights[f].get(c, 0.0)
                            totals[key] += (step - stamps[key]) * w
                            stamps[key] = step
                            weights[f][c] = w + d
                prev2, prev = prev, guess
    averaged: dict[str, dict[str, float]] = {}
    for f, row in weights.items():
        for c, w in row.items():
            key = (f, c)
            avg = (totals[key] + (step - stamps[key]) * w) / step
            if abs(avg) >= MIN_WEIGHT:
                averaged.setdefault(f, {})[c] = round(avg, 2)
    return averaged


def two_passes(data: list[Example], classes: tuple[str, ...]) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """First-pass weights, and second-pass weights trained on jackknifed first-pass tags."""
    firsts: list[list[str]] = [[] for _ in data]
    for k in range(FOLDS):
        weights = train([d for i, d in enumerate(data) if i % FOLDS != k], classes)
        for i, (_, lows, statics) in enumerate(data):
            if i % FOLDS == k:
                firsts[i] = tagger.run(weights, classes, statics, lows)
    return train(data, classes), train(data, classes, firsts)


def accuracy(first: dict[str, dict[str, float]], second: dict[str, dict[str, float]], classes: tuple[str, ...],
             sentences: list[list[tuple[str, str]]], table: dict[str, tuple[str, float]]) -> tuple[float, float]:
    """Accuracy after the first and after the second pass (UPOS, AUX counted as VERB, no PUNCT)."""
    ok = [0, 0]
    total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for s in sentences:
        lows = [w.lower() for w, _ in s]
        statics = [tagger.static(w, lo, j == 0, table.get(lo)) for j, ((w, _), lo) in enumerate(zip(s, lows))]
        one = tagger.run(first, classes, statics, lows)
        two = tagger.run(second, classes, statics, lows, one)
        for (_, gold), a, b in zip(s, one, two):
            if gold == "PUNCT":
                continue
            total += 1
            g, pa, pb = (t.split(":")[0].replace("AUX", "VERB") for t in (gold, a, b))
            ok[0] += g == pa
            ok[1] += g == pb
            if g != pb:
                confusion[(g, pb)] += 1
    if os.environ.get("SHOW_CONFUSION"):
        print(confusion.most_common(12))
    return ok[0] / total, ok[1] / total


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ud = Path(args[0] if args else os.environ.get("OUTREACH_UD_DIR") or ROOT.parent.parent / "shared" / "ud-dutch")
    sentences = [s for path in sorted(ud.glob("*-ud-dev.conllu")) for s in read(path)]
    classes = tuple(sorted({t for s in sentences for _, t in s}))
    if "--check" in sys.argv:
        rng = random.Random(5)
        rng.shuffle(sentences)
        cut = len(sentences) * 4 // 5
        first, second = two_passes(examples(sentences[:cut], FOLDS), classes)
        one, two = accuracy(first, second, classes, sentences[cut:], ud_table(sentences[:cut]))
        print(f"dev 80/20: accuracy {one:.2%} after the first pass, {two:.2%} after the second")
        return
    first, second = two_passes(examples(sentences, FOLDS), classes)
    tagger.save(tagger.MODEL, first, second, classes, "Trained on the dev parts of UD_Dutch-Alpino and "
                "UD_Dutch-LassySmall (release May 2025), CC BY-SA 4.0; these weights are shared under CC BY-SA 4.0.")
    print(f"{len(sentences)} sentences, {len(first)} + {len(second)} features -> {tagger.MODEL}")


if __name__ == "__main__":
    main()
