"""Turn a split text and its findings into metrics and one difficulty score from 0 to 100.

The score (higher is harder) adds up what makes Dutch hard for readers who struggle:
sentence length, long and rare words, officialese, passive voice, nominalisations and
commas. The weights were set on the project's own development set of officialese
sentences and their plain rewrites (tests/readability/dev_pairs.py), nothing else.
Flesch-Douma is reported too, counted with our own splitting; it is not part of the score.
"""

from __future__ import annotations

import math

from .lexicon import lemma, syllables, zipf
from .profile import Profile
from .report import Finding
from .split import Document
from .verdict import hard_words

# Weights of the score; see the module docstring.
_W_SENTENCE = 1.3       # per word of average sentence length above 4
_W_SENTENCE_MAX = 40.0
_W_SYLLABLES = 20.0     # per syllable beyond the first of each word, per word of a REF_SENTENCE sentence, above 0.3
_W_LONG_WORDS = 45.0    # times the share of words with 4 or more syllables
_W_OFFICIALESE = 5.0    # per officialese hit per 100 words
_W_PASSIVE = 14.0       # times the share of passive sentences
_W_RARE = 70.0          # times the share of rare words
_W_NOMINAL = 2.0        # per nominalisation per 100 words
_W_COMMAS = 3.0         # per comma per sentence
_W_LETTERS = 3.0        # per letter of average word length above 4.5
_W_RARITY = 10.0        # per point of average word rarity (see _rarity)


def measure(doc: Document, findings: list[Finding], profile: Profile,
            known_words: frozenset[str] = frozenset()) -> dict[str, float | int]:
    """Counts and averages of the text; `known_words` (lower case) count as common words."""
    sentences = doc.sentences
    words = doc.words
    n_words, n_sentences = len(words), len(sentences)
    alpha = [w.text for w in words if w.is_alpha_word]
    syl = [syllables(w.lower()) for w in alpha] or [0]
    n_alpha = max(1, len(alpha))
    lengths = [len(s.words) for s in sentences] or [0]
    by_rule: dict[str, int] = {}
    weighted_officialese = 0.0  # a word of the "warn" list weighs half
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        if f.rule == "officialese":
            weighted_officialese += 1.0 if f.severity == "fail" else 0.5
    avg = doc.average_length()
    spw = sum(syl) / n_alpha
    commas = sum(1 for s in sentences for tok in s.tokens if tok.text == ",")
    known = profile.known_words | known_words
    # how uncommon the words are: 0 for the most common words, 6 for unknown ones
    deficit = [_rarity(w.lower(), known) for w in alpha]
    per100 = 100.0 / max(n_words, 1)
    # The score weighs word difficulty as a load per sentence (the *_load metrics), not as a share
    # of all words: a concise rewrite that drops "het", "van de" or "gaat over tot" but keeps a
    # necessary hard word (bijstand, omgevingsplan) must not look denser in hard words than the
    # long original. Expressed per word of a sentence of REF_SENTENCE words, so the weights keep
    # their scale. The shares (per word, per 100 words) stay for people reading the metrics.
    per_ref = 1.0 / max(1, n_sentences * REF_SENTENCE)
    long_words = sum(1 for n in syl if n >= 4)
    long_at = int(profile.get("sentences", "max_words_fail"))  # a long sentence, for the verdict
    long_sentences = sum(1 for n in lengths if n > long_at)
    hard = hard_words(findings)
    return {
        "words": n_words,
        "sentences": n_sentences,
        "paragraphs": len(doc.paragraphs),
        "avg_sentence_words": round(avg, 2),
        "max_sentence_words": max(lengths),
        "long_sentences": long_sentences,
        "long_sentence_share": round(long_sentences / n_sentences, 3) if n_sentences else 0.0,
        "hard_words": round(hard, 1),
        "hard_words_per_100": round(hard * per100, 2),
        "syllables_per_word": round(spw, 3),
        "long_words": long_words,
        "long_word_share": round(long_words / n_alpha, 3),
        "long_word_load": round(long_words * per_ref, 3),
        "syllable_load": round(sum(max(0, n - 1) for n in syl) * per_ref, 3),
        "avg_word_letters": round(sum(len(w) for w in alpha) / n_alpha, 2),
        "flesch_douma": round(206.835 - 0.93 * avg - 77.0 * spw, 1) if n_sentences else 0.0,
        "word_rarity": round(sum(deficit) / n_alpha, 3),
        "word_rarity_load": round(sum(deficit) * per_ref, 3),
        "commas_per_sentence": round(commas / n_sentences, 2) if n_sentences else 0.0,
        "officialese": by_rule.get("officialese", 0),
        "officialese_per_100_words": round(weighted_officialese * per100, 2),
        "officialese_load": round(weighted_officialese * per_ref * 100, 2),
        "passive": by_rule.get("passive", 0),
        "passive_share": round(by_rule.get("passive", 0) / n_sentences, 3) if n_sentences else 0.0,
        "rare_words": by_rule.get("rare-word", 0),
        "rare_word_share": round(by_rule.get("rare-word", 0) / n_alpha, 3),
        "rare_word_load": round(by_rule.get("rare-word", 0) * per_ref, 3),
        "nominalisations": by_rule.get("nominalisation", 0),
        "nominalisations_per_100_words": round(by_rule.get("nominalisation", 0) * per100, 2),
        "nominalisation_load": round(by_rule.get("nominalisation", 0) * per_ref * 100, 2),
        "compounds": by_rule.get("compound", 0),
    }


