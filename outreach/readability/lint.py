"""Turn the sentences of a split text into LiNT-II features, score and level (1 easy - 4 very hard).

LiNT-II (Jenia Kim, https://github.com/vanboefer/lint_ii, EUPL-1.2) predicts how well adults
understand a Dutch text from four features per sentence: the mean log SUBTLEX frequency of the
content words (proper nouns and its skip list left out; a compound noun counts by its head),
the maximum syntactic dependency length, content words per clause (finite verb) and the
share of concrete nouns. We use its coefficients and level bounds (data/lint_ii.json) with our
own fast tags (pos.py) instead of spaCy. Without a parser the dependency length is estimated:
the longest stretch of words between the start of the sentence, its verbs and its end. The
figures are therefore close to, not equal to, lint-ii's own.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import lexicon, pos
from .split import Document, Sentence

ZERO_COUNT = 1.359228547196266  # SUBTLEX-NL Zipf of a word that never occurs


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((lexicon.DATA / "lint_ii.json").read_text(encoding="utf-8"))
    data["skip"] = frozenset(data["skiplist"])
    data["manner"] = frozenset(data["manner_adverbs"])
    return data


@dataclass(frozen=True, slots=True)
class Features:
    """The four LiNT-II features of a sentence or text; None where the text has none."""

    freq_log: float | None
    max_sdl: float | None
    content_per_clause: float | None
    concrete: float | None

    def score(self) -> float | None:
        """LiNT-II score 0-100 (higher is harder), or None when a feature is missing."""
        if None in (self.freq_log, self.max_sdl, self.content_per_clause, self.concrete):
            return None
        c = _data()["coefficients"]
        raw = (c["const"] + c["mean_log_word_freq"] * self.freq_log + c["mean_max_sdl"] * self.max_sdl
               + c["mean_content_words"] * self.content_per_clause + c["proportion_concrete"] * self.concrete)
        return round(min(100.0, max(0.0, 100.0 - raw)), 1)


def level(score: float | None) -> int | None:
    """LiNT-II level 1 (easy) to 4 (very hard) of a score."""
    if score is None:
        return None
    return 1 + sum(score >= bound for bound in _data()["levels"])


@dataclass(frozen=True, slots=True)
class _Counts:
    freqs: list[float]
    sdl: int | None
    content: int
    finite: int
    concrete: int
    nouns: int


def _count(sentence: Sentence) -> _Counts:
    words = [w for w in sentence.words if w.is_alpha_word or any(c.isalpha() for c in w.text)]
    lowered = [w.text.lower() for w in words]
    tags = pos.tags(lowered, [w.text[:1].isupper() for w in words])
    data = _data()
    freqs: list[float] = []
    content = finite = concrete = nouns = 0
    for w, tag in zip(lowered, tags):
        finite += tag in pos.FINITE
        if tag in pos.CONTENT or w in data["manner"]:
            content += 1
            if tag != "PROPN" and w not in data["skip"] and lexicon.lemma(w) not in data["skip"]:
                noun = lexicon.noun(w) if tag == "NOUN" else None
                key = noun[1] if noun and noun[1] else w
                z = lexicon.spoken_zipf(key)
                freqs.append(z if z > 0 else ZERO_COUNT)
        if tag == "NOUN":
            kind = lexicon.noun(w) or lexicon.noun(lexicon.lemma(w))
            if kind is not None:
                nouns += 1
                concrete += kind[0] == "c"
    verbs = [i for i, tag in enumerate(tags) if tag.startswith(("VERB", "AUX"))]
    sdl = None
    if len(words) >= 2:
        anchors = [0, *verbs, len(words) - 1] if verbs else [0, len(words) - 1]
        sdl = max(1, max(b - a for a, b in zip(anchors, anchors[1:])))
    return _Counts(freqs, sdl, content, finite, concrete, nouns)


def _features(counts: list[_Counts]) -> Features:
    freqs = [f for c in counts for f in c.freqs]
    sdls = [c.sdl for c in counts if c.sdl is not None]
    finite = sum(c.finite for c in counts)
    nouns = sum(c.nouns for c in counts)
    return Features(
        freq_log=round(statistics.fmean(freqs), 3) if freqs else None,
        max_sdl=round(statistics.fmean(sdls), 2) if sdls else None,
        content_per_clause=round(sum(c.content for c in counts) / finite, 2) if finite else None,
        concrete=round(sum(c.concrete for c in counts) / nouns, 3) if nouns else None,
    )


def analyse(doc: Document) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """LiNT-II for the whole text and per sentence: features, score and level (None if unknown)."""
    counts = [_count(s) for s in doc.sentences]
    per_sentence = []
    for sentence, c in zip(doc.sentences, counts):
        f = _features([c])
        s = f.score()
        per_sentence.append({"start": sentence.start, "end": sentence.end, "score": s, "level": level(s),
                             **_as_dict(f)})
    whole = _features(counts)
    score = whole.score()
    return {"score": score, "level": level(score), **_as_dict(whole)}, per_sentence


def _as_dict(f: Features) -> dict[str, Any]:
    return {"freq_log": f.freq_log, "max_sdl": f.max_sdl, "content_per_clause": f.content_per_clause,
            "concrete": f.concrete}