REF_SENTENCE = 9   # words; chosen on the tune part of benchmarks/data/public_pairs.toml
RARITY_TOP = 5.5   # words at least this common (Zipf) count as easy
RARITY_CAP = 3.5   # unknown words count as this uncommon
RARITY_POWER = 2.0


def _rarity(word: str, known: frozenset[str]) -> float:
    """How uncommon a word is: 0 for common words, growing faster for rarer ones."""
    if word in known:
        return 0.0
    common = max(zipf(word), zipf(lemma(word)))  # 'belde' is as easy as 'bellen' to a reader who knows the verb
    return float(min(RARITY_CAP, max(0.0, RARITY_TOP - common)) ** RARITY_POWER)


def score(m: dict[str, float | int]) -> float:
    """Difficulty from 0 (very easy) to 100 (very hard)."""
    if not m["words"]:
        return 0.0
    parts = (
        min(_W_SENTENCE_MAX, max(0.0, float(m["avg_sentence_words"]) - 4) * _W_SENTENCE),
        max(0.0, float(m["syllable_load"]) - 0.3) * _W_SYLLABLES,
        float(m["long_word_load"]) * _W_LONG_WORDS,
        min(25.0, float(m["officialese_load"]) * _W_OFFICIALESE),
        float(m["passive_share"]) * _W_PASSIVE,
        min(15.0, float(m["rare_word_load"]) * _W_RARE),
        min(10.0, float(m["nominalisation_load"]) * _W_NOMINAL),
        min(8.0, float(m["commas_per_sentence"]) * _W_COMMAS),
        max(0.0, float(m["avg_word_letters"]) - 4.5) * _W_LETTERS,
        float(m["word_rarity_load"]) * _W_RARITY,
    )
    return round(_bounded(sum(parts)), 2)


_SOFT_FROM = 80.0  # above this the score bends towards 100 instead of stopping there


def _bounded(raw: float) -> float:
    """The sum of the parts on 0-100: linear up to _SOFT_FROM, then ever closer to 100 without
    reaching it, so that of two very hard texts the harder one still scores higher."""
    if raw <= _SOFT_FROM:
        return max(0.0, raw)
    room = 100.0 - _SOFT_FROM
    return _SOFT_FROM + room * (1.0 - math.exp(-(raw - _SOFT_FROM) / room))
